// Paged scans of a table, and the one scan of the events table's stream heads that the read-model
// rebuild and the daily seal share. A head item holds the stream's version and last hash (DESIGN §2).
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EVENT_KEYS } from '../shared/tables';
import type { Item } from './event-item';

/** Every item a Scan returns, page by page (the caller's input may carry Segment/TotalSegments). */
export async function* scanItems(client: DynamoDBClient, input: ConstructorParameters<typeof ScanCommand>[0]): AsyncIterable<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/**
 * Every item a Scan returns, read by `segments` parallel scan segments (each pages on its own), in
 * no particular order: what reads a whole table in bulk (the restore drill's copy and its rebuild).
 */
export const scanAllItems = async (client: DynamoDBClient, input: ConstructorParameters<typeof ScanCommand>[0], segments: number): Promise<Item[]> => {
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, index) => {
      const items: Item[] = [];
      for await (const item of scanItems(client, { ...input, Segment: index, TotalSegments: segments })) items.push(item);
      return items;
    }),
  );
  return parts.flat();
};

export interface HeadOfStream {
  streamId: string;
  version: number;
  lastHash: string;
}

/** The stream heads of one scan segment (all of them when `segment` is absent). */
export async function* streamHeads(
  client: DynamoDBClient,
  eventsTableName: string,
  segment?: { index: number; of: number },
): AsyncIterable<HeadOfStream> {
  for await (const item of scanItems(client, {
    TableName: eventsTableName,
    FilterExpression: 'SK = :head',
    ExpressionAttributeValues: { ':head': { S: EVENT_KEYS.head } },
    ExpressionAttributeNames: { '#version': 'version' },
    ProjectionExpression: 'PK, #version, lastHash',
    ...(segment === undefined ? {} : { Segment: segment.index, TotalSegments: segment.of }),
  })) {
    const pk = item.PK?.S;
    const version = item.version?.N;
    if (pk?.startsWith(EVENT_KEYS.streamPrefix) && version !== undefined) {
      yield { streamId: pk.slice(EVENT_KEYS.streamPrefix.length), version: Number(version), lastHash: item.lastHash?.S ?? '' };
    }
  }
}

/**
 * Every stream head, read by `segments` parallel scan segments (a scan reads the whole table, events
 * included, so splitting it is what keeps a large table's head read short), sorted by stream id.
 */
export const readAllStreamHeads = async (client: DynamoDBClient, eventsTableName: string, segments = 4): Promise<HeadOfStream[]> => {
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, index) => {
      const heads: HeadOfStream[] = [];
      for await (const head of streamHeads(client, eventsTableName, { index, of: segments })) heads.push(head);
      return heads;
    }),
  );
  return parts.flat().sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
};
