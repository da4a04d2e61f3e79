// The local event flow backs off when idle (an idle `npm start` must cost next to no CPU) and a
// wake-up after an append or an enqueue polls at once (backing off must add no lag).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../../functions/shared/routing';
import { startConsumerRunner } from '../../../infra/local/consumer-runner';
import { startStreamPoller } from '../../../infra/local/stream-poller';
import { memoryPositions } from '../../../infra/local/stream-positions';

const commandName = (command: unknown): string => (command as { constructor: { name: string } }).constructor.name;

const queueOf = (maxConcurrency: number) => ({ consumer: 'books' as const, settings: { ...ROUTES.books.queue, maxConcurrency }, queueUrl: 'q', queueArn: 'arn:q', dlqUrl: 'd', dlqArn: 'arn:d' });
const message = (id: string) => ({ MessageId: id, ReceiptHandle: id, Body: '{}' });

/** A queue whose receives hand out up to a batch of what is `waiting`, counting every receive. */
const fakeSqs = (batchSize: number) => {
  const state = { receives: 0, waiting: [] as ReturnType<typeof message>[] };
  const sqs = {
    send: async (command: unknown) => {
      if (commandName(command) !== 'ReceiveMessageCommand') return {};
      state.receives += 1;
      const messages = state.waiting.slice(0, batchSize);
      state.waiting = state.waiting.slice(messages.length);
      return { Messages: messages };
    },
  } as unknown as SQSClient;
  return { sqs, state };
};

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('consumer runner when idle', () => {
  const queue = queueOf(1);

  it('receives a handful of times a minute, not every 50 ms, and a wake receives at once', async () => {
    const { sqs, state } = fakeSqs(queue.settings.batchSize);
    const handled: string[] = [];
    const runner = startConsumerRunner({ sqs, queue, handler: async (event) => void handled.push(...event.Records.map((r) => r.messageId)) });
    await vi.advanceTimersByTimeAsync(60_000);
    // One at start, then one every 20 s: 4. Polling every 50 ms: 1,200.
    expect(state.receives).toBeLessThanOrEqual(4);
    state.waiting = [message('m1')];
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toEqual(['m1']);
    await runner.stop();
  });
});

describe('consumer runner with several workers', () => {
  const queue = queueOf(5);

  it('a wake sends one worker to the queue, not all five; a full batch sends the next', async () => {
    const { sqs, state } = fakeSqs(queue.settings.batchSize);
    const handled: string[] = [];
    const runner = startConsumerRunner({ sqs, queue, handler: async (event) => void handled.push(...event.Records.map((r) => r.messageId)) });
    await vi.advanceTimersByTimeAsync(60_000);
    const idleReceives = state.receives;
    // Five workers, each looking every 20 s: 5 × 4 in a minute, never 5 × 1,200.
    expect(idleReceives).toBeLessThanOrEqual(5 * 4);
    state.waiting = [message('m1')];
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toEqual(['m1']);
    // The woken worker took m1 and, its batch not full, went back to sleep without looking again
    // (an enqueue wakes it); the four others slept on.
    expect(state.receives - idleReceives).toBe(1);

    // 25 messages: the first worker's full batch wakes a second, whose full batch wakes a third.
    state.waiting = Array.from({ length: 25 }, (_, i) => message(`n${i}`));
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toHaveLength(26);
    await runner.stop();
  });
});

