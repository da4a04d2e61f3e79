// Reads one business month from the write-sharded month GSI. Each shard is queried lazily, a page
// at a time, and the shards are k-way merged by GSI sort key, so memory stays at shards × page size
// however large the month is, and every event comes out once, in recordedAt order.
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EVENTS_TABLE } from '../shared/tables';
import { type Item, fromEventItem, monthPartition } from './event-item';
import type { StoredEvent } from './types';

interface ShardCursor {
  partition: string;
  buffer: Item[];
  next: Item | undefined;
  exhausted: boolean;
}

export interface ReadMonthOptions {
  client: DynamoDBClient;
  tableName: string;
  shards: number;
  month: string;
  pageSize?: number;
}

const sortKeyOf = (item: Item): string => item[EVENTS_TABLE.monthIndex.sortKey]?.S ?? '';

export async function* readMonthEvents(options: ReadMonthOptions): AsyncGenerator<StoredEvent> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new Error(`readMonth: "${options.month}" is not YYYY-MM`);
  const { client, tableName, shards } = options;

  const refill = async (cursor: ShardCursor): Promise<void> => {
    while (cursor.buffer.length === 0 && !cursor.exhausted) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: EVENTS_TABLE.monthIndex.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': EVENTS_TABLE.monthIndex.partitionKey },
          ExpressionAttributeValues: { ':pk': { S: cursor.partition } },
          ExclusiveStartKey: cursor.next,
          Limit: options.pageSize,
        }),
      );
      cursor.buffer = page.Items ?? [];
      cursor.next = page.LastEvaluatedKey;
      cursor.exhausted = cursor.next === undefined;
    }
  };

  const cursors: ShardCursor[] = Array.from({ length: shards }, (_, shard) => ({
    partition: monthPartition(options.month, shard),
    buffer: [],
    next: undefined,
    exhausted: false,
  }));
  await Promise.all(cursors.map(refill));

  for (;;) {
    // Linear scan for the smallest head: shards are few (8), a heap would not pay off.
    let smallest: ShardCursor | undefined;
    for (const cursor of cursors) {
      const head = cursor.buffer[0];
      if (head === undefined) continue;
      const best = smallest?.buffer[0];
      if (best === undefined || sortKeyOf(head) < sortKeyOf(best)) smallest = cursor;
    }
    if (smallest === undefined) return;
    const item = smallest.buffer.shift();
    if (item !== undefined) yield fromEventItem(item);
    await refill(smallest);
  }
}

/**
 * Every event recorded in the same transaction as `event` (they share recordedAt and business date,
 * so they sit under one sort-key prefix of the month's shards): the entry a reversal reverses.
 */
export async function readRecordedTogether(
  options: Omit<ReadMonthOptions, 'month' | 'pageSize'>,
  event: Pick<StoredEvent, 'occurredOn' | 'recordedAt'>,
): Promise<StoredEvent[]> {
  const month = event.occurredOn.slice(0, 7);
  const pages = await Promise.all(
    Array.from({ length: options.shards }, async (_, shard) => {
      const items: Item[] = [];
      let startKey: Item | undefined;
      do {
        const page = await options.client.send(
          new QueryCommand({
            TableName: options.tableName,
            IndexName: EVENTS_TABLE.monthIndex.name,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :at)',
            ExpressionAttributeNames: { '#pk': EVENTS_TABLE.monthIndex.partitionKey, '#sk': EVENTS_TABLE.monthIndex.sortKey },
            ExpressionAttributeValues: { ':pk': { S: monthPartition(month, shard) }, ':at': { S: `${event.recordedAt}#` } },
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return items;
    }),
  );
  return pages.flat().sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? -1 : 1)).map(fromEventItem);
}
