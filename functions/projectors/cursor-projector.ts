// The one cursor mechanism every consumer shares (DESIGN §3): a message means "stream S reached
// version v". The consumer keeps a cursor per stream, applies the missing versions in stream
// order (fetching them from the store, so a lost or reordered message leaves no gap) and writes
// each event's effects together with the advanced cursor in ONE transaction conditioned on the
// cursor it started from. A duplicate finds the cursor already past v; a concurrent worker makes
// the condition fail, and we re-read the cursor and carry on from wherever it got to.
// A catch-up goes to the stream's head, not just to v, so under a backlog one message applies
// (in few transactions) what its queued successors name, and they find the cursor past them.
// Projections whose effects read nothing (books), or only items their own stream owns (positions),
// may first try a whole batch's streams together (projectTogether): one read of every gap (and of
// those items) and one transaction for many streams, each stream's cursor conditioned as above;
// whatever that does not settle takes the per-stream path. Projections that must go stream by
// stream (alerts) still read a batch's gaps in one request first (readAhead).
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { type EventEnvelope, toEnvelope } from '../../events/envelope';
import { batchGetAll } from '../store/batch-get';
import { createInTurn } from './in-turn';
import type { VersionRange } from '../store/read-versions';
import type { StoredEvent } from '../store/types';
import { type Item, keyOf, numberOf, stringOf } from '../store/read-models/items';
import { type ConsumerName, OWNER_ATTRIBUTE, readKeys } from '../store/read-models/keys';

export const MAX_TRANSACTION_ITEMS = 100;
/** Bounds the search for the largest combinable chunk (events without effects would never fill one). */
const MAX_EVENTS_PER_TRANSACTION = 50;
/** Bounds the projector's memory of cursors (one entry per stream it has seen). */
const MAX_KNOWN_CURSORS = 10_000;

/** What a projector needs from the event store (functions/store/event-store.ts EventStore fits). */
export interface EventSource {
  readStream(streamId: string, range: { fromVersion?: number; toVersion?: number }): Promise<StoredEvent[]>;
  /** Optional: given versions of several streams in one read; without it, projectTogether reads each stream. */
  readVersions?(ranges: readonly VersionRange[]): Promise<StoredEvent[]>;
}

