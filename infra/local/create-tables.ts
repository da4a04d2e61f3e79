// Creates the events and read tables on DynamoDB Local from the same definitions the CDK stack
// uses (functions/shared/tables.ts), so the local and cloud tables cannot drift apart.
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { eventsTableDefinition, readTableDefinition, type TableDefinition } from '../../functions/shared/tables';

export interface CreateTablesOptions {
  eventsTableName?: string;
  readTableName?: string;
}

export interface CreatedTables {
  eventsTableName: string;
  readTableName: string;
}

/** Translates a shared table definition into the CreateTable request both stacks agree on. */
export const createTableInput = (definition: TableDefinition): CreateTableCommandInput => {
  const keys = [definition.partitionKey, definition.sortKey, ...definition.globalSecondaryIndexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey])];
  const attributeDefinitions = [...new Map(keys.map((key) => [key.name, key])).values()].map((key) => ({
    AttributeName: key.name,
    AttributeType: key.type,
  }));
  return {
    TableName: definition.tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(definition.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((gsi) => ({
            IndexName: gsi.indexName,
            KeySchema: [
              { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
    ...(definition.stream !== undefined
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }
      : {}),
  };
};

const tableExists = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

/** Creates one table unless it exists already (a restarted local stack keeps its tables). */
export const ensureTable = async (client: DynamoDBClient, definition: TableDefinition): Promise<void> => {
  if (await tableExists(client, definition.tableName)) return;
  try {
    await client.send(new CreateTableCommand(createTableInput(definition)));
  } catch (error) {
    // A concurrent creator won the race: the table is there, which is all we need.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};

/** Creates the events table (with its month GSI and NEW_IMAGE stream) and the read table; idempotent. */
export const createTables = async (client: DynamoDBClient, options: CreateTablesOptions = {}): Promise<CreatedTables> => {
  const events = eventsTableDefinition(options.eventsTableName);
  const read = readTableDefinition(options.readTableName);
  await Promise.all([ensureTable(client, events), ensureTable(client, read)]);
  return { eventsTableName: events.tableName, readTableName: read.tableName };
};
