// The local event flow (DESIGN §3, local path): DynamoDB Local's stream -> local Pipe -> local bus
// router (shared rules) -> fauxqs queues with DLQs -> the real consumer handlers in SQS batch shape.
// Restart semantics: the stream position of a shard is saved in dataDir only after every message
// its records produced has been settled, so a restart re-reads whatever might not have been
// applied (lossless), and the projectors' per-stream cursors make the re-delivery harmless.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ENV } from '../../functions/shared/tables';
import { CONSUMERS, type ConsumerName } from '../../functions/shared/routing';
import type { BusPublisher } from '../../functions/jobs/replay-publisher';
import { createAlertsHandler } from '../../functions/projectors/alerts-handler';
import { createBooksHandler } from '../../functions/projectors/books-handler';
import type { ConsumerConfig } from '../../functions/projectors/consumer-handler';
import { createPositionsHandler } from '../../functions/projectors/positions-handler';
import { createEventStore } from '../../functions/store/event-store';
import { createAlertWebhook } from './alert-webhook';
import { createBusRouter } from './bus-router';
import { type ConsumerRunner, type SqsBatchHandler, startConsumerRunner } from './consumer-runner';
import { pipeRecords } from './local-pipe';
import { type LocalQueues, type QueueOverrides, startLocalQueues } from './local-queues';
import { type Settlement, startStreamPoller } from './stream-poller';
import { wakeOnWrite } from './wake-on-write';
import { filePositions, memoryPositions } from './stream-positions';
import { maskForLog } from '../../functions/shared/personal-data';
import { LOCAL_CLIENT_AUTH } from '../../functions/store/local-client-auth';

export interface EventFlowOptions {
  dynamoEndpoint: string;
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  /** Stream positions are kept here (restarts resume); without it every start reads from TRIM_HORIZON. */
  dataDir?: string;
  /** Tests only: shorter visibility timeouts / fewer receives, so poison paths run in seconds. */
  queueOverrides?: QueueOverrides;
  /** Tests only: wraps a consumer's real handler (e.g. to make one message poison). */
  wrapHandler?: (consumer: ConsumerName, handler: SqsBatchHandler) => SqsBatchHandler;
  /** Port for the SQS emulator; a free one when absent. */
  sqsPort?: number;
  /** The stream poller's first sleep when idle (ms; default 50, backing off). */
  idleMs?: number;
  onError?: (error: unknown) => void;
  /** ALERT_WEBHOOK_URL: alert events are also POSTed there (infra/local/alert-webhook.ts); off when absent. */
  alertWebhookUrl?: string;
}

export interface EventFlow {
  /** SQS endpoint of the local queues (for the DLQ tools). */
  readonly sqsEndpoint: string;
  readonly queues: LocalQueues;
  /** The local bus, for the replay job. */
  readonly publisher: BusPublisher;
  /** Resolves once the stream is read to its end and every queue is empty (bounded wait). */
  drained(timeoutMs?: number): Promise<void>;
  /** Stops receiving, waits for the batches in hand, saves positions; no timers left behind. */
  stop(): Promise<void>;
  /** Tests: dies without waiting for the batches in hand or deleting their messages (a crash); those batches finish on their own. */
  crash(): Promise<void>;
}

/**
 * The factories behind each entry in ROUTES[consumer].entry: the same code as the Lambda `handler`,
 * given its resources directly instead of through the (process-global) environment.
 */