export interface ReadTable {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * The opening events (version 1) of streams the events refer to, by stream id: what a projection
 * that declares `openingOf` is handed. Stored events never change, so this is as deterministic as
 * the events themselves (a rebuild sees the same), and the projector caches them for its life.
 */
export type Openings = ReadonlyMap<string, EventEnvelope>;
const NO_OPENINGS: Openings = new Map();

/** A consumer's logic: the writes one event causes, besides the cursor. May read the table first. */
export interface Projection {
  consumer: ConsumerName;
  /**
   * Optional: the stream whose opening event the effects of `event` read (the books read a loan's
   * borrower from its BridgeLoanGranted for the 摘要). The projector reads them ahead, so effects
   * and combinedEffects stay free of I/O.
   */
  openingOf?(event: EventEnvelope): string | undefined;
  effects(event: EventEnvelope, table: ReadTable, openings?: Openings): Promise<TransactWriteItem[]> | TransactWriteItem[];
  /**
   * Optional: the merged writes of several events, for projections whose effects read nothing (so
   * they can be computed ahead and summed): consecutive events of one stream, or of several streams
   * (each stream's in order) when a batch commits them together. Lets a gap fill, a rebuild or a
   * batch of many streams commit in one transaction instead of one per event.
   */
  combinedEffects?(events: readonly EventEnvelope[], table: ReadTable, openings?: Openings): TransactWriteItem[];
  /**
   * Optional, for projections whose effects read the table: the merged writes of the longest run
   * of `events` (consecutive, one stream, from the first; with sharedKeyOf also a batch's streams
   * of one key, each stream's in order: projectShared) that fits in maxItems items and touches
   * no item twice; taken (≥ 1) says how many events that run holds. Reads happen once per run, not
   * once per event, and the result must not depend on where runs are cut.
   */
  /**
   * True when effects read what other streams' events write (alerts: a fund's indicators). The
   * consumer then catches up the streams of a batch one after another in the batch's order, so a
   * given delivery always gives the same result; otherwise it runs them concurrently.
   */
  readsAcrossStreams?: boolean;
  /**
   * Optional: the item (key) an event's effects read and write back under a condition, shared with
   * other streams' events (alerts: the fund whose indicators it moves). Runs of one key take turns
   * within this process, from their reads to their commit: side by side they would only cancel each
   * other's transactions (measured on the demo: half the alerts' transactions were). Across processes
   * the conditions still decide, as before.
   */
  sharedKeyOf?(event: EventEnvelope): string | undefined;
  chunkEffects?(events: readonly EventEnvelope[], table: ReadTable, maxItems: number): Promise<{ taken: number; effects: TransactWriteItem[] }>;
  /**
   * Optional, for projections whose effects read only items their own stream owns (positions: one
   * position per stream, its updates serialised by that stream's cursor): the writes of each gap
   * (consecutive events of one stream, streams distinct), in order, with one read for all of them.
   * Lets a batch of many streams commit in one read and few transactions (projectTogether).
   */
  streamsEffects?(gaps: readonly (readonly EventEnvelope[])[], table: ReadTable): Promise<TransactWriteItem[][]>;
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
  /** `ahead`: the stream's gap as readAhead found it, used instead of a read when it starts at the cursor. */
  project(streamId: string, reachedVersion: number, ahead?: readonly StoredEvent[]): Promise<ProjectOutcome>;
  readCursor(streamId: string): Promise<number>;
  /** Several cursors by consistent BatchGetItem (one call per 100 streams); absent cursors read as 0. */
  readCursors(streamIds: readonly string[]): Promise<Map<string, number>>;
  /** Whether the cursor, as last read or written here, is unknown or already at reachedVersion. */
  needsRead(streamId: string, reachedVersion: number): boolean;
  /**
   * Brings several streams to their reachedVersion together, when the projection has
   * combinedEffects: one read of all their gaps and as few transactions as fit. Returns the streams
   * it settled; never throws: any stream it could not settle (cursor not known here, gap too long,
   * events missing, a transaction cancelled) is left to project(), which meets the same conditions.
   */
  projectTogether(targets: readonly ProjectTarget[]): Promise<Set<string>>;
  /**
   * For projections that catch streams up one by one (readsAcrossStreams): the gaps of the streams
   * whose cursor is known here, in one read, by stream, to hand to project(). Never throws: a gap it
   * could not read whole is left out, and project() reads it.
   */
  readAhead(targets: readonly ProjectTarget[]): Promise<Map<string, StoredEvent[]>>;
  /**
   * For projections whose streams share an item by key (sharedKeyOf) and whose runs merge
   * (chunkEffects): each key's streams in the batch, with the gaps read ahead, as ONE run in the
   * batch's order, committed with all their cursors in one transaction. Returns the streams it
   * settled; never throws: a key whose run does not fit whole, or fails, is left to project().
   */
  projectShared(targets: readonly ProjectTarget[], ahead: ReadonlyMap<string, readonly StoredEvent[]>): Promise<Set<string>>;
}

export interface ProjectTarget {
  streamId: string;
  reachedVersion: number;
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
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'));

export const cursorItem = (consumer: ConsumerName, streamId: string, version: number): Item => ({
  ...keyOf(readKeys.cursor(consumer, streamId)),
  version: { N: String(version) },
  [OWNER_ATTRIBUTE]: { S: consumer },
});

export const createCursorProjector = ({ table, events, projection, maxAttempts = 12 }: CursorProjectorOptions): CursorProjector => {
  const { client, tableName } = table;
  const consumer = projection.consumer;
  const inTurn = createInTurn();
  // Cursors this projector last read or wrote. Only ever a guess: a commit is still conditioned on
  // it, so a stale entry (another worker moved on, a rebuild reset the cursor) costs one failed
  // condition and a real read, never a wrong write. Saves the cursor read before each catch-up.
  const known = new Map<string, number>();
  const remember = (streamId: string, version: number): void => {
    if (known.size >= MAX_KNOWN_CURSORS) known.delete(known.keys().next().value as string);
    known.delete(streamId);
    known.set(streamId, version);
  };

  // Opening events read so far: immutable once stored, so a remembered one is never stale.
  const openingCache = new Map<string, EventEnvelope>();
  /** The opening events `events` refer to (projection.openingOf), from the cache or one read of the missing. */
  const openingsFor = async (batch: readonly EventEnvelope[]): Promise<Openings> => {
    const openingOf = projection.openingOf;
    if (openingOf === undefined) return NO_OPENINGS;
    const wanted = new Set(batch.map((event) => openingOf(event)).filter((id): id is string => id !== undefined));
    if (wanted.size === 0) return NO_OPENINGS;
    const missing = [...wanted].filter((id) => !openingCache.has(id));
    if (missing.length > 0) {
      const stored = await readGaps(missing.map((streamId) => ({ streamId, fromVersion: 1, toVersion: 1 })));
      if (openingCache.size + stored.length > MAX_KNOWN_CURSORS) openingCache.clear();
      for (const event of stored) if (event.version === 1) openingCache.set(event.streamId, toEnvelope(event));
    }
    const found = new Map<string, EventEnvelope>();
    for (const id of wanted) {
      const opening = openingCache.get(id);
      if (opening !== undefined) found.set(id, opening);
    }
    return found;
  };

  const readCursor = async (streamId: string): Promise<number> => {
    const { Item: item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: keyOf(readKeys.cursor(consumer, streamId)), ConsistentRead: true }),
    );
    const version = numberOf(item?.version);
    remember(streamId, version);
    return version;
  };

