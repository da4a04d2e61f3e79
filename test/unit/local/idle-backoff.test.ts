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

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('consumer runner when idle', () => {
  const queue = { consumer: 'books' as const, settings: { ...ROUTES.books.queue, maxConcurrency: 1 }, queueUrl: 'q', queueArn: 'arn:q', dlqUrl: 'd', dlqArn: 'arn:d' };

  it('receives a handful of times a minute, not every 50 ms, and a wake receives at once', async () => {
    let receives = 0;
    let waiting: { MessageId: string; ReceiptHandle: string; Body: string }[] = [];
    const sqs = {
      send: async (command: unknown) => {
        if (commandName(command) !== 'ReceiveMessageCommand') return {};
        receives += 1;
        const messages = waiting;
        waiting = [];
        return { Messages: messages };
      },
    } as unknown as SQSClient;
    const handled: string[] = [];
    const runner = startConsumerRunner({ sqs, queue, handler: async (event) => void handled.push(...event.Records.map((r) => r.messageId)) });
    await vi.advanceTimersByTimeAsync(60_000);
    // 50 ms for the first second (20), then doubling to 20 s: 50+100+…+12,800 ≈ 25.6 s in 9, then
    // one every 20 s: about 31. Without backoff: 1,200.
    expect(receives).toBeLessThanOrEqual(40);
    waiting = [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: '{}' }];
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toEqual(['m1']);
    await runner.stop();
  });
});

describe('consumer runner with several workers', () => {
  const queue = { consumer: 'books' as const, settings: { ...ROUTES.books.queue, maxConcurrency: 5 }, queueUrl: 'q', queueArn: 'arn:q', dlqUrl: 'd', dlqArn: 'arn:d' };
  const message = (id: string) => ({ MessageId: id, ReceiptHandle: id, Body: '{}' });

  it('a wake sends one worker to the queue, not all five; a full batch sends the next', async () => {
    let receives = 0;
    let waiting: ReturnType<typeof message>[] = [];
    const sqs = {
      send: async (command: unknown) => {
        if (commandName(command) !== 'ReceiveMessageCommand') return {};
        receives += 1;
        const messages = waiting.slice(0, queue.settings.batchSize);
        waiting = waiting.slice(messages.length);
        return { Messages: messages };
      },
    } as unknown as SQSClient;
    const handled: string[] = [];
    const runner = startConsumerRunner({ sqs, queue, handler: async (event) => void handled.push(...event.Records.map((r) => r.messageId)) });
    await vi.advanceTimersByTimeAsync(60_000);
    const idleReceives = receives;
    // Five workers backing off from 50 ms to 20 s each: about 5 × 11 in a minute, never 5 × 1,200.
    expect(idleReceives).toBeLessThanOrEqual(5 * 15);
    waiting = [message('m1')];
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toEqual(['m1']);
    // The woken worker took m1 and looked once more (empty); the four others slept on.
    expect(receives - idleReceives).toBe(2);
    // 25 messages: the first worker's full batch wakes a second, whose full batch wakes a third.
    waiting = Array.from({ length: 25 }, (_, i) => message(`n${i}`));
    runner.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(handled).toHaveLength(26);
    await runner.stop();
  });
});

describe('stream poller when idle', () => {
  it('reads the stream a handful of times a minute, and wake() reads at once', async () => {
    let reads = 0;
    let records: { dynamodb: { SequenceNumber: string } }[] = [];
    const dynamo = { send: async () => ({ Table: { LatestStreamArn: 'arn:stream' } }) } as unknown as DynamoDBClient;
    const streams = {
      send: async (command: unknown) => {
        switch (commandName(command)) {
          case 'DescribeStreamCommand':
            return { StreamDescription: { Shards: [{ ShardId: 's1' }] } };
          case 'GetShardIteratorCommand':
            return { ShardIterator: 'it' };
          default: {
            reads += 1;
            const page = records;
            records = [];
            return { Records: page, NextShardIterator: 'it' };
          }
        }
      },
    } as unknown as DynamoDBStreamsClient;
    const delivered: string[] = [];
    const poller = startStreamPoller({
      dynamo,
      streams,
      tableName: 'events',
      positions: memoryPositions(),
      deliver: async (batch) => {
        delivered.push(...batch.map((record) => record.dynamodb?.SequenceNumber ?? ''));
        return { settled: Promise.resolve({ parked: false }) };
      },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    // 50 ms for the first second (20), then doubling to 10 s: ≈ 12.8 s in 8, then one every 10 s:
    // about 32. Without backoff: 1,200.
    expect(reads).toBeLessThanOrEqual(40);
    records = [{ dynamodb: { SequenceNumber: '1' } }];
    poller.wake();
    await vi.advanceTimersByTimeAsync(1);
    expect(delivered).toEqual(['1']);
    await poller.stop();
  });
});
