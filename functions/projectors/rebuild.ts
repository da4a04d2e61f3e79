// Rebuilding a read model from scratch: wipe every item one consumer owns (its cursors included),
// then catch every stream of the store up to its head through the same cursor projector the live
// consumer uses, so the result is, item for item, what live projection produces.
// Run it with the consumer's event source paused (or on a fresh table): a live message landing
// mid-wipe would be applied and then wiped. Afterwards the live consumer simply finds its cursors
// current, and any message that arrived meanwhile is a harmless duplicate.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { batchWriteAll } from '../store/batch-write';
import { createEventStore, type EventStore } from '../store/event-store';
import { scanItems as scan, streamHeads } from '../store/scan';
import type { Item } from '../store/read-models/items';
import { OWNER_ATTRIBUTE } from '../store/read-models/keys';
import { readPolicyBook } from '../commands/policy-stream';
import { createAlertsProjection } from './alerts';
import { booksProjection } from './books';
import { createCursorProjector, type EventSource, type Projection } from './cursor-projector';
import { positionsProjection } from './positions';
import type { ConsumerName } from '../shared/routing';

/**
 * Each consumer's projection over the store. The alerts projection reads the policy book for its
 * thresholds and, rebuilt, judges nothing: the alert streams it would move are in the store already.
 */
export const projectionOf = (consumer: ConsumerName, store: Pick<EventStore, 'readHead' | 'readStream'>): Projection =>
  consumer === 'alerts' ? createAlertsProjection({ policyBook: () => readPolicyBook(store) }) : consumer === 'books' ? booksProjection : positionsProjection;
export const CONSUMER_NAMES: readonly ConsumerName[] = ['books', 'positions', 'alerts'];

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
  await batchWriteAll(client, readTableName, keys.map((Key) => ({ DeleteRequest: { Key } })));
  return keys.length;
};

export { streamHeads };

export const rebuildReadModel = async ({ client, eventsTableName, readTableName, consumer, events }: RebuildOptions): Promise<RebuildResult> => {
  const itemsDeleted = await wipeReadModel(client, readTableName, consumer);
  const store = createEventStore({ client, tableName: eventsTableName });
  const projector = createCursorProjector({
    table: { client, tableName: readTableName },
    events: events ?? store,
    projection: projectionOf(consumer, store),
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
  for (const consumer of CONSUMER_NAMES) results.push(await rebuildReadModel({ ...options, consumer }));
  return results;
};
