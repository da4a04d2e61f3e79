// What routes work with, built once per cold start (or per local stack) from the environment.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shanghaiToday } from '../../domain/dates';
import { EVENTS_TABLE, READ_TABLE } from '../../infra/shared/tables';
import { createCommands, type Commands } from '../commands';
import { createEventStore, type EventStore } from '../store/event-store';
import { createReadModelQueries, type ReadModelQueries } from '../store/read-models/queries';

export interface ApiDeps {
  store: EventStore;
  queries: ReadModelQueries;
  commands: Commands;
  /** The read table itself, for the month-end routes (reports, on-demand reconciliation). Optional so hand-built deps need not name it. */
  readTable?: { client: DynamoDBClient; tableName: string };
  /** Today's business date (Asia/Shanghai); injectable so tests can pin it. */
  today: () => string;
}

export interface DepsConfig {
  client: DynamoDBClient;
  eventsTableName?: string;
  readTableName?: string;
  now?: () => Date;
}

export const createDeps = ({ client, eventsTableName = EVENTS_TABLE.name, readTableName = READ_TABLE.name, now = () => new Date() }: DepsConfig): ApiDeps => {
  const store = createEventStore({ client, tableName: eventsTableName, now });
  return {
    store,
    queries: createReadModelQueries({ client, tableName: readTableName }),
    readTable: { client, tableName: readTableName },
    commands: createCommands(store),
    today: () => shanghaiToday(now()),
  };
};
