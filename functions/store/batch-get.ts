// Consistent BatchGetItem of any number of keys, 100 at a time (the chunks concurrently);
// unprocessed keys are throttling, not failure, so they are asked again (bounded, with a growing
// pause). Used by the projectors for cursors and for the events of a batch's gaps.
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

const MAX_KEYS = 100;
const MAX_ATTEMPTS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The items found, in no particular order; keys with no item are simply absent. */
export const batchGetAll = async (client: DynamoDBClient, tableName: string, keys: readonly Item[]): Promise<Item[]> => {
  const chunks = Array.from({ length: Math.ceil(keys.length / MAX_KEYS) }, (_, i) => keys.slice(i * MAX_KEYS, (i + 1) * MAX_KEYS));
  const found = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Item[] = [];
      let pending: Item[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === MAX_ATTEMPTS) throw new Error(`batch get from ${tableName}: ${pending.length} key(s) still unprocessed after ${MAX_ATTEMPTS} attempts`);
        if (attempt > 0) await sleep(20 * attempt);
        const answer = await client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
        items.push(...(answer.Responses?.[tableName] ?? []));
        pending = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
      return items;
    }),
  );
  return found.flat();
};