  const readCursors = async (streamIds: readonly string[]): Promise<Map<string, number>> => {
    const found = new Map<string, number>(streamIds.map((id) => [id, 0]));
    const items = await batchGetAll(client, tableName, streamIds.map((id) => keyOf(readKeys.cursor(consumer, id))));
    for (const item of items) found.set(stringOf(item.SK) ?? '', numberOf(item.version));
    for (const [id, version] of found) remember(id, version);
    return found;
  };

  const needsRead = (streamId: string, reachedVersion: number): boolean => {
    const guess = known.get(streamId);
    return guess === undefined || guess >= reachedVersion;
  };

  /** The cursor moving from `from` to `to`, on condition that it is still at `from`. */
  const cursorMove = (streamId: string, from: number, to: number): TransactWriteItem => ({
    Put: {
      TableName: tableName,
      Item: cursorItem(consumer, streamId, to),
      ...(from === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'version = :from', ExpressionAttributeValues: { ':from': { N: String(from) } } }),
    },
  });

  /**
   * Writes items all or nothing: a transaction, or, for a lone Put (a cursor moving past events the
   * projection writes nothing for), a conditional PutItem: as atomic, its failed condition as much a
   * lost race, and cheaper in DynamoDB Local (2.8 ms of its CPU against 4.5 ms for a one-item
   * transaction and its commit barrier, `npm run bench -- local-request-cost`).
   */
  const writeAll = async (items: readonly TransactWriteItem[]): Promise<void> => {
    const [only] = items;
    if (items.length === 1 && only?.Put !== undefined) await client.send(new PutItemCommand(only.Put));
    else await client.send(new TransactWriteItemsCommand({ TransactItems: [...items] }));
  };

  /** Effects of some consecutive events + the cursor moving from `from` to the last one's version, all or nothing. */
  const commit = async (last: EventEnvelope, effects: TransactWriteItem[], from: number): Promise<void> => {
    if (effects.length + 1 > MAX_TRANSACTION_ITEMS) throw new TooManyEffects(consumer, `${last.streamId}@${last.version}`, effects.length + 1);
    await writeAll([...effects, cursorMove(last.streamId, from, last.version)]);
  };

  /**
   * The events the next transaction commits, with their effects: as many as fit in one transaction
   * when the projection can merge them (chunkEffects / combinedEffects), otherwise exactly one.
   */
  const nextChunk = async (events: readonly EventEnvelope[], start: number, openings: Openings): Promise<{ events: EventEnvelope[]; effects: TransactWriteItem[] }> => {
    const window = events.slice(start, start + MAX_EVENTS_PER_TRANSACTION);
    if (projection.chunkEffects !== undefined) {
      const { taken, effects } = await projection.chunkEffects(window, table, MAX_TRANSACTION_ITEMS - 1);
      return { events: window.slice(0, Math.max(1, taken)), effects };
    }
    const combine = projection.combinedEffects;
    const first = window.slice(0, 1);
    if (combine === undefined) return { events: first, effects: await projection.effects(first[0] as EventEnvelope, table, openings) };
    let best = { events: first, effects: combine(first, table, openings) };
    for (let end = 2; end <= window.length; end++) {
      const candidate = window.slice(0, end);
      const effects = combine(candidate, table, openings);
      if (effects.length + 1 > MAX_TRANSACTION_ITEMS) break;
      best = { events: candidate, effects };
    }
    return best;
  };

  /**
   * Catches the stream up as far as the store goes. Versions up to reachedVersion are owed to the
   * message: any failure before them is thrown. Versions past it are a bonus (they spare the
   * messages still queued for them a transaction each): a failure there ends the catch-up quietly
   * and is met again, alone, by the message that names that version. Handed its gap read ahead
   * (`ahead`, starting at the cursor), it goes as far as that gap: to reachedVersion.
   */
  const project = async (streamId: string, reachedVersion: number, ahead?: readonly StoredEvent[]): Promise<ProjectOutcome> => {
    let applied = 0;
    for (let attempt = 1; ; attempt++) {
      const guess = known.get(streamId);
      let cursor = guess !== undefined && guess < reachedVersion && attempt === 1 ? guess : await readCursor(streamId);
      if (cursor >= reachedVersion) return { applied, cursor };
      const stored = attempt === 1 && ahead?.[0]?.version === cursor + 1 ? ahead : await events.readStream(streamId, { fromVersion: cursor + 1 });
      // The message promises versions up to reachedVersion exist; anything less is not a race we can wait out here.
      const head = stored.at(-1)?.version ?? 0;
      if (stored[0]?.version !== cursor + 1 || head < reachedVersion) throw new StreamBehindMessage(streamId, reachedVersion, stored.at(-1)?.version);
      try {
        const envelopes = stored.map(toEnvelope);
        const openings = await openingsFor(envelopes);
        for (let i = 0; i < envelopes.length; ) {
          const from = cursor;
          const last = await inTurn(projection.sharedKeyOf?.(envelopes[i] as EventEnvelope), async () => {
            const chunk = await nextChunk(envelopes, i, openings);
            const end = chunk.events.at(-1) as EventEnvelope;
            try {
              await commit(end, chunk.effects, from);
            } catch (error) {
              known.delete(streamId);
              throw error;
            }
            return end;
          });
          const taken = last.version - cursor;
          cursor = last.version;
          remember(streamId, cursor);
          applied += taken;
          i += taken;
        }
        return { applied, cursor };
      } catch (error) {
        if (cursor >= reachedVersion) return { applied, cursor };
        if (!isRace(error)) throw error;
        if (attempt >= maxAttempts) throw new ProjectionContended(`${consumer}: ${streamId} still contended after ${attempt} attempts`);
        // Another worker moved the cursor or held an item we touch: back off a little, then re-read.
        await sleep(Math.floor(Math.random() * 10 * attempt));
      }
    }
  };

  /** The gaps' events, one read for all streams when the source can, else one per stream (concurrently). */
  const readGaps = async (ranges: readonly VersionRange[]): Promise<StoredEvent[]> =>
    events.readVersions !== undefined
      ? events.readVersions(ranges)
      : (await Promise.all(ranges.map(({ streamId, fromVersion, toVersion }) => events.readStream(streamId, { fromVersion, toVersion })))).flat();

  /**
   * The writes of some of the complete gaps together: merged by combinedEffects, or each stream's
   * own from streamsEffects (read once, up front, for all of them).
   */
  const togetherEffects = async (
    complete: readonly VersionRange[],
    byStream: ReadonlyMap<string, EventEnvelope[]>,
    openings: Openings,
  ): Promise<(ranges: readonly VersionRange[]) => TransactWriteItem[]> => {
    const gapOf = (range: VersionRange): EventEnvelope[] => byStream.get(range.streamId) ?? [];
    const combine = projection.combinedEffects;
    if (combine !== undefined) return (ranges) => combine(ranges.flatMap(gapOf), table, openings);
    const perStream = (await projection.streamsEffects?.(complete.map(gapOf), table)) ?? [];
    const effectsByStream = new Map(complete.map((range, i) => [range.streamId, perStream[i] ?? []]));
    return (ranges) => ranges.flatMap((range) => effectsByStream.get(range.streamId) ?? []);
  };

  /**
   * The gaps to read ahead: only cursors known here (the handler has just read the unknown ones; a
   * stale one fails its condition at the commit). Long gaps are left to project(), which reads them
   * in pages and chunks.
   */
  const knownGaps = (targets: readonly ProjectTarget[]): VersionRange[] =>
    targets.flatMap(({ streamId, reachedVersion }): VersionRange[] => {
      const cursor = known.get(streamId);
      return cursor !== undefined && cursor < reachedVersion && reachedVersion - cursor <= MAX_EVENTS_PER_TRANSACTION
        ? [{ streamId, fromVersion: cursor + 1, toVersion: reachedVersion }]
        : [];
    });

  /** Whether `gap` holds every version of `range`, in order. */
  const isWhole = (range: VersionRange, gap: readonly { version: number }[]): boolean =>
    gap.length === range.toVersion - range.fromVersion + 1 && gap.every((event, i) => event.version === range.fromVersion + i);

  /** The gaps of `ranges`, in one read, by stream: only those read whole. Never throws (a failed read: none). */
  const readWholeGaps = async (ranges: readonly VersionRange[]): Promise<Map<string, StoredEvent[]>> => {
    const byStream = new Map<string, StoredEvent[]>();
    if (ranges.length === 0) return byStream;
    try {
      for (const event of await readGaps(ranges)) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    } catch {
      return new Map();
    }
    for (const range of ranges) if (!isWhole(range, byStream.get(range.streamId) ?? [])) byStream.delete(range.streamId);
    return byStream;
  };

  const readAhead = (targets: readonly ProjectTarget[]): Promise<Map<string, StoredEvent[]>> => readWholeGaps(knownGaps(targets));

  const projectTogether = async (targets: readonly ProjectTarget[]): Promise<Set<string>> => {
    const settled = new Set<string>();
    const { combinedEffects: combine, streamsEffects } = projection;
    if ((combine === undefined && streamsEffects === undefined) || projection.readsAcrossStreams === true) return settled;
    const ranges = knownGaps(targets);
    const gaps = await readWholeGaps(ranges);
    const complete = ranges.filter((range) => gaps.has(range.streamId));
    if (complete.length === 0) return settled;
    let byStream: Map<string, EventEnvelope[]>;
    let openings: Openings;
    try {
      byStream = new Map([...gaps].map(([streamId, events]) => [streamId, events.map(toEnvelope)]));
      openings = await openingsFor([...byStream.values()].flat());
    } catch {
      return settled;
    }
    // Streams whose whole gap was read, packed into transactions of at most MAX_TRANSACTION_ITEMS:
    // the effects of all their events merged (ADDs to one item summed), plus one cursor per stream.
    const groups: { ranges: VersionRange[]; effects: TransactWriteItem[] }[] = [];
    let open: { ranges: VersionRange[]; effects: TransactWriteItem[] } | undefined;
    try {
      const effectsOf = await togetherEffects(complete, byStream, openings);
      for (const range of complete) {
        const withIt = [...(open?.ranges ?? []), range];
        const effects = effectsOf(withIt);
        if (effects.length + withIt.length <= MAX_TRANSACTION_ITEMS) {
          open = { ranges: withIt, effects };
          continue;
        }
        if (open !== undefined) groups.push(open);
        const alone = effectsOf([range]);
        open = alone.length + 1 <= MAX_TRANSACTION_ITEMS ? { ranges: [range], effects: alone } : undefined;
      }
    } catch {
      // An event the projection cannot take (a poison message): project() isolates it.
      return settled;
    }
    if (open !== undefined) groups.push(open);
    await Promise.all(
      groups.map(async (group) => {
        const cursors = group.ranges.map((r) => cursorMove(r.streamId, r.fromVersion - 1, r.toVersion));
        try {
          await writeAll([...group.effects, ...cursors]);
        } catch {
          // Nothing of the group was written. Which cursor moved (or what else failed) project()
          // finds out stream by stream, reading each cursor afresh.
          for (const r of group.ranges) known.delete(r.streamId);
          return;
        }
        for (const r of group.ranges) {
          remember(r.streamId, r.toVersion);
          settled.add(r.streamId);
        }
      }),
    );
    return settled;
  };

  const projectShared = async (targets: readonly ProjectTarget[], ahead: ReadonlyMap<string, readonly StoredEvent[]>): Promise<Set<string>> => {
    const settled = new Set<string>();
    const { chunkEffects, sharedKeyOf } = projection;
    if (chunkEffects === undefined || sharedKeyOf === undefined) return settled;
    // Every stream's key must be known, so the batch's order holds among the streams of a key: a
    // stream without its gap read ahead (or of no key) sends the whole batch one stream at a time.
    const runs = new Map<string, { streamId: string; events: EventEnvelope[] }[]>();
    for (const { streamId } of targets) {
      const events = ahead.get(streamId)?.map(toEnvelope) ?? [];
      const keys = new Set(events.map((event) => sharedKeyOf(event)));
      const [key] = keys;
      if (keys.size !== 1 || key === undefined) return settled;
      runs.set(key, [...(runs.get(key) ?? []), { streamId, events }]);
    }
    for (const [key, members] of runs) {
      if (members.length < 2) continue;
      try {
        await inTurn(key, async () => {
          const run = members.flatMap((member) => member.events);
          const { taken, effects } = await chunkEffects(run, table, MAX_TRANSACTION_ITEMS - members.length);
          if (taken < run.length) return;
          const cursors = members.map(({ streamId, events }) => cursorMove(streamId, (events[0]?.version ?? 1) - 1, events.at(-1)?.version ?? 0));
          await writeAll([...effects, ...cursors]);
          for (const { streamId, events } of members) {
            remember(streamId, events.at(-1)?.version ?? 0);
            settled.add(streamId);
          }
        });
      } catch {
        // Nothing of the run was written; project() finds out stream by stream, reading each cursor afresh.
        for (const { streamId } of members) known.delete(streamId);
      }
    }
    return settled;
  };

  return { project, readCursor, readCursors, needsRead, projectTogether, readAhead, projectShared };
};
