// Projection throughput and lag on the local stack: DynamoDB Local, the local event flow
// (stream poller -> router -> fauxqs -> the real projectors) and N_EVENTS appends across N_STREAMS
// fund streams by concurrent writers. Lag of an event = the moment the books projector's batch
// that made its version visible returned (its transaction committed) minus the moment its append
// returned. Measured without polling, so the measurement adds no load.
//   npm run bench -- projection   (BENCH_EVENTS=10000 BENCH_STREAMS=100 BENCH_WRITERS=20 BENCH_CONCURRENCY=<routing.ts>
//                                  BENCH_RATE=0 BENCH_JVM_OPTIONS='')
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { startEventFlow } from '../infra/local/event-flow';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { createEventStore } from '../functions/store/event-store';
import { createReadModelQueries } from '../functions/store/read-models/queries';
import { cpuBetween, treeCpu } from './support/proc-cpu';
import { appendToFundAt, capitalInjected, foldCash, fundCreated, testMeta } from '../test/support/flow-events';

const N_EVENTS = Number(process.env['BENCH_EVENTS'] ?? 10_000);
const N_STREAMS = Number(process.env['BENCH_STREAMS'] ?? 100);
const N_WRITERS = Number(process.env['BENCH_WRITERS'] ?? 20);
/** Concurrent batches per consumer; routing.ts's maxConcurrency when unset. */
const CONCURRENCY = process.env['BENCH_CONCURRENCY'];
/** Appends per second to aim at (0: as fast as the writers go, which measures saturation, not lag). */
const RATE = Number(process.env['BENCH_RATE'] ?? 0);
/** JVM options for DynamoDB Local, space-separated (default none: the local stack's JVM). */
const JVM_OPTIONS = (process.env['BENCH_JVM_OPTIONS'] ?? '').split(' ').filter((option) => option !== '');

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export default async function projection(): Promise<void> {
  // The JVM as the local stack runs it (full JIT, default GC), not the tests' fast-start flags,
  // which trade throughput for startup; BENCH_DATA_DIR puts the tables on disk as `npm start` does.
  const dataDir = process.env['BENCH_DATA_DIR'];
  const dynamo = await startDynamoLocal({ jvmOptions: JVM_OPTIONS, ...(dataDir === undefined ? {} : { dataDir: mkdtempSync(path.join(dataDir, 'bench-projection-')) }) });
  const client = createDynamoClient(dynamo.endpoint);
  const { eventsTableName, readTableName } = await createTables(client);
  const store = createEventStore({ client, tableName: eventsTableName });
  const queries = createReadModelQueries({ client, tableName: readTableName });
  // DynamoDB calls by command during the measured phase (appends and projectors share this client),
  // and by whom: a consumer's handler runs in its own async context, everything else is the appends.
  const calls = new Map<string, number>();
  const callsBy = new Map<string, number>();
  const cancelled = new Map<string, number>();
  const caller = new AsyncLocalStorage<string>();
  let counting = false;
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (!counting) return next(args);
      calls.set(context.commandName ?? '?', (calls.get(context.commandName ?? '?') ?? 0) + 1);
      const by = caller.getStore() ?? 'appends';
      callsBy.set(by, (callsBy.get(by) ?? 0) + 1);
      return next(args).catch((error: unknown) => {
        // Cancelled transactions by caller: a consumer's show lost races (concurrent batches of one stream).
        if (error instanceof Error && error.name === 'TransactionCanceledException') cancelled.set(by, (cancelled.get(by) ?? 0) + 1);
        throw error;
      });
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  // The stream poller's calls (its client is the flow's own): counted on the class, bench only.
  const streamCalls = new Map<string, number>();
  const send = DynamoDBStreamsClient.prototype.send;
  DynamoDBStreamsClient.prototype.send = function (this: DynamoDBStreamsClient, ...args: Parameters<typeof send>) {
    if (counting) {
      const name = args[0].constructor.name.replace(/Command$/, '');
      streamCalls.set(name, (streamCalls.get(name) ?? 0) + 1);
    }
    return send.apply(this, args);
  } as typeof send;
  // Batches per consumer: how many, how many messages, time inside the handler.
  const batches = new Map<string, { batches: number; messages: number; busyMs: number }>();
  const books = { batches: 0, messages: 0, busyMs: 0 };
  const funds = Array.from({ length: N_STREAMS }, (_, i) => `b${i}`);
  const appendedAt = new Map<string, number>();
  // When the books handler first received the message of (stream, version): the flow's own share of the lag.
  const deliveredAt = new Map<string, number>();
  // When the message was enqueued (SQS SentTimestamp, on performance.now()'s clock): the poller and router's share.
  const enqueuedAt = new Map<string, number>();
  // Per stream: (time a books batch returned, highest version it applied), in completion order.
  const visible = new Map<string, { at: number; version: number }[]>();

  const flow = await startEventFlow({
    dynamoEndpoint: dynamo.endpoint,
    client,
    eventsTableName,
    readTableName,
    ...(CONCURRENCY === undefined ? {} : { queueOverrides: { maxConcurrency: Number(CONCURRENCY) } }),
    wrapHandler: (consumer, real) => async (event, context) => {
      const handedOver = performance.now();
      const answer = await caller.run(consumer, () => real(event, context));
      const load = batches.get(consumer) ?? { batches: 0, messages: 0, busyMs: 0 };
      batches.set(consumer, { batches: load.batches + 1, messages: load.messages + event.Records.length, busyMs: load.busyMs + performance.now() - handedOver });
      if (consumer !== 'books') return answer;
      books.batches += 1;
      books.messages += event.Records.length;
      books.busyMs += performance.now() - handedOver;
      for (const record of event.Records) {
        const { streamId, version } = (JSON.parse(record.body) as { detail: { streamId: string; version: number } }).detail;
        const key = `${streamId}@${version}`;
        if (!deliveredAt.has(key)) deliveredAt.set(key, handedOver);
        if (!enqueuedAt.has(key)) enqueuedAt.set(key, Number(record.attributes.SentTimestamp) - performance.timeOrigin);
      }
      const at = performance.now();
      const failed = new Set((answer?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      for (const record of event.Records) {
        if (failed.has(record.messageId)) continue;
        const { streamId, version } = (JSON.parse(record.body) as { detail: { streamId: string; version: number } }).detail;
        visible.set(streamId, [...(visible.get(streamId) ?? []), { at, version }]);
      }
      return answer;
    },
  });
  try {
    await Promise.all(funds.map((fundId) => store.append([{ streamId: `fund-${fundId}`, expectedVersion: 0, events: [fundCreated(fundId)] }], { meta: testMeta })));
    await flow.drained(120_000);
    visible.clear();
    deliveredAt.clear();
    enqueuedAt.clear();
    Object.assign(books, { batches: 0, messages: 0, busyMs: 0 });
    batches.clear();
    counting = true;
    // CPU of this process (writers, poller, router, fauxqs, consumers) and of the DynamoDB Local JVM.
    const cpuBefore = [...treeCpu(process.pid), ...treeCpu(dynamo.pid)];

    const perStream = Math.ceil(N_EVENTS / N_STREAMS);
    const started = performance.now();
    let next = 0;
    let issued = 0;
    // Each writer takes the next (stream, round) pair; a stream's versions go out in order.
    const jobs = Array.from({ length: perStream }, (_, round) => funds.map((fundId) => ({ fundId, version: round + 2 }))).flat().slice(0, N_EVENTS);
    const busy = new Set<string>();
    await Promise.all(
      Array.from({ length: N_WRITERS }, async () => {
        for (;;) {
          const index = jobs.findIndex((job, i) => i >= next && !busy.has(job.fundId));
          if (index < 0) {
            if (next >= jobs.length) return;
            await new Promise((resolve) => setTimeout(resolve, 1));
            continue;
          }
          const job = jobs.splice(index, 1)[0];
          if (job === undefined) return;
          if (RATE > 0) {
            // Paced: the k-th append may start at k / RATE seconds.
            const due = started + (issued++ * 1000) / RATE - performance.now();
            if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
          }
          busy.add(job.fundId);
          await appendToFundAt(store, job.fundId, job.version, capitalInjected(job.fundId, 100n, `${job.fundId}-${job.version}`));
          appendedAt.set(`fund-${job.fundId}@${job.version}`, performance.now());
          busy.delete(job.fundId);
          if (jobs.length === 0) next = 0;
        }
      }),
    );
    const appended = performance.now();
    await flow.drained(600_000);
    counting = false;
    const cpu = cpuBetween(cpuBefore, [...treeCpu(process.pid), ...treeCpu(dynamo.pid)]);
    const cpuOf = (pid: number): number => cpu.filter((p) => p.pid === pid).reduce((sum, p) => sum + p.seconds, 0);

    const lags: number[] = [];
    let lastVisible = 0;
    for (const [key, at] of appendedAt) {
      const [streamId = '', version = '0'] = key.split('@');
      const seen = (visible.get(streamId) ?? []).filter((entry) => entry.version >= Number(version)).map((entry) => entry.at);
      const visibleAt = Math.min(...seen);
      lastVisible = Math.max(lastVisible, visibleAt);
      lags.push(visibleAt - at);
    }
    lags.sort((a, b) => a - b);
    const enqueues = [...appendedAt].map(([key, at]) => (enqueuedAt.get(key) ?? NaN) - at).sort((a, b) => a - b);
    const deliveries = [...appendedAt].map(([key, at]) => (deliveredAt.get(key) ?? NaN) - at).sort((a, b) => a - b);
    for (const fundId of funds.slice(0, 5)) {
      const cash = (await queries.getFund(fundId))?.cash;
      if (cash !== (await foldCash(store, fundId))) throw new Error(`books of ${fundId} differ from the store`);
    }
    const seconds = (lastVisible - started) / 1000;
    console.log(`events ${appendedAt.size} across ${N_STREAMS} streams, ${N_WRITERS} writers, consumer concurrency ${CONCURRENCY ?? 'per routing.ts'}, rate ${RATE > 0 ? `${RATE}/s` : 'unpaced'}`);
    console.log(`append rate          ${(appendedAt.size / ((appended - started) / 1000)).toFixed(0)} events/s`);
    console.log(`projected (books)    ${(appendedAt.size / seconds).toFixed(0)} events/s (first append to last visible: ${seconds.toFixed(1)} s)`);
    console.log(`append->enqueued     p50 ${percentile(enqueues, 50).toFixed(0)} ms  p99 ${percentile(enqueues, 99).toFixed(0)} ms  (stream poll, route; SQS SentTimestamp, ms resolution)`);
    console.log(`append->handler      p50 ${percentile(deliveries, 50).toFixed(0)} ms  p99 ${percentile(deliveries, 99).toFixed(0)} ms  (stream poll, route, enqueue, receive, wait in queue)`);
    const perEvent = [...calls].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${name.replace(/Command$/, '')} ${(n / appendedAt.size).toFixed(2)}`);
    console.log(`DynamoDB calls/event ${perEvent.join(', ')}  (appends + all three consumers)`);
    const byWhom = [...callsBy].map(([by, n]) => `${by} ${(n / appendedAt.size).toFixed(2)}`);
    console.log(`stream poller calls  ${[...streamCalls].map(([name, n]) => `${name} ${(n / appendedAt.size).toFixed(2)}`).join(', ')} per event`);
    console.log(`calls/event by whom  ${byWhom.join(', ')}  (cancelled transactions: ${[...cancelled].map(([by, n]) => `${by} ${n}`).join(', ') || 'none'})`);
    const handlerTimes = [...batches].map(([consumer, b]) => `${consumer} ${b.batches}×${(b.messages / b.batches).toFixed(1)} msgs, ${(b.busyMs / 1000).toFixed(1)} s`);
    console.log(`consumers' handlers  ${handlerTimes.join('; ')}  (batches × messages, total time in the handler)`);
    const wall = (performance.now() - started) / 1000;
    console.log(`CPU while measured   node ${cpuOf(process.pid).toFixed(1)} s, DynamoDB Local JVM ${cpuOf(dynamo.pid).toFixed(1)} s over ${wall.toFixed(1)} s wall  (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    console.log(`books batches        ${books.batches}, ${(books.messages / books.batches).toFixed(1)} messages each, ${(books.busyMs / books.batches).toFixed(0)} ms each in the handler`);
    console.log(`lag append->visible  p50 ${percentile(lags, 50).toFixed(0)} ms  p99 ${percentile(lags, 99).toFixed(0)} ms  max ${(lags.at(-1) ?? NaN).toFixed(0)} ms`);
  } finally {
    await flow.stop();
    client.destroy();
    await dynamo.stop();
  }
}
