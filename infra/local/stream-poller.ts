// Polls the events table's DynamoDB stream (DynamoDB Local supports Streams) the way the
// EventBridge Pipe does in the cloud: every shard, parents before children, records in order.
// A shard's position is saved only once everything its records produced has been handled by the
// consumers: the local queues and DLQs live in memory, so a position saved at enqueue time would
// lose what was still queued when the process stopped, and one saved past a message given up to
// a DLQ would lose that message with the DLQ. A parked batch holds the position for the rest of
// the process's life; the next start reads from there again (the cursors make that harmless).
import { type DynamoDBClient, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { idleWait } from './idle-wait';
import type { PositionStore, StreamPositions } from './stream-positions';
import { maskForLog } from '../../functions/shared/personal-data';

/** Consumers are done with a batch's records; `parked` when any of its messages went to a DLQ. */
export interface Settlement {
  parked: boolean;
}

/** What the poller hands on: `settled` resolves once the consumers are done with the records. */
export type Deliver = (records: StreamRecord[]) => Promise<{ settled: Promise<Settlement> }>;

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  positions: PositionStore;
  deliver: Deliver;
  /** First sleep when no shard had records (ms); each further empty round doubles it up to maxIdleMs. */
  idleMs?: number;
  /** Longest idle sleep (ms), default 10 s: what a write the poller is not told about (wake) may wait. */
  maxIdleMs?: number;
  /** How often to look for new shards (ms). */
  shardRefreshMs?: number;
  /**
   * After a round that delivered records, how long to let more gather before the next read (ms,
   * default 100; 0 reads again at once). The first record after a quiet spell is still read at once
   * (wake); under load each read takes in what ~100 ms of commands wrote, so the consumers get
   * batches of many streams instead of one command's events (docs/event-flow.md "Batching").
   */
  batchWindowMs?: number;
  onError?: (error: unknown) => void;
}

export interface StreamPoller {
  /** Resolves when a full round over every shard found no new records. */
  caughtUp(): Promise<void>;
  /** Batches delivered but not yet settled. */
  pending(): number;
  /** Polls now (called after an append to the table in this process): idle backoff adds no lag. */
  wake(): void;
  stop(): Promise<void>;
}

interface ShardReader {
  shard: Shard;
  iterator?: string;
  /** Last sequence read (and delivered); the saved position may lag behind it. */
  readSequence?: string;
  /** The shard is closed and fully read. */
  exhausted: boolean;
  /** Delivered batches, oldest first, with whether they are settled and whether a message of theirs was parked in a DLQ. */
  inFlight: { lastSequence: string; settled: boolean; parked: boolean }[];
}

