// What routes work with, built once per cold start (or per local stack) from the environment.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shanghaiToday } from '../../domain/dates';
import { EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createCommands, type Commands } from '../commands';
import { createEventStore, type EventStore } from '../store/event-store';
import { createReadModelQueries, type ReadModelQueries } from '../store/read-models/queries';
import { type InProcessMonthEndDeps, inProcessMonthEnd, type MonthEndStarter } from './month-end-starter';

export interface ApiDeps {
  store: EventStore;
  queries: ReadModelQueries;
  commands: Commands;
  /** The read table itself, for the month-end routes (reports). Optional so hand-built deps need not name it. */
  readTable?: { client: DynamoDBClient; tableName: string };
  /** Starts a month-end run: the month-end function in the cloud, in process locally. */
  monthEnd: MonthEndStarter;
  /** Today's business date (Asia/Shanghai); injectable so tests can pin it. */
  today: () => string;
}

export interface DepsConfig {
  client: DynamoDBClient;
  eventsTableName?: string;
  readTableName?: string;
  now?: () => Date;
  /** Default: runs month end in process (the local stack, tests); the Lambda passes lambdaMonthEnd. */
  monthEnd?: MonthEndStarter;
  /** Seals the in-process month end checks (the local stack's <DATA_DIR>/seals/). */
  seals?: InProcessMonthEndDeps['seals'];
}

export const createDeps = ({ client, eventsTableName = EVENTS_TABLE.name, readTableName = READ_TABLE.name, now = () => new Date(), monthEnd, seals }: DepsConfig): ApiDeps => {
  const store = createEventStore({ client, tableName: eventsTableName, now });
  const queries = createReadModelQueries({ client, tableName: readTableName });
  const readTable = { client, tableName: readTableName };
  return {
    store,
    queries,
    readTable,
    commands: createCommands(store, {}, () => shanghaiToday(now())),
    monthEnd: monthEnd ?? inProcessMonthEnd({ store, queries, readTable, ...(seals === undefined ? {} : { seals }) }),
    today: () => shanghaiToday(now()),
  };
};
