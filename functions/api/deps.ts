// What routes work with, built once per cold start (or per local stack) from the environment.
// Every API function has the store, the queries and the read table (createBaseDeps); what its
// routes use beyond those, its route group adds (routes/api-group.ts: the commands and the
// month-end function), so a function's bundle holds only what its routes run.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shanghaiToday } from '../../domain/dates';
import { EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createCommands, type Commands } from '../commands';
import { createEventStore, type EventStore } from '../store/event-store';
import { createReadModelQueries, type ReadModelQueries } from '../store/read-models/queries';
import type { OperationExample } from './examples/operation-example';
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
  /**
   * The examples the OpenAPI document shows (functions/api/examples): the local stack passes the
   * module, the main API Lambda the JSON its bundle carries; absent, the document has none.
   */
  operationExamples?: () => readonly OperationExample[];
}

export type BaseDeps = Omit<ApiDeps, 'commands' | 'monthEnd'>;

export interface BaseDepsConfig {
  client: DynamoDBClient;
  eventsTableName?: string;
  readTableName?: string;
  now?: () => Date;
}

export interface DepsConfig extends BaseDepsConfig {
  /** Default: runs month end in process (the local stack, tests); the main API Lambda passes lambdaMonthEnd. */
  monthEnd?: MonthEndStarter;
  /** Seals the in-process month end checks (the local stack's <DATA_DIR>/seals/). */
  seals?: InProcessMonthEndDeps['seals'];
  /** Commands decide first from what this process remembers (PipelineOptions.decideFromMemory): the local stack, one process seeing every command. */
  decideFromMemory?: boolean;
}

type ReadTable = NonNullable<ApiDeps['readTable']>;

export const createBaseDeps = ({ client, eventsTableName = EVENTS_TABLE.name, readTableName = READ_TABLE.name, now = () => new Date() }: BaseDepsConfig): BaseDeps & { readTable: ReadTable } => ({
  store: createEventStore({ client, tableName: eventsTableName, now }),
  queries: createReadModelQueries({ client, tableName: readTableName }),
  readTable: { client, tableName: readTableName },
  today: () => shanghaiToday(now()),
});

/** The commands over the base's store, dated by its clock. */
export const commandsOf = (base: BaseDeps, decideFromMemory = false): Commands => createCommands(base.store, {}, base.today, { decideFromMemory });

/** Everything, month end in process unless given: the local stack and the tests. */
export const createDeps = (config: DepsConfig): ApiDeps => {
  const base = createBaseDeps(config);
  const { store, queries, readTable } = base;
  const { seals } = config;
  return {
    ...base,
    commands: commandsOf(base, config.decideFromMemory),
    monthEnd: config.monthEnd ?? inProcessMonthEnd({ store, queries, readTable, ...(seals === undefined ? {} : { seals }) }),
  };
};

/** A stand-in for what a function does not have: any use fails loudly instead of reaching the wrong function's code. */
const notInThisFunction = <T extends object>(what: string): T =>
  new Proxy({} as T, {
    get: (_target, key) => {
      // Promise resolution and inspection probe objects; only a real use should fail.
      if (typeof key === 'symbol' || key === 'then') return undefined;
      throw new Error(`${what} are not part of this API function (asked for ${key}): its routes must not use them`);
    },
  });

/** The deps of a function whose routes run no command and start no month end (apiFiles): the base's own fields only. */
export const baseOnlyDeps = ({ store, queries, readTable, today }: BaseDeps): ApiDeps => ({
  store,
  queries,
  today,
  readTable,
  commands: notInThisFunction<Commands>('commands'),
  monthEnd: notInThisFunction<MonthEndStarter>('month-end runs'),
});
