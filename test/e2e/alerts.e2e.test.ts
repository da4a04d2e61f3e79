// GET /v1/alerts over HTTP on the local stack: the alerts reactor's indicator alerts and the
// month-end job's reconciliation alerts, in one list, filtered by fund and state, and a fund
// manager sees only its own funds' alerts.
import { describe, expect, it } from 'vitest';
import { sweepOverdue } from '../../functions/jobs/overdue-sweep';
import { client, CREDIT_CODE, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);
const BRIDGE = 'alertbridge';
const POOL = 'alertpool';

const setUpFund = async (fundId: string, kind: string, capital: string, occurredOn: string): Promise<void> => {
  const bureau = await http.token('finance-bureau');
  expect((await http.post('/v1/funds', { fundId, kind, name: `${fundId} 基金`, openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);
  const injected = await http.post(`/v1/funds/${fundId}/capital-injections`, { amount: capital, occurredOn, source: 'city', reference: `INJ-${fundId}` }, { token: bureau });
  expect(injected.status).toBe(201);
};

describe('GET /v1/alerts', () => {
  it('lists the breach raised when overdue bridge principal crosses 40 % of capital, to the bureau and the fund manager only', async () => {
    await setUpFund(BRIDGE, 'bridge-fund', '2000000.00', '2024-03-01');
    const manager = await http.token('fund-manager', BRIDGE);
    const loan = { loanId: 'big', borrower: { name: 'X', creditCode: CREDIT_CODE }, bank: 'B', amount: '1000000.00', renewalCommitment: { reference: 'R', amount: '2000000.00' }, disbursedOn: '2024-03-05', dueOn: '2024-03-10' };
    expect((await http.post(`/v1/funds/${BRIDGE}/bridge-loans`, loan, { token: manager })).status).toBe(201);
    await eventually(() => http.get(`/v1/funds/${BRIDGE}/bridge-loans?status=open`, { token: manager }), (r) => (r.body.items ?? []).length === 1);
    const { deps } = local.stack;
    expect((await sweepOverdue({ queries: deps.queries, commands: deps.commands, today: '2024-03-15', requestId: 'alerts-sweep' })).marked).toEqual([{ fundId: BRIDGE, loanId: 'big' }]);

    // 1,000,000.00 overdue of 2,000,000.00 capital = 50 % ≥ 40 %: a breach, open.
    const bureau = await http.token('finance-bureau');
    // The sweep's transaction also raised the loan's own overdue alert, kept as an event stream.
    const both = await eventually(
      () => http.get(`/v1/alerts?fundId=${BRIDGE}&open=true`, { token: bureau }),
      (r) => r.status === 200 && (r.body.items ?? []).length === 2,
    );
    expect((both.body.items ?? []).filter((a) => a.indicator === 'bridge-overdue-ratio')).toEqual([
      expect.objectContaining({ fundId: BRIDGE, level: 'breach', valueBps: 5000, thresholdBps: 4000, status: 'open', raisedOn: '2024-03-15' }),
    ]);
    const overdue = (both.body.items ?? []).find((a) => a.kind === 'bridge-loan-overdue');
    expect(overdue).toMatchObject({ status: 'open', raisedOn: '2024-03-15', cause: { type: 'BridgeLoanWentOverdue' }, alertId: expect.stringMatching(/^al-/) });
    expect((await http.get(`/v1/alerts?fundId=${BRIDGE}&open=false`, { token: bureau })).body.items).toEqual([]);
    expect((await http.get('/v1/alerts', { token: manager })).body.items).toEqual(both.body.items);
    expect((await http.get('/v1/alerts', { token: await http.token('auditor') })).body.items).toEqual(expect.arrayContaining(both.body.items ?? []));

    const stranger = await http.token('fund-manager', 'someone-else');
    expect((await http.get('/v1/alerts', { token: stranger })).body.items).toEqual([]);
    expect((await http.get(`/v1/alerts?fundId=${BRIDGE}`, { token: stranger })).status).toBe(403);
    expect((await http.get('/v1/alerts?open=maybe', { token: bureau })).status).toBe(400);

    // Acknowledged by the bureau (twice is idempotent: the first who and when stand), then resolved by the repayment.
    const ackPath = `/v1/alerts/${String(overdue?.alertId)}/acknowledgements`;
    expect((await http.post(ackPath, { note: '已联系借款企业' }, { token: manager })).status).toBe(403);
    expect((await http.post('/v1/alerts/al-000000000000000000000000/acknowledgements', { note: 'x' }, { token: bureau })).status).toBe(404);
    const ack = await http.post(ackPath, { note: '已联系借款企业' }, { token: bureau });
    expect([ack.status, ack.body]).toEqual([201, { alertId: overdue?.alertId, fundId: BRIDGE, status: 'acknowledged', acknowledged: true, policyId: 'liaocheng-2024' }]);
    expect((await http.post(ackPath, { note: 'again' }, { token: bureau })).body).toMatchObject({ status: 'acknowledged', acknowledged: false });
    const acknowledged = await eventually(
      () => http.get(`/v1/alerts?fundId=${BRIDGE}&open=true`, { token: bureau }),
      (r) => (r.body.items ?? []).some((a) => a.status === 'acknowledged'),
    );
    expect((acknowledged.body.items ?? []).find((a) => a.alertId === overdue?.alertId)).toMatchObject({ acknowledgedBy: 'local-finance-bureau', note: '已联系借款企业', acknowledgedAt: expect.any(String) });
    expect((await http.post(`/v1/funds/${BRIDGE}/bridge-loans/big/repayments`, { repaidOn: '2024-03-16' }, { token: manager })).status).toBe(201);
    const resolved = await eventually(
      () => http.get(`/v1/alerts?fundId=${BRIDGE}&open=false`, { token: bureau }),
      (r) => (r.body.items ?? []).length === 2,
    );
    expect((resolved.body.items ?? []).find((a) => a.alertId === overdue?.alertId)).toMatchObject({
      status: 'resolved',
      resolvedOn: '2024-03-16',
      resolution: { cause: { type: 'BridgeLoanRepaid' } },
      acknowledgedBy: 'local-finance-bureau',
    });
  });

  // Before the reconciliation case: that one dates risk-pool commands today, after which no risk-pool
  // threshold could start in 2025 (409 would-rejudge).
  it('raises a fee-rate alert stream under the version in force, acknowledged through the API; a version raising the threshold clears it from its effectiveFrom', async () => {
    const FEES = 'alertfees';
    const bureau = await local.stack.token('finance-bureau', [], 'bob');
    const checker = await local.stack.token('finance-bureau', [], 'carol');
    const manager = await http.token('fund-manager', FEES);
    expect((await http.post('/v1/funds', { fundId: FEES, kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2025-01-02' }, { token: bureau })).status).toBe(201);
    const guarantee = (guaranteeId: string, startsOn: string) => ({ guaranteeId, agency: '聊城融资担保', borrower: { name: '某农业公司', creditCode: CREDIT_CODE, category: 'agri' }, lender: '农商银行', principal: '1000000.00', feeRateBps: 150, startsOn, maturesOn: '2026-02-10' });
    expect((await http.post(`/v1/funds/${FEES}/guarantees`, guarantee('g1', '2025-02-10'), { token: manager })).status).toBe(201);

    // 1,000,000.00 at 150 bp: average fee 1.50 % > version 0's 1.00 % ceiling: a breach, naming liaocheng-2024.
    const raised = await eventually(() => http.get(`/v1/alerts?fundId=${FEES}&open=true`, { token: bureau }), (r) => (r.body.items ?? []).length === 1);
    const alert = raised.body.items?.[0];
    expect(alert).toMatchObject({ kind: 'average-guarantee-fee', indicator: 'average-guarantee-fee', level: 'breach', valueBps: 150, thresholdBps: 100, policyId: 'liaocheng-2024', raisedOn: '2025-02-10', status: 'open', alertId: expect.stringMatching(/^al-/), raisedBy: { streamId: `guarantee-${FEES}:g1` } });
    const stored = await local.stack.deps.store.readStream(`alert-${String(alert?.alertId)}`);
    expect(stored.map((e) => [e.type, e.meta.policyId, e.meta.actor])).toEqual([['AlertRaised', 'liaocheng-2024', 'alerts-reactor']]);
    const ack = await http.post(`/v1/alerts/${String(alert?.alertId)}/acknowledgements`, { note: '费率偏高，已约谈担保机构' }, { token: bureau });
    expect([ack.status, ack.body]).toEqual([201, expect.objectContaining({ alertId: alert?.alertId, fundId: FEES, status: 'acknowledged', acknowledged: true })]);
    await eventually(() => http.get(`/v1/alerts?fundId=${FEES}`, { token: bureau }), (r) => r.body.items?.[0]?.status === 'acknowledged' && r.body.items[0].note === '费率偏高，已约谈担保机构');

    // The ceiling judges the pool's guarantees: a version dated on or before g1 would re-judge it (409).
    const early = await http.post('/v1/policies', { policyId: 'fee-ceiling-early', effectiveFrom: '2025-02-10', reason: 'r', changes: { indicators: { averageFeeRateMaxBps: 300 } } }, { token: bureau });
    expect([early.status, early.body.code]).toEqual([409, 'would-rejudge']);
    const proposed = await http.post('/v1/policies', { policyId: 'fee-ceiling-3', effectiveFrom: '2025-03-01', reason: '担保费率上限 3 %', changes: { indicators: { averageFeeRateMaxBps: 300 } } }, { token: bureau });
    expect(proposed.status).toBe(202);
    expect((await http.post(`/v1/approvals/${String(proposed.body.approvalId)}/approve`, { note: '同意' }, { token: checker })).status).toBe(200);

    // The same average (2,000,000.00 at 150 bp = 1.50 %) on 2025-03-05 is within the new 3.00 %: resolved under fee-ceiling-3.
    expect((await http.post(`/v1/funds/${FEES}/guarantees`, guarantee('g2', '2025-03-05'), { token: manager })).status).toBe(201);
    const cleared = await eventually(() => http.get(`/v1/alerts?fundId=${FEES}&open=false`, { token: bureau }), (r) => (r.body.items ?? []).length === 1);
    expect(cleared.body.items?.[0]).toMatchObject({ alertId: alert?.alertId, status: 'resolved', resolvedOn: '2025-03-05', acknowledgedBy: 'bob', resolvedBy: { streamId: `guarantee-${FEES}:g2` }, resolution: { reason: expect.stringContaining('fee-ceiling-3') } });
    const life = await local.stack.deps.store.readStream(`alert-${String(alert?.alertId)}`);
    expect(life.map((e) => [e.type, e.meta.policyId])).toEqual([
      ['AlertRaised', 'liaocheng-2024'],
      ['AlertAcknowledged', 'liaocheng-2024'],
      ['AlertResolved', 'fee-ceiling-3'],
    ]);
  });

  it('lists the alert a reconciliation with a discrepancy raises beside the indicator alerts', async () => {
    const today = local.stack.deps.today();
    const month = today.slice(0, 7);
    await setUpFund(POOL, 'risk-pool', '1000000.00', today);
    const bureau = await http.token('finance-bureau');
    await eventually(() => http.get(`/v1/funds/${POOL}/balances`, { token: bureau }), (r) => JSON.stringify(r.body).includes('1000000.00'));

    // No bank statement for the month: a 'statement-missing' discrepancy.
    const run = await http.post('/v1/reconciliations', { month }, { token: bureau });
    expect(run.status).toBe(202);
    expect(run.body.summary).toMatchObject({ funds: expect.arrayContaining([expect.objectContaining({ fundId: POOL, clean: false })]) });

    const alerts = await eventually(() => http.get(`/v1/alerts?fundId=${POOL}`, { token: bureau }), (r) => (r.body.items ?? []).length > 0);
    expect(alerts.status).toBe(200);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ fundId: POOL, indicator: 'reconciliation-discrepancies', level: 'breach', thresholdBps: 0, status: 'open', cause: { streamId: `period-${POOL}-${month}`, type: 'ReconciliationCompleted' } }),
    ]);
    expect(alerts.body.items?.[0]?.valueBps).toBeGreaterThan(0);
    // The unfiltered list holds both kinds.
    const all = (await http.get('/v1/alerts', { token: bureau })).body.items ?? [];
    expect(new Set(all.map((a) => a.indicator))).toEqual(new Set(['bridge-overdue-ratio', 'bridge-loan-overdue', 'average-guarantee-fee', 'reconciliation-discrepancies']));

    // The statement arrives; a clean re-run of the same fund and month resolves the alert.
    const statement = await http.post(`/v1/funds/${POOL}/bank-statements`, { month, openingBalance: '0.00', closingBalance: '1000000.00', lines: [{ date: today, amount: '1000000.00', reference: `INJ-${POOL}` }] }, { token: bureau });
    expect(statement.status).toBe(201);
    const rerun = await http.post('/v1/reconciliations', { month }, { token: bureau });
    expect(rerun.body.summary).toMatchObject({ funds: expect.arrayContaining([expect.objectContaining({ fundId: POOL, clean: true })]) });
    const closed = await eventually(() => http.get(`/v1/alerts?fundId=${POOL}&open=false`, { token: bureau }), (r) => (r.body.items ?? []).length === 1);
    expect(closed.body.items?.[0]).toMatchObject({ status: 'resolved', resolution: { cause: { type: 'ReconciliationCompleted' } } });
  });

});