describe('consumer runner after a batch', () => {
  const queue = queueOf(1);

  it('does not look again after a batch that was not full, unless woken meanwhile', async () => {
    const { sqs, state } = fakeSqs(queue.settings.batchSize);
    const handled: string[] = [];
    let release: () => void = () => undefined;
    const runner = startConsumerRunner({
      sqs,
      queue,
      handler: async (event) => {
        handled.push(...event.Records.map((r) => r.messageId));
        if (handled.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    state.waiting = [message('m1')];
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toEqual(['m1']);
    const during = state.receives;
    // m2 is enqueued (and the runner woken) while the one worker is still handling m1.
    state.waiting = [message('m2')];
    runner.wake();
    release();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toEqual(['m1', 'm2']);
    expect(state.receives).toBe(during + 1);
    // No wake since: the worker sleeps its full 20 s instead of asking an empty queue again at once,
    // or 50 ms later and then ever less often (4 receives per batch in the demo, 3 of them empty).
    await vi.advanceTimersByTimeAsync(19_990);
    expect(state.receives).toBe(during + 1);
    // …and then looks once (a failed message back after its visibility timeout wakes nobody).
    await vi.advanceTimersByTimeAsync(20);
    expect(state.receives).toBe(during + 2);
    await runner.stop();
  });
});

/** A one-shard stream whose reads hand out whatever was `add`ed since the last read. */
const fakeStream = () => {
  const state = { reads: 0, records: [] as { dynamodb: { SequenceNumber: string } }[] };
  const dynamo = { send: async () => ({ Table: { LatestStreamArn: 'arn:stream' } }) } as unknown as DynamoDBClient;
  const streams = {
    send: async (command: unknown) => {
      switch (commandName(command)) {
        case 'DescribeStreamCommand':
          return { StreamDescription: { Shards: [{ ShardId: 's1' }] } };
        case 'GetShardIteratorCommand':
          return { ShardIterator: 'it' };
        default: {
          state.reads += 1;
          const page = state.records;
          state.records = [];
          return { Records: page, NextShardIterator: 'it' };
        }
      }
    },
  } as unknown as DynamoDBStreamsClient;
  const batches: string[][] = [];
  const start = (options: { batchWindowMs?: number } = {}) =>
    startStreamPoller({
      dynamo,
      streams,
      tableName: 'events',
      positions: memoryPositions(),
      ...options,
      deliver: async (batch) => {
        batches.push(batch.map((record) => record.dynamodb?.SequenceNumber ?? ''));
        return { settled: Promise.resolve({ parked: false }) };
      },
    });
  const add = (...sequences: string[]) => state.records.push(...sequences.map((SequenceNumber) => ({ dynamodb: { SequenceNumber } })));
  return { state, batches, start, add };
};

/** An append the poller is woken for, and the millisecond it has to read it. */
const appendAndWake = async (stream: ReturnType<typeof fakeStream>, poller: { wake(): void }, sequence: string): Promise<void> => {
  stream.add(sequence);
  poller.wake();
  await vi.advanceTimersByTimeAsync(1);
};

describe('stream poller when idle', () => {
  it('reads the stream a handful of times a minute, and wake() reads at once', async () => {
    const stream = fakeStream();
    const poller = stream.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // 50 ms for the first second (20), then doubling to 10 s: ≈ 12.8 s in 8, then one every 10 s:
    // about 32. Without backoff: 1,200.
    expect(stream.state.reads).toBeLessThanOrEqual(40);
    await appendAndWake(stream, poller, '1');
    expect(stream.batches.flat()).toEqual(['1']);
    await poller.stop();
  });
});

describe('stream poller under load', () => {
  it('reads the first record at once, then lets the batch window gather what the next 100 ms write', async () => {
    const stream = fakeStream();
    const poller = stream.start();
    await vi.advanceTimersByTimeAsync(60_000);
    await appendAndWake(stream, poller, '1');
    expect(stream.batches).toEqual([['1']]);
    // Four appends within the window, each waking the poller: one read takes them all, after the window.
    for (const sequence of ['2', '3', '4', '5']) {
      stream.add(sequence);
      poller.wake();
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(stream.batches).toEqual([['1']]);
    await vi.advanceTimersByTimeAsync(20);
    expect(stream.batches).toEqual([['1'], ['2', '3', '4', '5']]);
    await poller.stop();
  });

  it('without a window (0) reads again at once; caughtUp() ends a window', async () => {
    const eager = fakeStream();
    const poller = eager.start({ batchWindowMs: 0 });
    await appendAndWake(eager, poller, '1');
    await appendAndWake(eager, poller, '2');
    expect(eager.batches).toEqual([['1'], ['2']]);
    await poller.stop();

    const windowed = fakeStream();
    const waited = windowed.start({ batchWindowMs: 10_000 });
    await appendAndWake(windowed, waited, '1');
    windowed.add('2');
    const caughtUp = waited.caughtUp();
    await vi.advanceTimersByTimeAsync(200);
    await caughtUp;
    expect(windowed.batches).toEqual([['1'], ['2']]);
    await waited.stop();
  });
});
