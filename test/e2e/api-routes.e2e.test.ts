// Every route's happy path over real HTTP on the local stack, with the balances that result once
// the event flow has projected them.
import { describe, expect, it } from 'vitest';
import { sweepOverdue } from '../../functions/jobs/overdue-sweep';
import { streamIds } from '../../events/stream-ids';
import { account, client, CREDIT_CODE, eventually, type Reply, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);

const balancesOf = async (fundId: string, until: (b: Reply) => boolean, asOf?: string): Promise<Reply> => {
  const token = await http.token('finance-bureau');
  return eventually(() => http.get(`/v1/funds/${fundId}/balances${asOf === undefined ? '' : `?asOf=${asOf}`}`, { token }), (b) => b.status === 200 && until(b));
};

const setUpFund = async (fundId: string, kind: string, capital: string, occurredOn = '2024-03-01'): Promise<void> => {
  const bureau = await http.token('finance-bureau');
  expect((await http.post('/v1/funds', { fundId, kind, name: `${fundId} 基金`, openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);
  const injected = await http.post(`/v1/funds/${fundId}/capital-injections`, { amount: capital, occurredOn, source: 'city', reference: `INJ-${fundId}` }, { token: bureau });
  expect(injected.status).toBe(201);
};

describe('API happy paths', () => {
  it('answers health without a token', async () => {
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('creates a fund, injects capital and books interest; balances follow', async () => {
    const bureau = await http.token('finance-bureau');
    const created = await http.post('/v1/funds', { fundId: 'capital1', kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-03-01' }, { token: bureau });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fundId: 'capital1', kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-03-01', createdOn: local.stack.deps.today() });
    const injected = await http.post('/v1/funds/capital1/capital-injections', { amount: '12500000.00', occurredOn: '2024-03-01', source: 'province', reference: 'LC-2024-001' }, { token: bureau });
    expect(injected.status).toBe(201);
    expect(injected.body).toMatchObject({ amount: '12500000.00', cash: '12500000.00', source: 'province' });
    const interest = await http.post('/v1/funds/capital1/interest', { occurredOn: '2024-03-21', amount: '1234.56', reference: 'INT-Q1' }, { token: bureau });
    expect(interest.status).toBe(201);
    expect(interest.body).toMatchObject({ cash: '12501234.56' });

    const balances = await balancesOf('capital1', (b) => account(b, '1001')?.balance === '12501234.56');
    expect(account(balances, '3001')).toMatchObject({ credit: '12500000.00', balance: '12500000.00' });
    expect(account(balances, '4001')).toMatchObject({ credit: '1234.56', balance: '1234.56' });
    expect(balances.body.totals).toEqual({ debit: '12501234.56', credit: '12501234.56' });
    // Point in time: before the interest date only the injection counts.
    const march1 = await balancesOf('capital1', (b) => account(b, '1001')?.balance === '12500000.00', '2024-03-01');
    expect(march1.body.asOf).toBe('2024-03-01');

    const funds = await eventually(() => http.get('/v1/funds', { token: bureau }), (r) => (r.body.items ?? []).some((f) => f.fundId === 'capital1' && f.cash === '12501234.56'));
    expect(funds.body.items?.find((f) => f.fundId === 'capital1')).toEqual({ fundId: 'capital1', kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-03-01', cash: '12501234.56' });
    const one = await http.get('/v1/funds/capital1', { token: bureau });
    expect(one.body).toMatchObject({ fundId: 'capital1', openedOn: '2024-03-01', createdOn: local.stack.deps.today() });
  });

  it('refuses a command dated before the fund opened (422 before-fund-opened, naming field, date and openedOn) and a future openedOn', async () => {
    const bureau = await http.token('finance-bureau');
    const today = local.stack.deps.today();
    expect((await http.post('/v1/funds', { fundId: 'late1', kind: 'bridge-fund', name: '转贷', openedOn: '2024-05-01' }, { token: bureau })).status).toBe(201);
    const early = await http.post('/v1/funds/late1/capital-injections', { amount: '1.00', occurredOn: '2024-04-30', source: 'city', reference: 'R' }, { token: bureau });
    expect(early.status).toBe(422);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.body).toMatchObject({
      code: 'before-fund-opened',
      errors: [{ field: 'body.occurredOn', message: 'occurredOn 2024-04-30 is before fund late1 opened on 2024-05-01' }],
      limit: '≥ 2024-05-01',
      actual: '2024-04-30',
    });
    // The route's own date name is the one named (disbursedOn here), and nothing was written.
    const manager = await http.token('fund-manager', 'late1');
    const loan = { loanId: 'E1', borrower: { name: '某公司', creditCode: CREDIT_CODE }, bank: '银行', amount: '1.00', renewalCommitment: { reference: 'RC', amount: '2.00' }, disbursedOn: '2024-04-01', dueOn: '2024-04-05' };
    expect((await http.post('/v1/funds/late1/bridge-loans', loan, { token: manager })).body).toMatchObject({ code: 'before-fund-opened', errors: [{ field: 'body.disbursedOn' }] });
    expect(await local.stack.deps.store.readHead(streamIds.bridgeLoan('late1', 'E1'))).toBeUndefined();
    expect((await local.stack.deps.store.readHead(streamIds.fund('late1')))?.version).toBe(1);
    const onTheDay = await http.post('/v1/funds/late1/capital-injections', { amount: '1.00', occurredOn: '2024-05-01', source: 'city', reference: 'R' }, { token: bureau });
    expect(onTheDay.status).toBe(201);

    const future = await http.post('/v1/funds', { fundId: 'future1', kind: 'risk-pool', name: 'x', openedOn: '2999-01-01' }, { token: bureau });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ code: 'date-in-future', errors: [{ field: 'body.openedOn' }], limit: `≤ ${today}` });
    const byDefault = await http.post('/v1/funds', { fundId: 'today1', kind: 'risk-pool', name: 'x' }, { token: bureau });
    expect(byDefault.body).toMatchObject({ openedOn: today, createdOn: today });
  });

  it('runs a guarantee through fee, default compensation and recovery; the pool pays 10 % of the loss', async () => {
    await setUpFund('pool1', 'risk-pool', '1000000.00');
    const manager = await http.token('fund-manager', 'pool1');
    const issued = await http.post(
      '/v1/funds/pool1/guarantees',
      {
        guaranteeId: 'g1',
        agency: '聊城市融资担保有限公司',
        borrower: { name: '某某农业合作社', creditCode: CREDIT_CODE, category: 'agri', county: 'chiping' },
        lender: '聊城农商银行',
        principal: '5000000.00',
        feeRateBps: 100,
        startsOn: '2024-03-02',
        maturesOn: '2025-03-01',
      },
      { token: manager },
    );
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ guaranteeId: 'g1', status: 'active', principal: '5000000.00', riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 } });
    const fee = await http.post('/v1/funds/pool1/guarantees/g1/fees', { occurredOn: '2024-03-05', amount: '50000.00' }, { token: manager });
    expect(fee.status).toBe(201);
    expect(fee.body).toMatchObject({ feesCollected: '50000.00' });
    // 2,000,000.00 loss × 10 % pool share = 200,000.00
    const compensated = await http.post('/v1/funds/pool1/guarantees/g1/compensations', { occurredOn: '2024-03-10', principalLoss: '2000000.00' }, { token: manager });
    expect(compensated.status).toBe(201);
    expect(compensated.body).toMatchObject({ status: 'defaulted', poolShareBps: 1000, poolAmount: '200000.00', cash: '800000.00' });
    // (500,000.00 − 100,000.00) × 10 % = 40,000.00
    const recovered = await http.post('/v1/funds/pool1/guarantees/g1/recoveries', { occurredOn: '2024-03-20', amount: '500000.00', costs: '100000.00' }, { token: manager });
    expect(recovered.status).toBe(201);
    expect(recovered.body).toMatchObject({ poolAmount: '40000.00', cash: '840000.00' });

    const g2 = { guaranteeId: 'g2', agency: 'A', borrower: { name: 'B', creditCode: CREDIT_CODE, category: 'micro' }, lender: 'L', principal: '300000.00', feeRateBps: 80, startsOn: '2024-03-03', maturesOn: '2024-09-03' };
    expect((await http.post('/v1/funds/pool1/guarantees', g2, { token: manager })).status).toBe(201);
    const released = await http.post('/v1/funds/pool1/guarantees/g2/releases', { occurredOn: '2024-03-25' }, { token: manager });
    expect(released.status).toBe(201);
    expect(released.body).toMatchObject({ status: 'released' });

    const balances = await balancesOf('pool1', (b) => account(b, '1001')?.balance === '840000.00' && account(b, '9001')?.credit === '5300000.00');
    expect(account(balances, '5001')).toMatchObject({ debit: '200000.00', balance: '200000.00' });
    expect(account(balances, '2202')).toMatchObject({ debit: '200000.00', credit: '200000.00', balance: '0.00' });
    expect(account(balances, '4003')).toMatchObject({ credit: '40000.00' });
    // Memo 9001: +5,000,000 +300,000 issued; −5,000,000 on default, −300,000 on release.
    expect(account(balances, '9001')).toMatchObject({ debit: '5300000.00', credit: '5300000.00', memo: true });
    // Dr 1001 1,040,000 + 5001 200,000 + 2202 200,000 = Cr 3001 1,000,000 + 2202 200,000 + 1001 200,000 + 4003 40,000
    expect(balances.body.totals).toEqual({ debit: '1440000.00', credit: '1440000.00' });

    const one = await eventually(() => http.get('/v1/funds/pool1/guarantees/g1', { token: manager }), (r) => r.status === 200 && r.body.status === 'defaulted' && r.body.recovered === '40000.00');
    expect(one.body).toMatchObject({ guaranteeId: 'g1', principal: '5000000.00', feesCollected: '50000.00', poolAmount: '200000.00' });
    const agri = await eventually(() => http.get('/v1/funds/pool1/guarantees?category=agri', { token: manager }), (r) => (r.body.items ?? []).length === 1);
    expect(agri.body.items?.[0]?.guaranteeId).toBe('g1');
    const released2 = await eventually(() => http.get('/v1/funds/pool1/guarantees?status=released', { token: manager }), (r) => (r.body.items ?? []).length === 1);
    expect(released2.body.items?.[0]?.guaranteeId).toBe('g2');
    const chiping = await http.get('/v1/funds/pool1/guarantees?county=chiping', { token: manager });
    expect(chiping.body.items?.map((g) => g.guaranteeId)).toEqual(['g1']);
  });

  it('grants and repays a bridge loan; the answer states principal, fee and days', async () => {
    await setUpFund('bridge1', 'bridge-fund', '20000000.00');
    const manager = await http.token('fund-manager', 'bridge1');
    const granted = await http.post(
      '/v1/funds/bridge1/bridge-loans',
      {
        loanId: 'L1',
        borrower: { name: '某某机械有限公司', creditCode: CREDIT_CODE, county: 'linqing' },
        bank: '工商银行聊城分行',
        amount: '8000000.00',
        renewalCommitment: { reference: 'RC-1', amount: '10000000.00' },
        disbursedOn: '2024-03-04',
        dueOn: '2024-03-14',
      },
      { token: manager },
    );
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ loanId: 'L1', status: 'open', cash: '12000000.00' });
    // 8,000,000.00 × 1 bp × 3 days = 2,400.00, under version 0 (liaocheng-2024)
    const repaid = await http.post('/v1/funds/bridge1/bridge-loans/L1/repayments', { repaidOn: '2024-03-07' }, { token: manager });
    expect(repaid.status).toBe(201);
    expect(repaid.body).toMatchObject({ principal: '8000000.00', fee: '2400.00', daysUsed: 3, status: 'repaid', cash: '20002400.00', policyId: 'liaocheng-2024' });

    const balances = await balancesOf('bridge1', (b) => account(b, '1001')?.balance === '20002400.00');
    expect(account(balances, '1201')).toMatchObject({ debit: '8000000.00', credit: '8000000.00', balance: '0.00' });
    expect(account(balances, '4002')).toMatchObject({ credit: '2400.00' });
    const loan = await eventually(() => http.get('/v1/funds/bridge1/bridge-loans/L1', { token: manager }), (r) => r.body.status === 'repaid');
    expect(loan.body).toMatchObject({ fee: '2400.00', daysUsed: 3 });
    const list = await http.get('/v1/funds/bridge1/bridge-loans?status=repaid', { token: manager });
    expect(list.body.items?.map((l) => l.loanId)).toEqual(['L1']);
  });

  it('commits to a sub-fund, calls and pays capital, receives a distribution', async () => {
    await setUpFund('guide1', 'guidance-fund', '100000000.00');
    const manager = await http.token('fund-manager', 'guide1');
    const committed = await http.post(
      '/v1/funds/guide1/commitments',
      {
        commitmentId: 'C1',
        subFund: { name: '聊城绿色产业子基金', size: '400000000.00', prioritySector: false, manager: { name: 'GP 有限公司', paidInCapital: '20000000.00' } },
        amount: '100000000.00',
        committedOn: '2024-03-05',
      },
      { token: manager },
    );
    expect(committed.status).toBe(201);
    expect(committed.body).toMatchObject({ committed: '100000000.00', unfunded: '100000000.00' });
    const called = await http.post('/v1/funds/guide1/commitments/C1/capital-calls', { callId: 'K1', amount: '30000000.00', calledOn: '2024-03-06', dueOn: '2024-03-20' }, { token: manager });
    expect(called.status).toBe(201);
    expect(called.body).toMatchObject({ unfunded: '70000000.00' });
    const paid = await http.post('/v1/funds/guide1/commitments/C1/capital-calls/K1/payments', { paidOn: '2024-03-15' }, { token: manager });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ paidIn: '30000000.00', cash: '70000000.00' });
    const distributed = await http.post('/v1/funds/guide1/commitments/C1/distributions', { distributionId: 'D1', receivedOn: '2024-03-28', returnOfCapital: '5000000.00', gain: '1000000.00' }, { token: manager });
    expect(distributed.status).toBe(201);
    expect(distributed.body).toMatchObject({ cash: '76000000.00' });

    const balances = await balancesOf('guide1', (b) => account(b, '1001')?.balance === '76000000.00');
    expect(account(balances, '1501')).toMatchObject({ debit: '30000000.00', credit: '5000000.00', balance: '25000000.00' });
    expect(account(balances, '4004')).toMatchObject({ credit: '1000000.00' });
    const commitment = await eventually(() => http.get('/v1/funds/guide1/commitments/C1', { token: manager }), (r) => r.body.returned === '5000000.00');
    expect(commitment.body).toMatchObject({ committed: '100000000.00', paidIn: '30000000.00', unfunded: '70000000.00', gains: '1000000.00' });
    const list = await http.get('/v1/funds/guide1/commitments', { token: manager });
    expect(list.body.items?.map((c) => c.commitmentId)).toEqual(['C1']);
  });

  it('pages the journal and lists stored events with their hash chain', async () => {
    const auditor = await http.token('auditor');
    await balancesOf('guide1', (b) => account(b, '1001')?.balance === '76000000.00');
    const first = await http.get('/v1/funds/guide1/journal?limit=2', { token: auditor });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await http.get(`/v1/funds/guide1/journal?limit=100&cursor=${String(first.body.nextCursor)}`, { token: auditor });
    expect(second.body.items?.length).toBeGreaterThan(0);
    // Every line carries its entry's 凭证号, 摘要, English summary and reference; one voucher per command,
    // numbered in posting order in the month: injection 0001, commitment 0002, call 0003, payment 0004, distribution 0005.
    type Line = { voucherNo: string | null; summary: string; summaryEn: string; reference: string | null; account: string; eventType: string };
    const all = await eventually(() => http.get('/v1/funds/guide1/journal?limit=100', { token: auditor }), (r) => (r.body.items?.length ?? 0) >= 11);
    const lines = (all.body.items ?? []) as unknown as Line[];
    for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['voucherNo', 'summary', 'summaryEn', 'reference']));
    const byVoucher = (voucherNo: string) => lines.filter((l) => l.voucherNo === voucherNo).map((l) => ({ account: l.account, summary: l.summary, reference: l.reference }));
    expect(byVoucher('记-2024-03-0001')).toEqual([
      { account: '1001', summary: '市财政注资 INJ-guide1', reference: 'INJ-guide1' },
      { account: '3001', summary: '市财政注资 INJ-guide1', reference: 'INJ-guide1' },
    ]);
    expect(byVoucher('记-2024-03-0004')).toEqual([
      { account: '2203', summary: 'C1 聊城绿色产业子基金 K1 实缴出资', reference: 'K1' },
      { account: '1001', summary: 'C1 聊城绿色产业子基金 K1 实缴出资', reference: 'K1' },
    ]);
    expect(new Set(lines.map((l) => l.voucherNo))).toEqual(new Set(['记-2024-03-0001', '记-2024-03-0002', '记-2024-03-0003', '记-2024-03-0004', '记-2024-03-0005']));
    expect(lines.every((l) => !l.summary.includes(l.eventType) && l.summaryEn.length > 0)).toBe(true);
    const events = await http.get('/v1/funds/guide1/events', { token: auditor });
    const items = events.body.items ?? [];
    expect(items.map((e) => e.type)).toEqual(['FundCreated', 'CapitalInjected', 'CapitalCallPaid', 'DistributionReceived']);
    items.forEach((e, i) => {
      expect(e.version).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(items[i - 1]?.hash);
    });
    const page = await http.get('/v1/funds/guide1/events?from=2&limit=2', { token: auditor });
    expect(page.body).toMatchObject({ version: 4, nextFrom: 4 });
    expect(page.body.items?.map((e) => e.version)).toEqual([2, 3]);
    expect((await http.get('/v1/funds/guide1/events?stream=commitment-guide1:nope', { token: auditor })).status).toBe(404);
    expect((await http.get('/v1/funds/guide1/events?stream=fund-pool1', { token: auditor })).status).toBe(400);
    const commitmentStream = await http.get('/v1/funds/guide1/events?stream=commitment-guide1:C1', { token: auditor });
    expect(commitmentStream.body.items?.map((e) => e.type)).toEqual(['CommitmentMade', 'CapitalCalled', 'CapitalCallSettled', 'DistributionRecorded']);
  });

  it('the overdue sweep marks loans past due once; a rerun adds nothing; a late repayment clears 1203', async () => {
    await setUpFund('sweep1', 'bridge-fund', '10000000.00');
    const manager = await http.token('fund-manager', 'sweep1');
    const grant = (loanId: string, dueOn: string) =>
      http.post(
        '/v1/funds/sweep1/bridge-loans',
        { loanId, borrower: { name: 'X', creditCode: CREDIT_CODE }, bank: 'B', amount: '1000000.00', renewalCommitment: { reference: 'R', amount: '2000000.00' }, disbursedOn: '2024-03-05', dueOn },
        { token: manager },
      );
    expect((await grant('due10', '2024-03-10')).status).toBe(201);
    expect((await grant('due20', '2024-03-20')).status).toBe(201);
    await eventually(() => http.get('/v1/funds/sweep1/bridge-loans?status=open', { token: manager }), (r) => (r.body.items ?? []).length === 2);

    const deps = local.stack.deps;
    const first = await sweepOverdue({ queries: deps.queries, commands: deps.commands, today: '2024-03-15', requestId: 'sweep-1' });
    expect(first.marked).toEqual([{ fundId: 'sweep1', loanId: 'due10' }]);
    const version = (await deps.store.readHead(streamIds.fund('sweep1')))?.version;
    await sweepOverdue({ queries: deps.queries, commands: deps.commands, today: '2024-03-15', requestId: 'sweep-2' });
    expect((await deps.store.readHead(streamIds.fund('sweep1')))?.version).toBe(version);

    const overdue = await balancesOf('sweep1', (b) => account(b, '1203')?.balance === '1000000.00');
    expect(account(overdue, '1201')).toMatchObject({ balance: '1000000.00' });
    // 1,000,000.00 × 1 bp × 11 days (03-05 → 03-16) = 1,100.00
    const repaid = await http.post('/v1/funds/sweep1/bridge-loans/due10/repayments', { repaidOn: '2024-03-16' }, { token: manager });
    expect(repaid.body).toMatchObject({ wasOverdue: true, fee: '1100.00', daysUsed: 11 });
    await balancesOf('sweep1', (b) => account(b, '1203')?.balance === '0.00' && account(b, '4002')?.credit === '1100.00');
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const doc = await http.get('/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
  });
});
