// The local event flow end to end: stream -> pipe -> router -> fauxqs -> real projectors.
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { createReadModelQueries, type ReadModelQueries } from '../../functions/store/read-models/queries';
import { listDlq, redriveDlq } from '../../functions/jobs/replay-dlq';
import { type EventFlow, type EventFlowOptions, startEventFlow } from '../../infra/local/event-flow';
import { useDynamoLocal } from '../support/dynamo';
import { appendToFund, capitalInjected, foldCash, fundCreated, testMeta } from '../support/flow-events';

const db = useDynamoLocal();
let store: EventStore;
let queries: ReadModelQueries;
let flow: EventFlow | undefined;

beforeAll(() => {
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  queries = createReadModelQueries({ client: db.client, tableName: db.readTableName });
});

afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const quiet = (): void => undefined;

const streamOf = (body: string): string => (JSON.parse(body) as { detail: { streamId: string } }).detail.streamId;

/** Wraps the books handler so it fails every message `fails` picks (a poison, or the store down for them). */
const booksFailing =
  (fails: (record: SQSRecord) => boolean): NonNullable<EventFlowOptions['wrapHandler']> =>
  (consumer, real) =>
  async (event, context) => {
    if (consumer !== 'books') return real(event, context);
    const failing = event.Records.filter(fails);
    const rest = event.Records.filter((record) => !failing.includes(record));
    const answer: SQSBatchResponse = rest.length > 0 ? ((await real({ Records: rest }, context)) ?? { batchItemFailures: [] }) : { batchItemFailures: [] };
    return { batchItemFailures: [...answer.batchItemFailures, ...failing.map((record) => ({ itemIdentifier: record.messageId }))] };
  };

