// Builds the month-end job's dependencies from an environment (the Lambda's, or the local stack's),
// so the scheduled job and the on-demand route run the very same code against the same tables.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { createReconciliationReports } from '../store/reconciliation-reports';
import { createReadModelQueries } from '../store/read-models/queries';
import type { MonthEndDeps } from './reconcile';

export interface MonthEndTables {
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
}

export const tablesFromEnv = (env: NodeJS.ProcessEnv = process.env): MonthEndTables => ({
  client: createDynamoClient(env[ENV.dynamoEndpoint]),
  eventsTableName: env[ENV.eventsTable] ?? EVENTS_TABLE.name,
  readTableName: env[ENV.readTable] ?? READ_TABLE.name,
});

export const monthEndDeps = ({ client, eventsTableName, readTableName }: MonthEndTables, extra: Partial<MonthEndDeps> = {}): MonthEndDeps => ({
  store: createEventStore({ client, tableName: eventsTableName }),
  queries: createReadModelQueries({ client, tableName: readTableName }),
  reports: createReconciliationReports({ client, tableName: readTableName }),
  ...extra,
});
