// Rebuilding a read model from scratch: wipe every item one consumer owns (its cursors included),
// then catch every stream of the store up to its head through the same cursor projector the live
// consumer uses, so the result is, item for item, what live projection produces.
// Run it with the consumer's event source paused (or on a fresh table): a live message landing
// mid-wipe would be applied and then wiped. Afterwards the live consumer simply finds its cursors
// current, and any message that arrived meanwhile is a harmless duplicate.
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { EVENT_KEYS } from '../shared/tables';
import { createEventStore } from '../store/event-store';
import type { Item } from '../store/read-models/items';
import { OWNER_ATTRIBUTE } from '../store/read-models/keys';
import { alertsProjection } from './alerts';
import { booksProjection } from './books';
import { createCursorProjector, type EventSource, type Projection } from './cursor-projector';
import { positionsProjection } from './positions';
import type { ConsumerName } from '../shared/routing';

export const PROJECTIONS: Readonly<Record<ConsumerName, Projection>> = {
  books: booksProjection,
  positions: positionsProjection,
  alerts: alertsProjection,
};

export interface RebuildOptions {
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  consumer: ConsumerName;
  events?: EventSource;
}

export interface RebuildResult {
  consumer: ConsumerName;
  itemsDeleted: number;
  streams: number;
  eventsApplied: number;
}

async function* scan(client: DynamoDBClient, input: ConstructorParameters<typeof ScanCommand>[0]): AsyncIterable<Item> {
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

const deleteAll = async (client: DynamoDBClient, tableName: string, keys: Item[]): Promise<void> => {
  for (let i = 0; i < keys.length; i += 25) {
    let pending: WriteRequest[] = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    // Unprocessed items are throttling, not failure: resend them (bounded, with a short pause).
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 10) throw new Error(`rebuild: ${pending.length} deletes still unprocessed after 10 attempts`);
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
};

/** Deletes every read-table item the consumer owns (read models and cursors). */
export const wipeReadModel = async (client: DynamoDBClient, readTableName: string, consumer: ConsumerName): Promise<number> => {
  const keys: Item[] = [];
  for await (const item of scan(client, {
    TableName: readTableName,
    FilterExpression: '#owner = :owner',
    ExpressionAttributeNames: { '#owner': OWNER_ATTRIBUTE },
    ExpressionAttributeValues: { ':owner': { S: consumer } },
    ProjectionExpression: 'PK, SK',
  })) {
    if (item.PK !== undefined && item.SK !== undefined) keys.push({ PK: item.PK, SK: item.SK });
  }
  await deleteAll(client, readTableName, keys);
  return keys.length;
};

/** Every stream of the store with its head version (a Scan of the heads: a rebuild reads everything anyway). */
export async function* streamHeads(client: DynamoDBClient, eventsTableName: string): AsyncIterable<{ streamId: string; version: number }> {
  for await (const item of scan(client, {
    TableName: eventsTableName,
    FilterExpression: 'SK = :head',
    ExpressionAttributeValues: { ':head': { S: EVENT_KEYS.head } },
    ProjectionExpression: 'PK, version',
  })) {
    const pk = item.PK?.S;
    const version = item.version?.N;
    if (pk?.startsWith(EVENT_KEYS.streamPrefix) && version !== undefined) {
      yield { streamId: pk.slice(EVENT_KEYS.streamPrefix.length), version: Number(version) };
    }
  }
}

export const rebuildReadModel = async ({ client, eventsTableName, readTableName, consumer, events }: RebuildOptions): Promise<RebuildResult> => {
  const itemsDeleted = await wipeReadModel(client, readTableName, consumer);
  const projector = createCursorProjector({
    table: { client, tableName: readTableName },
    events: events ?? createEventStore({ client, tableName: eventsTableName }),
    projection: PROJECTIONS[consumer],
  });
  let streams = 0;
  let eventsApplied = 0;
  for await (const head of streamHeads(client, eventsTableName)) {
    if (head.version === 0) continue;
    streams++;
    eventsApplied += (await projector.project(head.streamId, head.version)).applied;
  }
  return { consumer, itemsDeleted, streams, eventsApplied };
};

/** Rebuilds every consumer's read model, one after another. */
export const rebuildReadModels = async (options: Omit<RebuildOptions, 'consumer'>): Promise<RebuildResult[]> => {
  const results: RebuildResult[] = [];
  for (const consumer of Object.keys(PROJECTIONS) as ConsumerName[]) results.push(await rebuildReadModel({ ...options, consumer }));
  return results;
};
