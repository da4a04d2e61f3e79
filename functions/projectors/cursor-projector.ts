// The one cursor mechanism every consumer shares (DESIGN §3): a message means "stream S reached
// version v". The consumer keeps a cursor per stream, applies the missing versions in stream
// order (fetching them from the store, so a lost or reordered message leaves no gap) and writes
// each event's effects together with the advanced cursor in ONE transaction conditioned on the
// cursor it started from. A duplicate finds the cursor already past v; a concurrent worker makes
// the condition fail, and we re-read the cursor and carry on from wherever it got to.
import {
  type DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { type EventEnvelope, toEnvelope } from '../../events/envelope';
import type { StoredEvent } from '../store/types';
import { type Item, keyOf, numberOf } from '../store/read-models/items';
import { type ConsumerName, OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';

export const MAX_TRANSACTION_ITEMS = 100;
/** Bounds the search for the largest combinable chunk (events without effects would never fill one). */
const MAX_EVENTS_PER_TRANSACTION = 50;

/** What a projector needs from the event store (functions/store/event-store.ts EventStore fits). */
export interface EventSource {
  readStream(streamId: string, range: { fromVersion?: number; toVersion?: number }): Promise<StoredEvent[]>;
}

export interface ReadTable {
  client: DynamoDBClient;
  tableName: string;
}

/** A consumer's logic: the writes one event causes, besides the cursor. May read the table first. */
export interface Projection {
  consumer: ConsumerName;
  effects(event: EventEnvelope, table: ReadTable): Promise<TransactWriteItem[]> | TransactWriteItem[];
  /**
   * Optional: the merged writes of several consecutive events of one stream, for projections whose
   * effects read nothing (so they can be computed ahead and summed). Lets a gap fill or a rebuild
   * commit many events per transaction instead of one.
   */
  combinedEffects?(events: readonly EventEnvelope[], table: ReadTable): TransactWriteItem[];
}

/** The store has no such stream, or not up to the version the message claims: a poison message. */
export class StreamBehindMessage extends Error {
  override readonly name = 'StreamBehindMessage';
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly found: number | undefined,
  ) {
    super(`stream ${streamId}: expected version ${expected} in the store, found ${found ?? 'nothing'}`);
  }
}

export class TooManyEffects extends Error {
  override readonly name = 'TooManyEffects';
  constructor(consumer: string, event: string, items: number) {
    super(`${consumer}: ${event} needs ${items} transaction items, more than ${MAX_TRANSACTION_ITEMS}`);
  }
}

/** Gave up after repeated transaction conflicts; the message is redelivered later. */
export class ProjectionContended extends Error {
  override readonly name = 'ProjectionContended';
}

export interface ProjectOutcome {
  /** Versions this call applied (0 for a duplicate). */
  applied: number;
  cursor: number;
}

export interface CursorProjector {
  project(streamId: string, reachedVersion: number): Promise<ProjectOutcome>;
  readCursor(streamId: string): Promise<number>;
}

export interface CursorProjectorOptions {
  table: ReadTable;
  events: EventSource;
  projection: Projection;
  /** Attempts after a failed condition or a transaction conflict before giving up. */
  maxAttempts?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the cancellation was a lost race (condition or conflict), not a malformed request. */
const isRace = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');

export const cursorItem = (consumer: ConsumerName, streamId: string, version: number): Item => ({
  ...keyOf(readKeys.cursor(consumer, streamId)),
  version: { N: String(version) },
  [OWNER_ATTRIBUTE]: { S: consumer },
});

export const createCursorProjector = ({ table, events, projection, maxAttempts = 12 }: CursorProjectorOptions): CursorProjector => {
  const { client, tableName } = table;
  const consumer = projection.consumer;

  const readCursor = async (streamId: string): Promise<number> => {
    const { Item: item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: keyOf(readKeys.cursor(consumer, streamId)), ConsistentRead: true }),
    );
    return numberOf(item?.version);
  };

  /** Effects of some consecutive events + the cursor moving from `from` to the last one's version, all or nothing. */
  const commit = async (last: EventEnvelope, effects: TransactWriteItem[], from: number): Promise<void> => {
    if (effects.length + 1 > MAX_TRANSACTION_ITEMS) throw new TooManyEffects(consumer, `${last.streamId}@${last.version}`, effects.length + 1);
    const cursor: TransactWriteItem = {
      Put: {
        TableName: tableName,
        Item: cursorItem(consumer, last.streamId, last.version),
        ...(from === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: 'version = :from', ExpressionAttributeValues: { ':from': { N: String(from) } } }),
      },
    };
    await client.send(new TransactWriteItemsCommand({ TransactItems: [...effects, cursor] }));
  };

  /**
   * The events the next transaction commits: as many as fit in one transaction when the projection
   * can combine them (with their merged effects), otherwise exactly one (effects computed at commit).
   */
  const nextChunk = (events: readonly EventEnvelope[], start: number): { events: EventEnvelope[]; effects?: TransactWriteItem[] } => {
    const combine = projection.combinedEffects;
    if (combine === undefined) return { events: events.slice(start, start + 1) };
    let best = { events: events.slice(start, start + 1), effects: combine(events.slice(start, start + 1), table) };
    for (let end = start + 2; end <= Math.min(events.length, start + MAX_EVENTS_PER_TRANSACTION); end++) {
      const candidate = events.slice(start, end);
      const effects = combine(candidate, table);
      if (effects.length + 1 > MAX_TRANSACTION_ITEMS) break;
      best = { events: candidate, effects };
    }
    return best;
  };

  const project = async (streamId: string, reachedVersion: number): Promise<ProjectOutcome> => {
    let applied = 0;
    for (let attempt = 1; ; attempt++) {
      let cursor = await readCursor(streamId);
      if (cursor >= reachedVersion) return { applied, cursor };
      const stored = await events.readStream(streamId, { fromVersion: cursor + 1, toVersion: reachedVersion });
      // The message promises versions up to reachedVersion exist; anything less is not a race we can wait out here.
      const last = stored.at(-1)?.version;
      if (stored[0]?.version !== cursor + 1 || last !== reachedVersion) throw new StreamBehindMessage(streamId, reachedVersion, last);
      try {
        const envelopes = stored.map(toEnvelope);
        for (let i = 0; i < envelopes.length; ) {
          const chunk = nextChunk(envelopes, i);
          const last = chunk.events.at(-1) as EventEnvelope;
          await commit(last, chunk.effects ?? (await projection.effects(last, table)), cursor);
          cursor = last.version;
          applied += chunk.events.length;
          i += chunk.events.length;
        }
        return { applied, cursor };
      } catch (error) {
        if (!isRace(error)) throw error;
        if (attempt >= maxAttempts) throw new ProjectionContended(`${consumer}: ${streamId} still contended after ${attempt} attempts`);
        // Another worker moved the cursor or held an item we touch: back off a little, then re-read.
        await sleep(Math.floor(Math.random() * 10 * attempt));
      }
    }
  };

  return { project, readCursor };
};