const HANDLER_FACTORIES: Record<ConsumerName, (config: ConsumerConfig) => SqsBatchHandler> = {
  books: createBooksHandler,
  positions: createPositionsHandler,
  alerts: createAlertsHandler,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const startEventFlow = async (options: EventFlowOptions): Promise<EventFlow> => {
  const { client, eventsTableName, readTableName, dataDir } = options;
  // The Lambda entries read their resources from the environment; set it for anything built from it.
  process.env[ENV.eventsTable] = eventsTableName;
  process.env[ENV.readTable] = readTableName;
  process.env[ENV.dynamoEndpoint] = options.dynamoEndpoint;
  const onError = options.onError ?? ((error: unknown) => console.error('[event-flow]', maskForLog(error)));

  const queues = await startLocalQueues(options.queueOverrides, options.sqsPort);
  if (dataDir !== undefined) {
    // scripts/dlq.ts finds the local queues through this file.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'sqs-endpoint.txt'), queues.endpoint);
  }
  const runners = new Map<ConsumerName, ConsumerRunner>();
  // Message id -> the batch of stream records it came from, so a shard position advances only
  // after everything the records produced was handled or given up to the DLQ (`parked`: the
  // poller then keeps the position before it, as the in-memory DLQ does not outlive a restart).
  const settleByMessage = new Map<string, (parked: boolean) => void>();
  // A consumer may receive and settle a message before route() has returned its id (the router
  // wakes the consumers as soon as each queue's send succeeds): remember such early settlements so
  // the registration below counts them. Ids never registered (replay publishes) are evicted oldest first.
  const settledEarly = new Map<string, boolean>();
  const settle = (messageId: string, parked: boolean): void => {
    const done = settleByMessage.get(messageId);
    if (done === undefined) {
      if (settledEarly.size >= 10_000) settledEarly.delete(settledEarly.keys().next().value as string);
      settledEarly.set(messageId, parked);
      return;
    }
    settleByMessage.delete(messageId);
    done(parked);
  };

  const router = createBusRouter({ sqs: queues.sqs, queues: queues.queues, onEnqueued: (consumer) => runners.get(consumer)?.wake() });

  const streams = new DynamoDBStreamsClient({
    endpoint: options.dynamoEndpoint,
    region: 'local',
    ...LOCAL_CLIENT_AUTH,
    maxAttempts: 3,
  });

  const config: ConsumerConfig = { client, eventsTableName, readTableName };
  for (const consumer of CONSUMERS) {
    const real = HANDLER_FACTORIES[consumer](config);
    const handler = options.wrapHandler?.(consumer, real) ?? real;
    runners.set(
      consumer,
      startConsumerRunner({
        sqs: queues.sqs,
        queue: queues.queues[consumer],
        handler,
        onSettled: settle,
        onError,
      }),
    );
  }

  const eventStore = createEventStore({ client, tableName: eventsTableName });
  const webhook =
    options.alertWebhookUrl === undefined || options.alertWebhookUrl === ''
      ? undefined
      : createAlertWebhook({
          url: options.alertWebhookUrl,
          readEvent: async (streamId, version) => (await eventStore.readStream(streamId, { fromVersion: version, toVersion: version }))[0],
          onError,
        });

  const poller = startStreamPoller({
    dynamo: client,
    streams,
    tableName: eventsTableName,
    positions: dataDir === undefined ? memoryPositions() : filePositions(dataDir),
    ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
    onError,
    deliver: async (records) => {
      const published = pipeRecords(records);
      const messageIds = await router.route(published);
      webhook?.offer(published);
      let remaining = messageIds.length;
      if (remaining === 0) return { settled: Promise.resolve({ parked: false }) };
      let anyParked = false;
      let resolve: (settlement: Settlement) => void = () => undefined;
      const settled = new Promise<Settlement>((done) => (resolve = done));
      for (const id of messageIds) {
        settleByMessage.set(id, (parked) => {
          anyParked ||= parked;
          remaining -= 1;
          if (remaining === 0) resolve({ parked: anyParked });
        });
        const early = settledEarly.get(id);
        if (early !== undefined) {
          settledEarly.delete(id);
          settle(id, early);
        }
      }
      return { settled };
    },
  });

  // Appends through `client` wake the poller at once, so its idle back-off adds no lag.
  const stopWaking = wakeOnWrite(client, eventsTableName, poller.wake);

  const queuesEmpty = async (): Promise<boolean> => {
    const depths = await Promise.all(
      CONSUMERS.map(async (consumer) => {
        const answer = await queues.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queues.queues[consumer].queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return Number(answer.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(answer.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      }),
    );
    return depths.every((depth) => depth === 0);
  };

  let closed = false;
  const shutdown = async (graceful: boolean): Promise<void> => {
    if (closed) return;
    closed = true;
    webhook?.stop();
    stopWaking();
    await poller.stop();
    const stopping = [...runners.values()].map((runner) => runner.stop());
    // A crash does not wait for the batches in hand: their messages are never deleted, as when a
    // Lambda dies mid-batch; whatever they wrote stays written.
    if (graceful) await Promise.all(stopping);
    streams.destroy();
    await queues.stop();
  };

  return {
    sqsEndpoint: queues.endpoint,
    queues,
    publisher: router,
    drained: async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([poller.caughtUp(), new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
        clearTimeout(timer);
        if (poller.pending() === 0 && (await queuesEmpty())) return;
        if (Date.now() > deadline) throw new Error(`event flow not drained within ${timeoutMs} ms (${poller.pending()} batches pending)`);
        await sleep(20);
      }
    },
    stop: () => shutdown(true),
    crash: () => shutdown(false),
  };
};