describe('local event flow', () => {
  it('projects appended events into the books: cash equals the fold of the store', async () => {
    flow = await startEventFlow({ dynamoEndpoint: db.endpoint, client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    await store.append([{ streamId: 'fund-a1', expectedVersion: 0, events: [fundCreated('a1'), capitalInjected('a1', 1_000_000n, 'c1')] }], { meta: testMeta });
    await appendToFund(store, 'a1', capitalInjected('a1', 250_050n, 'c2'));
    await flow.drained();
    // 10,000.00 + 2,500.50 = 12,500.50
    expect((await queries.getFund('a1'))?.cash).toBe(1_250_050n);
    expect(await queries.getCursor('books', 'fund-a1')).toBe(3);
    expect(await queries.getCursor('alerts', 'fund-a1')).toBe(3);
  });

  it('parks a message whose handler always fails in the DLQ after maxReceiveCount while the others apply, and a redrive applies it', async () => {
    let poisoned = true;
    const received: Record<string, number> = {};
    flow = await startEventFlow({
      dynamoEndpoint: db.endpoint,
      client: db.client,
      eventsTableName: db.eventsTableName,
      readTableName: db.readTableName,
      queueOverrides: { visibilityTimeoutSeconds: 1, maxReceiveCount: 3 },
      onError: quiet,
      wrapHandler: booksFailing((record) => {
        const poison = poisoned && streamOf(record.body) === 'fund-p1';
        if (poison) received[record.messageId] = Number(record.attributes.ApproximateReceiveCount);
        return poison;
      }),
    });
    await store.append([{ streamId: 'fund-p1', expectedVersion: 0, events: [fundCreated('p1'), capitalInjected('p1', 500n, 'p')] }], { meta: testMeta });
    await store.append([{ streamId: 'fund-ok', expectedVersion: 0, events: [fundCreated('ok'), capitalInjected('ok', 700n, 'o')] }], { meta: testMeta });
    await flow.drained(30_000);

    const urls = { queueUrl: flow.queues.queues.books.queueUrl, dlqUrl: flow.queues.queues.books.dlqUrl };
    const parked = await listDlq(flow.queues.sqs, urls);
    expect(parked.map((message) => message.summary).sort()).toEqual(['fund-p1@1 FundCreated', 'fund-p1@2 CapitalInjected']);
    // Each poison message was handed to the handler exactly maxReceiveCount times.
    expect(Object.values(received).sort()).toEqual([3, 3]);
    expect((await queries.getFund('ok'))?.cash).toBe(700n);
    expect(await queries.getCursor('books', 'fund-p1')).toBe(0);
    // Other consumers are not affected by the books' poison. Positions is sent FundCreated only and
    // commits a batch's streams together, each to the version its messages name (1); alerts catch a
    // stream up one by one, to its head (2).
    expect(await queries.getCursor('positions', 'fund-p1')).toBe(1);
    expect(await queries.getCursor('alerts', 'fund-p1')).toBe(2);
    // Listing leaves the messages in place.
    expect(await listDlq(flow.queues.sqs, urls)).toHaveLength(2);

    poisoned = false;
    expect(await redriveDlq(flow.queues.sqs, urls)).toEqual({ moved: 2 });
    await flow.drained();
    expect(await listDlq(flow.queues.sqs, urls)).toHaveLength(0);
    expect((await queries.getFund('p1'))?.cash).toBe(500n);
  });

  it('routes replayed events through the local bus to the consumers', async () => {
    flow = await startEventFlow({ dynamoEndpoint: db.endpoint, client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    await store.append([{ streamId: 'fund-r1', expectedVersion: 0, events: [fundCreated('r1'), capitalInjected('r1', 900n, 'r')] }], { meta: testMeta });
    await flow.drained();
    const before = await queries.getFund('r1');
    const { replay } = await import('../../functions/jobs/replay');
    const result = await replay({ fundId: 'r1' }, { store, client: db.client, eventsTableName: db.eventsTableName }, { publisher: flow.publisher });
    expect(result.published).toBe(2);
    await flow.drained();
    // A replay is a duplicate delivery: the read model does not move.
    expect(await queries.getFund('r1')).toEqual(before);
    expect(before?.cash).toBe(900n);
  });
});

describe('restart', () => {
  it('a flow killed in the middle of a batch and restarted on the same data dir loses nothing and doubles nothing', { timeout: 120_000 }, async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'flow-restart-'));
    const funds = Array.from({ length: 8 }, (_, i) => `k${i}`);
    const options = { dynamoEndpoint: db.endpoint, client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName, dataDir, onError: quiet };
    try {
      // A gate the books handler stops at, half way through its 4th batch, after applying part of it.
      let batches = 0;
      let reachedGate: () => void = () => undefined;
      const atGate = new Promise<void>((resolve) => (reachedGate = resolve));
      let openGate: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      // One books worker: while it waits at the gate, everything else piles up in the (in-memory) queue.
      const first = await startEventFlow({
        ...options,
        queueOverrides: { maxConcurrency: 1 },
        wrapHandler: (consumer, real) => async (event, context) => {
          if (consumer !== 'books') return real(event, context);
          batches += 1;
          if (batches !== 4) return real(event, context);
          const half = Math.ceil(event.Records.length / 2);
          await real({ Records: event.Records.slice(0, half) }, context);
          reachedGate();
          await gate;
          return real({ Records: event.Records.slice(half) }, context);
        },
      });
      await Promise.all(funds.map((fundId) => store.append([{ streamId: `fund-${fundId}`, expectedVersion: 0, events: [fundCreated(fundId)] }], { meta: testMeta })));
      // 8 funds × 6 injections, appended one by one so they arrive in many stream batches.
      const appending = (async () => {
        for (let round = 1; round <= 6; round += 1) {
          for (const fundId of funds) await appendToFund(store, fundId, capitalInjected(fundId, BigInt(round * 100 + 1), `${fundId}-${round}`));
        }
      })();
      await atGate;
      await appending;
      await first.crash();
      openGate();
      expect(JSON.parse(readFileSync(path.join(dataDir, 'stream-positions.json'), 'utf8'))).toHaveProperty('shards');
      // Written while the flow was down, to half the funds: the other half get no new message, so
      // only a restart that re-reads what was queued but not applied can bring them up to date.
      const late = funds.slice(0, 4);
      for (const fundId of late) await appendToFund(store, fundId, capitalInjected(fundId, 7n, `${fundId}-late`));

      flow = await startEventFlow(options);
      await flow.drained(60_000);
      for (const fundId of funds) {
        const head = await store.readHead(`fund-${fundId}`);
        expect(await queries.getCursor('books', `fund-${fundId}`)).toBe(head?.version);
        // 101 + 201 + … + 601 = 2,106 fen (+ 7 late), each once
        expect((await queries.getFund(fundId))?.cash).toBe(await foldCash(store, fundId));
        expect(await foldCash(store, fundId)).toBe(late.includes(fundId) ? 2_113n : 2_106n);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a message parked in the (in-memory) DLQ is not lost when the flow restarts: the position waits before it', { timeout: 120_000 }, async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'flow-parked-'));
    const options = { dynamoEndpoint: db.endpoint, client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName, dataDir, onError: quiet };
    try {
      // The store "down" for the books of fund-d1 (as when DynamoDB Local restarts): its messages are parked.
      const first = await startEventFlow({
        ...options,
        queueOverrides: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 },
        wrapHandler: booksFailing((record) => streamOf(record.body) === 'fund-d1'),
      });
      await store.append([{ streamId: 'fund-d1', expectedVersion: 0, events: [fundCreated('d1'), capitalInjected('d1', 300n, 'd')] }], { meta: testMeta });
      await store.append([{ streamId: 'fund-d2', expectedVersion: 0, events: [fundCreated('d2'), capitalInjected('d2', 400n, 'e')] }], { meta: testMeta });
      await first.drained(30_000);
      expect(await listDlq(first.queues.sqs, { queueUrl: first.queues.queues.books.queueUrl, dlqUrl: first.queues.queues.books.dlqUrl })).toHaveLength(2);
      expect(await queries.getCursor('books', 'fund-d1')).toBe(0);
      await first.crash(); // the DLQ goes with the process

      flow = await startEventFlow(options);
      await flow.drained(60_000);
      expect((await queries.getFund('d1'))?.cash).toBe(300n);
      expect(await queries.getCursor('books', 'fund-d1')).toBe(2);
      expect((await queries.getFund('d2'))?.cash).toBe(400n);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
