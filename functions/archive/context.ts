// Builds the archive job's dependencies from an environment: the events table and the stored
// reconciliation reports, the seals (to name the one vouching for the month) and the archive
// storage: ARCHIVE_BUCKET_NAME in the cloud, <DATA_DIR>/archive/ locally.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RECORDS_ENV } from '../shared/records';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { createReconciliationReports } from '../store/reconciliation-reports';
import { createReadModelQueries } from '../store/read-models/queries';
import { lockedObjectsFromEnv, sealStoreFromEnv } from '../seal/context';
import type { ArchiveDeps } from './month-archive';

export const ARCHIVE_DIR = 'archive';

export const archiveDepsFromEnv = (env: NodeJS.ProcessEnv = process.env, client: DynamoDBClient = createDynamoClient(env[ENV.dynamoEndpoint])): ArchiveDeps => ({
  store: createEventStore({ client, tableName: env[ENV.eventsTable] ?? EVENTS_TABLE.name }),
  reports: createReconciliationReports({ client, tableName: env[ENV.readTable] ?? READ_TABLE.name }),
  journal: createReadModelQueries({ client, tableName: env[ENV.readTable] ?? READ_TABLE.name }),
  seals: sealStoreFromEnv(env),
  objects: lockedObjectsFromEnv(RECORDS_ENV.archiveBucket, ARCHIVE_DIR, env),
});
