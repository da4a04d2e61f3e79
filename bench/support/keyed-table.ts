// A bare PK/SK table (strings, on demand) for the benches that measure DynamoDB Local itself.
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const createKeyedTable = async (client: DynamoDBClient, tableName: string, options: { stream?: boolean } = {}): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(options.stream === true ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
    }),
  );
};
