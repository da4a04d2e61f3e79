// BatchWriteItem of any number of requests, 25 at a time; unprocessed items are throttling, not
// failure, so they are resent (bounded, with a growing pause). Used by the read-model rebuild (deletes)
// and the local restore's table copy (puts).
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';

export const batchWriteAll = async (client: DynamoDBClient, tableName: string, requests: readonly WriteRequest[]): Promise<void> => {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 10) throw new Error(`batch write to ${tableName}: ${pending.length} request(s) still unprocessed after 10 attempts`);
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
};
