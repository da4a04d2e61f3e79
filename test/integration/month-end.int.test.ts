import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { runMonthEnd, type MonthEndDeps } from '../../functions/month-end/reconcile';
import type { FundMonthReport } from '../../functions/month-end/report-schema';
import { reconciliationAlertId } from '../../functions/month-end/outcome-alert';
import { recordStatement } from '../../functions/month-end/statements';
import { parseStatementJson } from '../../functions/month-end/statement-parse';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { readKeys } from '../../functions/store/read-models/keys';
import { formatYuan, parseYuan } from '../../events/money';
import { useDynamoLocal } from '../support/dynamo';
import { appender } from './projectors-support';
import { type Appended, appendMonthHistory, FUNDS, MONTH } from './month-end-history';

const db = useDynamoLocal();
const META = { actor: 'test', role: 'finance-bureau', requestId: 'r', correlationId: 'c' };

// The test's own posting table, written from docs/design-notes.md, not from domain/posting-rules.ts.
type Line = [account: string, debit: bigint, credit: bigint];
const postings = (e: DomainEvent): Line[] => {
  switch (e.type) {
    case 'CapitalInjected': return [['1001', e.data.amount, 0n], ['3001', 0n, e.data.amount]];
    case 'InterestReceived': return [['1001', e.data.amount, 0n], ['4001', 0n, e.data.amount]];
    case 'CompensationPaid': return [['5001', e.data.amount, 0n], ['2202', e.data.amount, e.data.amount], ['1001', 0n, e.data.amount]];
    case 'RecoveryReceived': return [['1001', e.data.amount, 0n], ['4003', 0n, e.data.amount]];
    case 'BridgeLoanDisbursed': return [['1201', e.data.amount, 0n], ['1001', 0n, e.data.amount]];
    case 'BridgeLoanWentOverdue': return [['1203', e.data.principal, 0n], ['1201', 0n, e.data.principal]];
    case 'BridgeLoanRepaid': return [['1001', e.data.principal + e.data.fee, 0n], ['1201', 0n, e.data.principal], ['4002', 0n, e.data.fee]];
    case 'CapitalCallPaid': return [['2203', e.data.amount, 0n], ['1001', 0n, e.data.amount]];
    case 'DistributionReceived': return [['1001', e.data.returnOfCapital + e.data.gain, 0n], ['1501', 0n, e.data.returnOfCapital], ['4004', 0n, e.data.gain]];
    case 'GuaranteeIssued': return [['9001', e.data.principal, 0n]];
    case 'GuaranteeReleased': case 'GuaranteeDefaulted': return [['9001', 0n, e.data.principal]];
    case 'CommitmentMade': return [['9002', e.data.amount, 0n]];
    case 'CapitalCalled': return [['1501', e.data.amount, 0n], ['2203', 0n, e.data.amount], ['9002', 0n, e.data.amount]];
    default: return [];
  }
};
const CREDIT_NORMAL = new Set(['1204', '2201', '2202', '2203', '3001', '3101', '4001', '4002', '4003', '4004']);
const fundOf = (e: DomainEvent): string => (e.data as { fundId: string }).fundId;
const cash = (e: DomainEvent): bigint => postings(e).filter(([a]) => a === '1001').reduce((s, [, d, c]) => s + d - c, 0n);
const referenceOf = (e: DomainEvent): string => {
  const d = e.data as Record<string, unknown>;
  return String(d.reference ?? d.loanId ?? d.callId ?? d.distributionId ?? d.guaranteeId ?? '');
};

interface Expected { opening: bigint; debit: bigint; credit: bigint; closing: bigint }
const expectedAccounts = (log: Appended[], fundId: string): Map<string, Expected> => {
  const out = new Map<string, Expected>();
  for (const { occurredOn, event } of log) {
    if (fundOf(event) !== fundId) continue;
    for (const [account, debit, credit] of postings(event)) {
      const sign = CREDIT_NORMAL.has(account) ? -1n : 1n;
      const row = out.get(account) ?? { opening: 0n, debit: 0n, credit: 0n, closing: 0n };
      if (occurredOn < `${MONTH}-01`) row.opening += sign * (debit - credit);
      else { row.debit += debit; row.credit += credit; }
      row.closing += sign * (debit - credit);
      out.set(account, row);
    }
  }
  return out;
};

