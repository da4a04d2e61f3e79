// Runs a consumer's Lambda handler against its local queue the way the SQS event source does:
// receive up to batchSize messages, invoke the handler with an SQSEvent, delete what succeeded,
// and leave what failed (reported in batchItemFailures, or the whole batch if the handler
// throws) to reappear after the visibility timeout; the queue's redrive policy moves a message
// to the DLQ after maxReceiveCount receives.
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from './local-pipe';
import type { LocalQueue } from './local-queues';
import { type IdleWait, idleWait } from './idle-wait';
import { maskForLog } from '../../functions/shared/personal-data';

export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface ConsumerRunnerOptions {
  sqs: SQSClient;
  queue: LocalQueue;
  handler: SqsBatchHandler;
  /** A message is done with: handled, or failed on its last allowed receive (`parked`: it goes to the DLQ). */
  onSettled?: (messageId: string, parked: boolean) => void;
  /**
   * How long a worker sleeps when no wake comes (ms): default 20 s, never more than the visibility
   * timeout (a failed message's retry waits no longer). Only what no wake announces waits for it.
   */
  maxIdleMs?: number;
  onError?: (error: unknown) => void;
}

export interface ConsumerRunner {
  /** Ends an idle wait now (called when messages were just enqueued). */
  wake(): void;
  /** Stops receiving and waits for the batches being handled. */
  stop(): Promise<void>;
}

const toRecord = (message: Message, queue: LocalQueue): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? '0',
    SenderId: message.Attributes?.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
  },
  messageAttributes: {},
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queue.queueArn,
  awsRegion: LOCAL_REGION,
});

const lambdaContext = (queue: LocalQueue): Context => {
  const deadline = Date.now() + queue.settings.functionTimeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${queue.consumer}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:local-${queue.consumer}`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/local-${queue.consumer}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

export const startConsumerRunner = (options: ConsumerRunnerOptions): ConsumerRunner => {
  const { sqs, queue, handler, onSettled } = options;
  const onError = options.onError ?? ((error: unknown) => console.error(`[consumer ${queue.consumer}]`, maskForLog(error)));
  let stopped = false;
  // A worker receives when woken, and otherwise only every maxMs. The router enqueues in this process
  // and always wakes (ONE worker per wake; a worker that took a full batch wakes the next), so a timed
  // receive is only for what no wake announces: a failed message back after its visibility timeout
  // (maxMs is never longer: its retry waits no longer than in SQS) or a redrive from another process
  // (`npm run dlq`). Waking all workers and polling every 50 ms while busy made ~9 receives per
  // enqueued message; polling from 50 ms after each batch, backing off, still made 4 per batch, three
  // of them empty, on the CPU the API and DynamoDB Local share (docs/demo.md "Run time").
  const maxMs = Math.min(options.maxIdleMs ?? 20_000, queue.settings.visibilityTimeoutSeconds * 1000);
  const idles = Array.from({ length: queue.settings.maxConcurrency }, () => idleWait({ minMs: maxMs, maxMs }));
  const sleeping = new Set<IdleWait>();
  let nextToWake = 0;
  /** Wakes one worker: a sleeping one if any (in turn), else the next, whose coming sleep is then skipped. */
  const wakeOne = (): void => {
    const asleep = [...sleeping];
    const chosen = asleep[nextToWake++ % Math.max(1, asleep.length)] ?? idles[nextToWake % idles.length];
    chosen?.wake();
  };

  /** Sleeps (a wake may pick this worker) unless woken since `seen`. */
  const rest = async (idle: IdleWait, seen: number): Promise<void> => {
    sleeping.add(idle);
    await idle.sleep(seen);
    sleeping.delete(idle);
  };

  const handleBatch = async (messages: Message[]): Promise<void> => {
    const records = messages.map((message) => toRecord(message, queue));
    let failedIds: Set<string>;
    try {
      const response = await handler({ Records: records }, lambdaContext(queue));
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      onError(error);
      failedIds = new Set(records.map((record) => record.messageId));
    }
    const succeeded = records.filter((record) => !failedIds.has(record.messageId));
    for (let start = 0; start < succeeded.length; start += 10) {
      const chunk = succeeded.slice(start, start + 10);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.queueUrl,
          Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
    }
    for (const record of records) {
      const lastTry = Number(record.attributes.ApproximateReceiveCount) >= queue.settings.maxReceiveCount;
      if (!failedIds.has(record.messageId) || lastTry) onSettled?.(record.messageId, failedIds.has(record.messageId));
    }
  };

  const worker = async (idle: IdleWait): Promise<void> => {
    while (!stopped) {
      const seen = idle.wakes();
      try {
        const answer = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.queueUrl,
            MaxNumberOfMessages: queue.settings.batchSize,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        const messages = answer.Messages ?? [];
        if (messages.length === 0) await rest(idle, seen);
        else {
          // A full batch: more may be waiting, so another worker takes the next one meanwhile.
          const full = messages.length >= queue.settings.batchSize;
          if (full) wakeOne();
          await handleBatch(messages);
          // A batch that was not full emptied the queue as far as this worker knows: receive again
          // only when woken since (the router wakes on every enqueue), or after a sleep (a failed
          // message coming back after its visibility timeout wakes nobody). Receiving at once made
          // most receives empty (2.7 per batch in the demo).
          if (!full) await rest(idle, seen);
        }
      } catch (error) {
        if (stopped) break;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const workers = idles.map((idle) => worker(idle));

  return {
    wake: wakeOne,
    stop: async () => {
      stopped = true;
      for (const idle of idles) idle.wake();
      await Promise.all(workers);
    },
  };
};