export const startStreamPoller = (options: StreamPollerOptions): StreamPoller => {
  const { dynamo, streams, tableName, positions, deliver } = options;
  const idleMs = options.idleMs ?? 50;
  const maxIdleMs = Math.max(idleMs, options.maxIdleMs ?? 10_000);
  const shardRefreshMs = options.shardRefreshMs ?? 1_000;
  const batchWindowMs = options.batchWindowMs ?? 100;
  const onError = options.onError ?? ((error: unknown) => console.error('[stream-poller]', maskForLog(error)));

  let stopped = false;
  let saved: StreamPositions | undefined;
  const readers = new Map<string, ShardReader>();
  let lastRefresh = 0;
  let rounds = 0;
  const roundWaiters: { afterRound: number; resolve: () => void }[] = [];
  // Idle: back off (an idle stack must cost next to no CPU); wake() after an append polls at once.
  const idle = idleWait({ minMs: idleMs, maxMs: maxIdleMs });
  // The batch window: a wait appends do not cut short (they are what it gathers); stop() and
  // caughtUp() do (whoever waits for the flow to catch up wants the next read now).
  let windowTimer: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  const gather = (): Promise<void> =>
    new Promise<void>((resolve) => {
      windowTimer = { timer: setTimeout(resolve, batchWindowMs), resolve: () => resolve() };
    }).finally(() => (windowTimer = undefined));
  const endWindow = (): void => {
    if (windowTimer === undefined) return;
    clearTimeout(windowTimer.timer);
    windowTimer.resolve();
  };

  const persist = (): void => {
    if (saved !== undefined) positions.save(saved);
  };

  /** Moves the saved position over every leading batch settled without a parked message. */
  const advance = (reader: ShardReader): void => {
    if (saved === undefined) return;
    const state = (saved.shards[reader.shard.ShardId ?? ''] ??= {});
    let moved = false;
    while (reader.inFlight[0]?.settled === true && !reader.inFlight[0].parked) {
      state.lastSequence = reader.inFlight.shift()?.lastSequence;
      moved = true;
    }
    // Behind a parked batch the position cannot move in this process: only unsettled batches still count (pending()).
    const [head, ...rest] = reader.inFlight;
    if (head?.parked === true) reader.inFlight = [head, ...rest.filter((batch) => !batch.settled)];
    if (reader.exhausted && reader.inFlight.length === 0 && state.done !== true) {
      state.done = true;
      moved = true;
    }
    if (moved) persist();
  };

  const streamArn = async (): Promise<string> => {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (arn === undefined) throw new Error(`table ${tableName} has no stream`);
    return arn;
  };

  const refreshShards = async (arn: string): Promise<void> => {
    let exclusiveStartShardId: string | undefined;
    const listed: Shard[] = [];
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: exclusiveStartShardId }));
      listed.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    for (const shard of listed) {
      const id = shard.ShardId;
      if (id === undefined || readers.has(id)) continue;
      const state = saved?.shards[id];
      readers.set(id, {
        shard,
        ...(state?.lastSequence === undefined ? {} : { readSequence: state.lastSequence }),
        exhausted: state?.done === true,
        inFlight: [],
      });
    }
    lastRefresh = Date.now();
  };

  /** A child shard is read only after its parent (if still listed) is fully read: per-item order. */
  const ready = (reader: ShardReader): boolean => {
    if (reader.exhausted) return false;
    const parent = reader.shard.ParentShardId;
    return parent === undefined || readers.get(parent)?.exhausted !== false;
  };

  const iteratorFor = async (arn: string, reader: ShardReader): Promise<string | undefined> => {
    const answer = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: reader.shard.ShardId,
        ...(reader.readSequence === undefined
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: reader.readSequence }),
      }),
    );
    return answer.ShardIterator;
  };

  /** Reads one page of a shard; returns how many records it delivered. */
  const pollShard = async (arn: string, reader: ShardReader): Promise<number> => {
    reader.iterator ??= await iteratorFor(arn, reader);
    if (reader.iterator === undefined) {
      reader.exhausted = true;
      advance(reader);
      return 0;
    }
    let page;
    try {
      page = await streams.send(new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: 1000 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        delete reader.iterator;
        return 0;
      }
      if (error instanceof TrimmedDataAccessException) {
        // Records past retention are gone whatever we do; start from the oldest still there.
        delete reader.readSequence;
        delete reader.iterator;
        return 0;
      }
      throw error;
    }
    const records = page.Records ?? [];
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (records.length > 0 && last !== undefined) {
      // If delivery throws, the iterator is dropped and the same records are read again.
      const iterator = reader.iterator;
      delete reader.iterator;
      const { settled } = await deliver(records);
      reader.iterator = iterator;
      const batch = { lastSequence: last, settled: false, parked: false };
      reader.inFlight.push(batch);
      reader.readSequence = last;
      void settled.then(
        ({ parked }) => {
          batch.settled = true;
          batch.parked = parked;
          advance(reader);
        },
        onError,
      );
    }
    if (page.NextShardIterator === undefined) {
      delete reader.iterator;
      reader.exhausted = true;
      advance(reader);
      lastRefresh = 0; // a closed shard means children to discover
    } else {
      reader.iterator = page.NextShardIterator;
    }
    return records.length;
  };

  const loop = async (): Promise<void> => {
    let arn: string | undefined;
    while (!stopped) {
      const seen = idle.wakes();
      try {
        if (arn === undefined) {
          arn = await streamArn();
          saved = positions.load(arn);
        }
        if (Date.now() - lastRefresh >= shardRefreshMs) await refreshShards(arn);
        let delivered = 0;
        for (const reader of [...readers.values()]) {
          if (stopped) break;
          if (ready(reader)) delivered += await pollShard(arn, reader);
        }
        if (delivered === 0) {
          rounds += 1;
          for (const waiter of roundWaiters.filter((w) => rounds > w.afterRound)) {
            roundWaiters.splice(roundWaiters.indexOf(waiter), 1);
            waiter.resolve();
          }
          // Someone waiting for caughtUp() wants the next round now, not after a backed-off sleep.
          if (roundWaiters.length > 0) idle.active();
          if (!stopped) await idle.sleep(seen);
        } else {
          idle.active();
          // Records flow: let the next read take in more of them (fewer, fuller batches downstream),
          // unless someone waits for caughtUp().
          if (!stopped && batchWindowMs > 0 && roundWaiters.length === 0) await gather();
        }
      } catch (error) {
        if (stopped) break;
        onError(error);
        for (const reader of readers.values()) delete reader.iterator;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const running = loop();

  return {
    caughtUp: () =>
      new Promise((resolve) => {
        // Two empty rounds after now: the first may have started before the caller's last append.
        roundWaiters.push({ afterRound: rounds + 1, resolve });
        idle.wake();
        endWindow();
      }),
    wake: idle.wake,
    pending: () => [...readers.values()].reduce((sum, reader) => sum + reader.inFlight.filter((batch) => !batch.settled).length, 0),
    stop: async () => {
      stopped = true;
      idle.wake();
      endWindow();
      await running;
      for (const waiter of roundWaiters.splice(0)) waiter.resolve();
    },
  };
};
