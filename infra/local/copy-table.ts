// The local stand-in for an AWS Backup restore (docs/deploy.md, "Restore drill"): a new table with
// the same definition, filled with every item of the source by a paged scan and batch writes.
import { CreateTableCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { batchWriteAll } from '../../functions/store/batch-write';
import { scanItems } from '../../functions/store/scan';
import type { TableDefinition } from '../../functions/shared/tables';
import { createTableInput } from './create-tables';

/** Creates `definition.tableName` and copies every item of `source` into it; returns the item count. */
export const copyTable = async (client: DynamoDBClient, source: string, definition: TableDefinition): Promise<number> => {
  await client.send(new CreateTableCommand(createTableInput(definition)));
  let batch: WriteRequest[] = [];
  let count = 0;
  for await (const item of scanItems(client, { TableName: source, ConsistentRead: true })) {
    batch.push({ PutRequest: { Item: item } });
    count++;
    if (batch.length === 500) {
      await batchWriteAll(client, definition.tableName, batch);
      batch = [];
    }
  }
  await batchWriteAll(client, definition.tableName, batch);
  return count;
};
