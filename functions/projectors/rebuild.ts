// Rebuilding a read model from scratch: wipe every item one consumer owns (its cursors included),
// then catch every stream of the store up to its head through the same cursor projector and the same
// projection the live consumer uses, so the result is, item for item, what live projection produces.
// The catch-up runs against an in-memory copy of the consumer's part of the read table
// (functions/store/memory-table.ts), fed from the events table read once into memory
// (functions/store/loaded-events.ts); only then are its items written, by parallel BatchWriteItem
// calls. A consumer reads only its own items, which the wipe has just removed, so starting from an
// empty memory is the same as starting from the wiped table: the consistent read and transaction per
// chunk of events that live projection needs for concurrency become memory operations, and the
// table sees one write per item of the result.
// Run it with the consumer's event source paused (or on a fresh table): a live message landing
// mid-wipe would be applied and then wiped. Afterwards the live consumer simply finds its cursors
// current, and any message that arrived meanwhile is a harmless duplicate. Interrupted, it leaves
// the read model partly written: run it again (it wipes first). The events table is only read.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { batchWriteAll } from '../store/batch-write';
import type { EventStore } from '../store/event-store';
import { type LoadedEvents, loadEvents } from '../store/loaded-events';
import { createMemoryTable } from '../store/memory-table';
import { scanItems as scan, streamHeads } from '../store/scan';
import type { Item } from '../store/read-models/items';
import { OWNER_ATTRIBUTE } from '../store/read-models/keys';
import { readPolicyBook } from '../commands/policy-stream';
import { createAlertsProjection } from './alerts';
import { booksProjection } from './books';
import { createCursorProjector, type Projection } from './cursor-projector';
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
  /** The events table already read into memory (the restore drill shares one read with its chain checks). */
  events?: LoadedEvents;
  /** BatchWriteItem calls in flight per consumer, for its wipe and for its rebuilt items (default 8). */
  writeConcurrency?: number;
}

export interface RebuildResult {
  consumer: ConsumerName;
  itemsDeleted: number;
  streams: number;
  eventsApplied: number;
  itemsWritten: number;
}

/** Deletes every read-table item the consumer owns (read models and cursors). */
export const wipeReadModel = async (client: DynamoDBClient, readTableName: string, consumer: ConsumerName, concurrency = 1): Promise<number> => {
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
  await batchWriteAll(client, readTableName, keys.map((Key) => ({ DeleteRequest: { Key } })), concurrency);
  return keys.length;
};

export { streamHeads };

/** The consumer's read-model items as live projection of every stream up to its head leaves them. */
export const replayInMemory = async (consumer: ConsumerName, events: LoadedEvents, readTableName: string): Promise<{ items: Item[]; streams: number; eventsApplied: number }> => {
  const memory = createMemoryTable(readTableName);
  try {
    const projector = createCursorProjector({ table: { client: memory.client, tableName: readTableName }, events, projection: projectionOf(consumer, events) });
    let streams = 0;
    let eventsApplied = 0;
    for (const head of events.heads) {
      if (head.version === 0) continue;
      streams++;
      eventsApplied += (await projector.project(head.streamId, head.version)).applied;
    }
    return { items: memory.items(), streams, eventsApplied };
  } finally {
    memory.client.destroy();
  }
};

/**
 * Rebuilds consumers' read models from one read of the events table. Each consumer's wipe starts at
 * once; its items are written when both its wipe and its replay are done (never before the wipe, which
 * would delete them), while the next consumer replays: the replays use this process's CPU, the wipes
 * and writes DynamoDB's.
 */
const rebuildConsumers = async (options: Omit<RebuildOptions, 'consumer'>, consumers: readonly ConsumerName[]): Promise<RebuildResult[]> => {
  const { client, eventsTableName, readTableName, writeConcurrency = 8 } = options;
  const source = options.events ?? (await loadEvents(client, eventsTableName));
  const wipes = new Map(consumers.map((consumer) => [consumer, wipeReadModel(client, readTableName, consumer, writeConcurrency)]));
  // A replay never fails on DynamoDB, but a wipe may fail while replays run: awaited below, never unhandled.
  for (const wipe of wipes.values()) wipe.catch(() => undefined);
  const written: Promise<RebuildResult>[] = [];
  try {
    for (const consumer of consumers) {
      const replayed = await replayInMemory(consumer, source, readTableName);
      const wipe = wipes.get(consumer) as Promise<number>;
      written.push(
        wipe.then(async (itemsDeleted) => {
          await batchWriteAll(client, readTableName, replayed.items.map((Item) => ({ PutRequest: { Item } })), writeConcurrency);
          return { consumer, itemsDeleted, streams: replayed.streams, eventsApplied: replayed.eventsApplied, itemsWritten: replayed.items.length };
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled([...wipes.values(), ...written]);
    throw error;
  }
  // Settle every write before answering, so that once this fails nothing of it is still writing.
  const settled = await Promise.allSettled(written);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<RebuildResult>).value);
};

export const rebuildReadModel = async (options: RebuildOptions): Promise<RebuildResult> => (await rebuildConsumers(options, [options.consumer]))[0] as RebuildResult;

/** Rebuilds every consumer's read model (books, positions, alerts) from one read of the events table. */
export const rebuildReadModels = (options: Omit<RebuildOptions, 'consumer'>): Promise<RebuildResult[]> => rebuildConsumers(options, CONSUMER_NAMES);
