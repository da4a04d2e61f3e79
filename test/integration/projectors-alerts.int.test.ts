import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/registry';
import { indicatorAlertId } from '../../functions/commands/alert-commands';
import { streamIds } from '../../events/stream-ids';
import { createAlertsHandler } from '../../functions/projectors/alerts-handler';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { streamHeads } from '../../functions/store/scan';
import { createReadModelQueries, type ReadModelQueries } from '../../functions/store/read-models/queries';
import { keyOf } from '../../functions/store/read-models/items';
import { readKeys } from '../../functions/store/read-models/keys';
import { EVENT_KEYS, EVENTS_TABLE } from '../../functions/shared/tables';
import { useDynamoLocal } from '../support/dynamo';
import { appender, type HistoryAppender, batchesOf, busBody, dumpTable, sqsRecord, validCreditCode } from './projectors-support';

const db = useDynamoLocal();
const YUAN = 100n;
const FUND = 'bridge9';
const fund = streamIds.fund(FUND);

let store: EventStore;
let out: HistoryAppender;
let queries: ReadModelQueries;

/**
 * Delivers every event of the given streams (from the store) to the alerts reactor, then what the
 * reactor appended to alert streams (the bus would deliver those too; their views are the alerts).
 */
const react = async (...streams: string[]) => {
  const handler = createAlertsHandler({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
  const deliver = async (ids: string[]) => {
    const events = (await Promise.all(ids.map((s) => store.readStream(s)))).flat();
    for (const batch of batchesOf(events.map((e) => sqsRecord(busBody(e))))) expect((await handler(batch)).batchItemFailures).toEqual([]);
  };
  await deliver(streams);
  const alertStreams: string[] = [];
  for await (const head of streamHeads(db.client, db.eventsTableName)) if (head.streamId.startsWith('alert-')) alertStreams.push(head.streamId);
  await deliver(alertStreams);
};

const loan = (loanId: string): string => streamIds.bridgeLoan(FUND, loanId);
const overdue = (loanId: string, principal: bigint): Promise<void> =>
  out.append('2024-02-11', [
    { streamId: loan(loanId), events: [{ type: 'BridgeLoanMarkedOverdue', data: { fundId: FUND, loanId, principal, dueOn: '2024-02-10' } }] },
    { streamId: fund, events: [{ type: 'BridgeLoanWentOverdue', data: { fundId: FUND, loanId, principal } }] },
  ]);
const disburse = (loanId: string, amount: bigint): Promise<void> =>
  out.append('2024-02-01', [
    {
      streamId: loan(loanId),
      events: [
        {
          type: 'BridgeLoanGranted',
          data: { fundId: FUND, loanId, borrower: { name: 'B', creditCode: validCreditCode(7) }, bank: 'Bank', amount, renewalCommitment: { reference: 'r', amount: amount * 2n }, disbursedOn: '2024-02-01', dueOn: '2024-02-10' },
        },
      ],
    },
    { streamId: fund, events: [{ type: 'BridgeLoanDisbursed', data: { fundId: FUND, loanId, amount } }] },
  ]);

const issued = (fundId: string, guaranteeId: string, principal: bigint, feeRateBps: number, borrower: number): DomainEvent => ({
  type: 'GuaranteeIssued',
  data: {
    fundId, guaranteeId, agency: 'A', lender: 'L', principal, feeRateBps,
    borrower: { name: 'N', creditCode: validCreditCode(borrower), category: 'small' }, startsOn: '2024-03-02', maturesOn: '2025-03-02',
    riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
  },
});

beforeAll(async () => {
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  out = appender(store);
  queries = createReadModelQueries({ client: db.client, tableName: db.readTableName });
  const created: DomainEvent = { type: 'FundCreated', data: { fundId: FUND, kind: 'bridge-fund', name: 'Bridge' } };
  await out.append('2024-01-01', [{ streamId: fund, events: [created, { type: 'CapitalInjected', data: { fundId: FUND, amount: 10_000_000n * YUAN, source: 'city', reference: 'i' } }] }]);
  await disburse('l1', 3_500_000n * YUAN);
  await disburse('l2', 1_000_000n * YUAN);
});

describe('alerts reactor', () => {
  it('warns when overdue bridge principal reaches 30 % of capital', async () => {
    await overdue('l1', 3_500_000n * YUAN);
    await react(fund, loan('l1'));
    // 3,500,000 ÷ 10,000,000 = 35 % ≥ 30 % warning, < 40 % suspension
    const open = await queries.listAlerts({ fundId: FUND, open: true });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ indicator: 'bridge-overdue-ratio', level: 'warn', valueBps: 3500, thresholdBps: 3000, raisedOn: '2024-02-11' });
  });

  it('escalates to a breach at 40 %, clearing the warning', async () => {
    await overdue('l2', 1_000_000n * YUAN);
    await react(fund, loan('l2'));
    // 4,500,000 ÷ 10,000,000 = 45 % ≥ 40 %: lending is suspended
    const all = await queries.listAlerts({ fundId: FUND });
    expect(all.map((a) => [a.level, a.status])).toEqual([
      ['warn', 'resolved'],
      ['breach', 'open'],
    ]);
    expect(all[1]).toMatchObject({ valueBps: 4500, thresholdBps: 4000 });
  });

  it('clears the breach when repayments bring the ratio back under 30 %', async () => {
    const principal = 3_500_000n * YUAN;
    const fee = (principal * 1n * 14n) / 10_000n; // 3,500,000.00 × 1 bp × 14 days = 4,900.00
    await out.append('2024-02-15', [
      { streamId: loan('l1'), events: [{ type: 'BridgeLoanSettled', data: { fundId: FUND, loanId: 'l1', repaidOn: '2024-02-15', principal, fee, daysUsed: 14 } }] },
      { streamId: fund, events: [{ type: 'BridgeLoanRepaid', data: { fundId: FUND, loanId: 'l1', principal, fee, daysUsed: 14, wasOverdue: true } }] },
    ]);
    await react(fund, loan('l1'));
    expect(await queries.listAlerts({ fundId: FUND, open: true })).toEqual([]);
    const breach = (await queries.listAlerts({ fundId: FUND })).find((a) => a.level === 'breach');
    expect(breach).toMatchObject({ status: 'resolved', resolvedBy: { streamId: fund } });
  });

  it('redelivering every message raises nothing new', async () => {
    const before = await dumpTable(db.client, db.readTableName);
    await react(fund, loan('l1'), loan('l2'));
    expect(await dumpTable(db.client, db.readTableName)).toEqual(before);
  });

  it('raises an average-fee breach for a guarantee book priced above 1 %', async () => {
    const pool = 'pool9';
    const stream = streamIds.guarantee(pool, 'g1');
    await out.append('2024-03-01', [
      {
        streamId: stream,
        events: [
          {
            type: 'GuaranteeIssued',
            data: {
              fundId: pool, guaranteeId: 'g1', agency: 'A', lender: 'L', principal: 2_000_000n * YUAN, feeRateBps: 150,
              borrower: { name: 'N', creditCode: validCreditCode(9), category: 'micro' }, startsOn: '2024-03-01', maturesOn: '2025-03-01',
              riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
            },
          },
        ],
      },
    ]);
    await react(stream);
    const open = await queries.listAlerts({ fundId: pool, open: true });
    expect(open.map((a) => [a.indicator, a.valueBps, a.thresholdBps])).toEqual([['average-guarantee-fee', 150, 100]]);
  });

  it('twelve streams of one fund delivered at once to one process: their runs take turns, none cancels another, no delta lost', async () => {
    const pool = 'pool10';
    const ids = Array.from({ length: 12 }, (_, i) => `t${i + 1}`);
    for (const [i, id] of ids.entries()) {
      await out.append('2024-03-02', [
        {
          streamId: streamIds.guarantee(pool, id),
          events: [issued(pool, id, BigInt(i + 1) * 100_000n * YUAN, 80, 20 + i)],
        },
      ]);
    }
    const handler = createAlertsHandler({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    let cancelled = 0;
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (context.commandName === 'TransactWriteItemsCommand' && (error as Error).name === 'TransactionCanceledException') cancelled += 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'countCancelled' },
    );
    try {
      // One message per batch, all at once: as the local stack's five workers share one handler.
      const events = (await Promise.all(ids.map((id) => store.readStream(streamIds.guarantee(pool, id))))).flat();
      const answers = await Promise.all(events.map((event) => handler({ Records: [sqsRecord(busBody(event))] })));
      expect(answers.flatMap((answer) => answer.batchItemFailures)).toEqual([]);
    } finally {
      db.client.middlewareStack.remove('countCancelled');
    }
    expect(cancelled).toBe(0);
    // Σ principal = (1 + … + 12) × 100,000.00 = 7,800,000.00; at 80 bp each the average fee is 80 bp.
    const { Item } = await db.client.send(new GetItemCommand({ TableName: db.readTableName, Key: keyOf(readKeys.indicator(pool, 'average-guarantee-fee')), ConsistentRead: true }));
    expect(Item?.denominator?.N).toBe(String(7_800_000n * YUAN));
    expect(Item?.numerator?.N).toBe(String(7_800_000n * YUAN * 80n));
    expect([Item?.valueBps?.N, Item?.revision?.N]).toEqual(['80', '12']);
  });

  it('a fund\'s streams delivered in one batch (one run) leave its indicators and alerts exactly as one message at a time does', async () => {
    let round = 0;
    const guaranteeArb = fc.record({ principal: fc.integer({ min: 1, max: 5 }), feeRateBps: fc.integer({ min: 60, max: 150 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(guaranteeArb, { minLength: 2, maxLength: 8 }), async (guarantees) => {
        round += 1;
        const pools = [`one-${round}`, `batch-${round}`];
        for (const pool of pools) {
          for (const [i, g] of guarantees.entries()) await out.append('2024-03-03', [{ streamId: streamIds.guarantee(pool, `g${i}`), events: [issued(pool, `g${i}`, BigInt(g.principal) * 100_000n * YUAN, g.feeRateBps, 40 + i)] }]);
        }
        const handler = createAlertsHandler({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
        const recordsOf = async (pool: string) => (await Promise.all(guarantees.map((_, i) => store.readStream(streamIds.guarantee(pool, `g${i}`))))).flat().map((e) => sqsRecord(busBody(e)));
        for (const record of await recordsOf(pools[0] as string)) expect((await handler({ Records: [record] })).batchItemFailures).toEqual([]);
        expect((await handler({ Records: await recordsOf(pools[1] as string) })).batchItemFailures).toEqual([]);
        const outcomeOf = async (pool: string) => {
          const indicators = await Promise.all(
            (['average-guarantee-fee', 'compensation-rate'] as const).map(async (indicator) => {
              const { Item } = await db.client.send(new GetItemCommand({ TableName: db.readTableName, Key: keyOf(readKeys.indicator(pool, indicator)), ConsistentRead: true }));
              return [Item?.numerator?.N, Item?.denominator?.N, Item?.valueBps?.N, Item?.level?.S, Item?.revision?.N];
            }),
          );
          const alert = (await store.readStream(streamIds.alert(indicatorAlertId(pool, 'average-guarantee-fee')))).map((e) => [e.type, (e.data as { level?: string }).level, (e.data as { cause?: { streamId?: string } }).cause?.streamId?.replace(pool, 'P')]);
          return { indicators, alert };
        };
        expect(await outcomeOf(pools[1] as string)).toEqual(await outcomeOf(pools[0] as string));
      }),
      { numRuns: 8 },
    );
  });

  it('a batch of ten streams of one fund: their gaps in one read, one run (the policy head and its alert heads read once, together), one transaction', async () => {
    const pool = 'pool11';
    const ids = Array.from({ length: 10 }, (_, i) => `u${i + 1}`);
    for (const [i, id] of ids.entries()) {
      await out.append('2024-03-03', [{ streamId: streamIds.guarantee(pool, id), events: [issued(pool, id, BigInt(i + 1) * 100_000n * YUAN, 90, 40 + i)] }]);
    }
    const handler = createAlertsHandler({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    const events = (await Promise.all(ids.map((id) => store.readStream(streamIds.guarantee(pool, id))))).flat();
    const sent = { queries: 0, headGets: 0, headBatches: 0, transactions: 0 };
    const isHead = (key: Record<string, { S?: string }> | undefined): boolean => key?.[EVENTS_TABLE.sortKey]?.S === EVENT_KEYS.head;
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string; Key?: Record<string, { S?: string }>; RequestItems?: Record<string, { Keys?: Record<string, { S?: string }>[] }> };
        if (context.commandName === 'QueryCommand' && input.TableName === db.eventsTableName) sent.queries += 1;
        if (context.commandName === 'GetItemCommand' && isHead(input.Key)) sent.headGets += 1;
        if (context.commandName === 'BatchGetItemCommand' && (input.RequestItems?.[db.eventsTableName]?.Keys ?? []).filter(isHead).length === 3) sent.headBatches += 1;
        if (context.commandName === 'TransactWriteItemsCommand') sent.transactions += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countReads' },
    );
    try {
      expect((await handler({ Records: events.map((event) => sqsRecord(busBody(event))) })).batchItemFailures).toEqual([]);
    } finally {
      db.client.middlewareStack.remove('countReads');
    }
    // Ten streams of one fund, one run: no stream read by a Query of its own, no head read alone; the
    // policy head and two alert heads (fee, compensation rate) together, once; the two indicators and
    // ten cursors in one transaction.
    expect(sent).toEqual({ queries: 0, headGets: 0, headBatches: 1, transactions: 1 });
    // Σ principal = (1 + … + 10) × 100,000.00 = 5,500,000.00, all at 90 bp.
    const { Item } = await db.client.send(new GetItemCommand({ TableName: db.readTableName, Key: keyOf(readKeys.indicator(pool, 'average-guarantee-fee')), ConsistentRead: true }));
    expect([Item?.denominator?.N, Item?.valueBps?.N, Item?.revision?.N]).toEqual([String(5_500_000n * YUAN), '90', '10']);
  });
});