/** The bank's statement: one line per October cash movement; `drop`/`extra` make it disagree. */
const statementFor = (log: Appended[], fundId: string, options: { drop?: string; extra?: { date: string; amount: string; reference: string } } = {}) => {
  const opening = log.filter((a) => fundOf(a.event) === fundId && a.occurredOn < `${MONTH}-01`).reduce((s, a) => s + cash(a.event), 0n);
  const lines = log
    .filter((a) => fundOf(a.event) === fundId && a.occurredOn >= `${MONTH}-01` && cash(a.event) !== 0n && referenceOf(a.event) !== options.drop)
    .map((a) => ({ date: a.occurredOn, amount: formatYuan(cash(a.event)), reference: `BANK ${referenceOf(a.event)}`, description: String(a.event.type) }));
  if (options.extra !== undefined) lines.push({ ...options.extra, description: 'bank charge' });
  const closing = lines.reduce((s, l) => s + parseYuan(l.amount, 'amount', { signed: true }), opening);
  return { month: MONTH, openingBalance: formatYuan(opening), closingBalance: formatYuan(closing), lines };
};

describe('month-end reconciliation on DynamoDB Local', () => {
  let store: EventStore;
  let deps: MonthEndDeps;
  let log: Appended[];
  let reports: Map<string, FundMonthReport>;

  beforeAll(async () => {
    store = createEventStore({ client: db.client, tableName: db.eventsTableName });
    log = await appendMonthHistory(store);
    await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    // The pool's bank has not yet credited the interest (missing line) and charged a fee (extra line).
    const statements = {
      [FUNDS.pool]: statementFor(log, FUNDS.pool, { drop: 'INT-2026Q3', extra: { date: `${MONTH}-31`, amount: '-5.00', reference: 'FEE' } }),
      [FUNDS.bridge]: statementFor(log, FUNDS.bridge),
      [FUNDS.guidance]: statementFor(log, FUNDS.guidance),
    };
    for (const [fundId, body] of Object.entries(statements)) {
      const parsed = parseStatementJson(body);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      await recordStatement(store, { fundId, statement: parsed.statement, meta: META });
    }
    deps = {
      store,
      queries: createReadModelQueries({ client: db.client, tableName: db.readTableName }),
      reports: createReconciliationReports({ client: db.client, tableName: db.readTableName }),
    };
    await runMonthEnd(deps, { month: MONTH, runId: 'run-1' });
    reports = new Map((await deps.reports.listMonth(MONTH)).map((r) => [r.fundId, r]));
  });

  it('reports every account total as an independent computation gives it', () => {
    for (const fundId of Object.values(FUNDS)) {
      const report = reports.get(fundId);
      const expected = expectedAccounts(log, fundId);
      for (const row of report?.accounts ?? []) {
        const want = expected.get(row.account) ?? { opening: 0n, debit: 0n, credit: 0n, closing: 0n };
        expect({ fund: fundId, account: row.account, opening: row.opening, debit: row.debit, credit: row.credit, closing: row.closing }).toEqual({ fund: fundId, account: row.account, ...want });
      }
      const nonMemo = [...expected].filter(([a]) => !a.startsWith('9'));
      const debits = nonMemo.reduce((s, [, r]) => s + r.debit, 0n);
      expect(report?.trialBalance.month).toEqual({ debits, credits: nonMemo.reduce((s, [, r]) => s + r.credit, 0n), balanced: true });
      expect(report?.trialBalance.cumulative.balanced).toBe(true);
      expect(report?.eventsInMonth).toBe(log.filter((a) => fundOf(a.event) === fundId && a.occurredOn >= `${MONTH}-01`).length);
    }
  });

  it('reports positions that match the generated month', () => {
    const issued = log.filter((a) => a.event.type === 'GuaranteeIssued').map((a) => a.event as Extract<DomainEvent, { type: 'GuaranteeIssued' }>);
    const closed = new Set(log.filter((a) => a.event.type === 'GuaranteeReleased' || a.event.type === 'GuaranteeDefaulted').map((a) => (a.event.data as { guaranteeId: string }).guaranteeId));
    const open = issued.filter((g) => !closed.has(g.data.guaranteeId));
    const pool = reports.get(FUNDS.pool)?.positions.riskPool;
    expect(pool?.outstanding).toEqual({ count: open.length, amount: open.reduce((s, g) => s + g.data.principal, 0n) });
    for (const g of open) expect(pool?.byCounty[g.data.borrower.county ?? 'unknown']?.count).toBeGreaterThan(0);
    expect(Object.values(pool?.byCategory ?? {}).reduce((s, c) => s + c.amount, 0n)).toBe(pool?.outstanding.amount);

    const bridge = reports.get(FUNDS.bridge)?.positions.bridgeFund;
    const octDisbursed = log.filter((a) => a.event.type === 'BridgeLoanDisbursed' && a.occurredOn >= `${MONTH}-01`);
    expect(bridge?.turnoverCount).toBe(octDisbursed.length); // L1–L11: eleven uses in October
    expect(bridge?.lentInMonth.amount).toBe(octDisbursed.reduce((s, a) => s + (a.event as Extract<DomainEvent, { type: 'BridgeLoanDisbursed' }>).data.amount, 0n));
    const overdue = log.find((a) => a.event.type === 'BridgeLoanWentOverdue')?.event as Extract<DomainEvent, { type: 'BridgeLoanWentOverdue' }>;
    expect(bridge?.overdue).toBe(overdue.data.principal);

    // 400,000,000 sub-fund ÷ 100,000,000 committed = 4.00; unfunded 100,000,000 − 25,000,000 called
    expect(reports.get(FUNDS.guidance)?.positions.guidanceFund).toMatchObject({ leverage: '4.00', unfunded: 75_000_000_00n, paidIn: 20_000_000_00n, called: 25_000_000_00n });
  });

  it('lists the missing and the extra bank line and the 余额调节表 balances', () => {
    const bank = reports.get(FUNDS.pool)?.bank;
    expect(bank?.unmatchedLedger.items.map((m) => [m.reference, m.amount])).toEqual([['INT-2026Q3', 12_345_67n]]);
    expect(bank?.unmatchedStatement.items.map((l) => [l.reference, l.amount])).toEqual([['FEE', -500n]]);
    const table = bank?.balanceReconciliation;
    expect(table?.balanced).toBe(true);
    // ledger cash − 5.00 bank fee = statement closing + 12,345.67 interest in transit
    expect(table?.adjustedLedgerBalance).toBe((table?.ledgerBalance ?? 0n) - 500n);
    expect(table?.adjustedStatementBalance).toBe((table?.statementBalance ?? 0n) + 12_345_67n);
    expect(reports.get(FUNDS.pool)?.clean).toBe(false);
  });

  it('finds the bridge and guidance funds clean and records each outcome once per run', async () => {
    expect(reports.get(FUNDS.bridge)).toMatchObject({ clean: true, discrepancyCount: 0 });
    expect(reports.get(FUNDS.guidance)).toMatchObject({ clean: true, discrepancyCount: 0 });
    await runMonthEnd(deps, { month: MONTH, runId: 'run-1' });
    const period = await store.readStream(streamIds.period(FUNDS.bridge, MONTH));
    expect(period.map((e) => [e.type, e.data.clean])).toEqual([['ReconciliationCompleted', true]]);
    // Only the pool's month had discrepancies: its alert was raised once, with the first run's outcome.
    const poolAlert = await store.readStream(streamIds.alert(reconciliationAlertId(FUNDS.pool, MONTH)));
    expect(poolAlert.map((e) => [e.type, e.data.fundId, e.data.month])).toEqual([['AlertRaised', FUNDS.pool, MONTH]]);
    expect(await store.readHead(streamIds.alert(reconciliationAlertId(FUNDS.bridge, MONTH)))).toBeUndefined();
  });

  it('names a tampered stored event and a tampered read-model balance', async () => {
    const distribution = (await store.readStream(streamIds.fund(FUNDS.guidance))).find((e) => e.type === 'DistributionReceived');
    if (distribution === undefined) throw new Error('no distribution');
    await db.client.send(new UpdateItemCommand({
      TableName: db.eventsTableName,
      Key: { PK: { S: `S#${distribution.streamId}` }, SK: { S: `E#${String(distribution.version).padStart(10, '0')}` } },
      UpdateExpression: 'SET #data.#gain = :gain',
      ExpressionAttributeNames: { '#data': 'data', '#gain': 'gain' },
      ExpressionAttributeValues: { ':gain': { S: '999999.99' } },
    }));
    const day = readKeys.day(FUNDS.bridge, `${MONTH}-05`, '4002');
    await db.client.send(new UpdateItemCommand({
      TableName: db.readTableName,
      Key: { PK: { S: day.PK }, SK: { S: day.SK } },
      UpdateExpression: 'ADD #credit :x',
      ExpressionAttributeNames: { '#credit': 'credit' },
      ExpressionAttributeValues: { ':x': { N: '777' } },
    }));
    // A stream wholly inside October (checked link by link as the month streams past) is named too.
    const settled = (await store.readStream(streamIds.bridgeLoan(FUNDS.bridge, 'L5'))).find((e) => e.type === 'BridgeLoanSettled');
    if (settled === undefined) throw new Error('no settlement');
    await db.client.send(new UpdateItemCommand({
      TableName: db.eventsTableName,
      Key: { PK: { S: `S#${settled.streamId}` }, SK: { S: `E#${String(settled.version).padStart(10, '0')}` } },
      UpdateExpression: 'SET #data.#days = :days',
      ExpressionAttributeNames: { '#data': 'data', '#days': 'daysUsed' },
      ExpressionAttributeValues: { ':days': { N: '9' } },
    }));
    await runMonthEnd(deps, { month: MONTH, runId: 'run-2' });
    const after = new Map((await deps.reports.listMonth(MONTH)).map((r) => [r.fundId, r]));
    const guidance = after.get(FUNDS.guidance);
    expect(guidance?.streams.broken).toEqual([expect.objectContaining({ streamId: streamIds.fund(FUNDS.guidance), brokenAtVersion: distribution.version })]);
    expect(guidance?.clean).toBe(false);
    // The bridge fund's read model shows 7.77 more fee income (a credit: −7.77 as net debit).
    expect(after.get(FUNDS.bridge)?.readModel.differences).toEqual([{ account: '4002', replayed: expect.any(BigInt), projected: expect.any(BigInt), difference: -777n }]);
    expect(after.get(FUNDS.bridge)?.streams.broken).toEqual([expect.objectContaining({ streamId: settled.streamId, brokenAtVersion: settled.version })]);
    expect(after.get(FUNDS.bridge)?.discrepancies.map((d) => d.kind)).toEqual(['read-model', 'hash-chain']);
  });

  it('places every event: one dated before its fund opened is that fund\'s discrepancy, one of a fund never created is the run\'s', async () => {
    const out = appender(store);
    // fund-late opened on 2026-08-10, yet holds interest dated 2026-08-05; fund-ghost was never created.
    await out.append('2026-08-10', [{ streamId: streamIds.fund('late'), events: [{ type: 'FundCreated', data: { fundId: 'late', kind: 'risk-pool', name: 'late', openedOn: '2026-08-10' } }] }]);
    await out.append('2026-08-05', [{ streamId: streamIds.fund('late'), events: [{ type: 'InterestReceived', data: { fundId: 'late', amount: 1_00n, reference: 'EARLY' } }] }]);
    await out.append('2026-08-06', [{ streamId: streamIds.fund('ghost'), events: [{ type: 'InterestReceived', data: { fundId: 'ghost', amount: 2_00n, reference: 'GHOST' } }] }]);
    const summary = await runMonthEnd(deps, { month: '2026-08', runId: 'run-aug' });
    // The September funds are not covered by August (opened 2026-09-01) and have no August events.
    expect(summary.funds.map((f) => [f.fundId, f.openedOn, f.clean])).toEqual([['late', '2026-08-10', false]]);
    expect(summary.unplacedEvents).toEqual([{ streamId: streamIds.fund('ghost'), version: 1, type: 'InterestReceived', occurredOn: '2026-08-06', fundId: 'ghost', reason: 'fund ghost was never created' }]);
    expect(summary.unplacedCount).toBe(1);
    const late = (await deps.reports.listMonth('2026-08')).find((r) => r.fundId === 'late');
    expect(late?.openedOn).toBe('2026-08-10');
    expect(late?.discrepancies.filter((d) => d.kind === 'before-fund-opened')).toEqual([
      {
        kind: 'before-fund-opened',
        detail: 'fund-late version 2 (InterestReceived) is dated 2026-08-05, before the fund opened on 2026-08-10',
        facts: { streamId: 'fund-late', version: '2', occurredOn: '2026-08-05', openedOn: '2026-08-10' },
      },
    ]);
    expect(summary.discrepancyCount).toBe((late?.discrepancyCount ?? 0) + 1);

    const empty = await runMonthEnd(deps, { month: '2020-01', runId: 'run-empty' });
    expect(empty).toMatchObject({ funds: [], eventsReplayed: 0, unplacedCount: 0, note: expect.stringContaining('nothing to reconcile') });
  });
});
