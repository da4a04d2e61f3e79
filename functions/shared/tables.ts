// Table, key and index definitions shared by the CDK stack, the local stack and the store.
// Defined once here so the cloud and local tables can never drift apart.

export const EVENTS_TABLE = {
  /** Default physical name; the CDK stack passes the real name to functions through EVENTS_TABLE_NAME. */
  name: 'fund-ledger-events',
  partitionKey: 'PK',
  sortKey: 'SK',
  monthIndex: {
    name: 'GSI1',
    partitionKey: 'GSI1PK',
    sortKey: 'GSI1SK',
  },
  /** Writes for one business month are spread over this many GSI partitions. */
  monthShards: 8,
  streamViewType: 'NEW_IMAGE',
} as const;

export const READ_TABLE = {
  name: 'fund-ledger-read',
  partitionKey: 'PK',
  sortKey: 'SK',
} as const;

/** Key prefixes of the events table (DESIGN §2). */
export const EVENT_KEYS = {
  streamPrefix: 'S#',
  eventPrefix: 'E#',
  head: 'HEAD',
  /** Beside a period stream's head (`S#period-<fundId>-<yyyy-mm>`): the month's voucher counter, {next}. */
  vouchers: 'VOUCHERS',
  idempotencyPrefix: 'IDEM#',
  idempotencySortKey: 'IDEM',
  monthPrefix: 'M#',
  /** Versions are zero-padded so that SK order is version order. */
  versionDigits: 10,
} as const;

export interface KeyAttribute {
  name: string;
  type: 'S';
}

export interface TableDefinition {
  tableName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: { indexName: string; partitionKey: KeyAttribute; sortKey: KeyAttribute }[];
  stream?: 'NEW_IMAGE';
}

export const eventsTableDefinition = (tableName: string = EVENTS_TABLE.name): TableDefinition => ({
  tableName,
  partitionKey: { name: EVENTS_TABLE.partitionKey, type: 'S' },
  sortKey: { name: EVENTS_TABLE.sortKey, type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: EVENTS_TABLE.monthIndex.name,
      partitionKey: { name: EVENTS_TABLE.monthIndex.partitionKey, type: 'S' },
      sortKey: { name: EVENTS_TABLE.monthIndex.sortKey, type: 'S' },
    },
  ],
  stream: EVENTS_TABLE.streamViewType,
});

export const readTableDefinition = (tableName: string = READ_TABLE.name): TableDefinition => ({
  tableName,
  partitionKey: { name: READ_TABLE.partitionKey, type: 'S' },
  sortKey: { name: READ_TABLE.sortKey, type: 'S' },
  globalSecondaryIndexes: [],
});

/** Environment variable names through which functions learn their resources. */
export const ENV = {
  eventsTable: 'EVENTS_TABLE_NAME',
  readTable: 'READ_TABLE_NAME',
  busName: 'EVENT_BUS_NAME',
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  /** Set on the API function only: POST /v1/reconciliations hands the run to this function. */
  monthEndFunction: 'MONTH_END_FUNCTION_NAME',
  /**
   * Set on the request-serving functions only: the role whose city-tagged sessions are their only way
   * into DynamoDB (functions/store/tenant-credentials.ts). Absent locally and on consumers and jobs.
   */
  tenantRoleArn: 'TENANT_ROLE_ARN',
} as const;
