// BatchWriteItem of any number of requests, 25 at a time, `concurrency` calls in flight; unprocessed
// items are throttling, not failure, so they are resent (bounded, with a growing pause). Used by the
// read-model rebuild (deletes of the old items, puts of the rebuilt ones) and the local restore's
// table copy (puts).
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { eachConcurrently } from '../seal/each-concurrently';

const MAX_REQUESTS = 25;
const MAX_ATTEMPTS = 10;

export const batchWriteAll = async (client: DynamoDBClient, tableName: string, requests: readonly WriteRequest[], concurrency = 1): Promise<void> => {
  const chunks = Array.from({ length: Math.ceil(requests.length / MAX_REQUESTS) }, (_, i) => requests.slice(i * MAX_REQUESTS, (i + 1) * MAX_REQUESTS));
  await eachConcurrently(chunks, concurrency, async (chunk) => {
    let pending: WriteRequest[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`batch write to ${tableName}: ${pending.length} request(s) still unprocessed after ${MAX_ATTEMPTS} attempts`);
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  });
};
