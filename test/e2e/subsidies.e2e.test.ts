// Subsidies with two-person approval over HTTP on the local stack: a grant is held (202) with its
// computed figures, listed under /v1/approvals, refused to its own maker (403 same-person), paid
// when another bureau user approves, and every read names maker, checker, when and why.
import { describe, expect, it } from 'vitest';
import { client, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);
const FUND = 'subsidy2025';
const FIRM = { name: '聊城某科技有限公司', creditCode: '91371500MA3C5X7Y0E' };
const person = (role: 'finance-bureau' | 'fund-manager', name: string) => local.stack.token(role, role === 'fund-manager' ? [FUND] : [], name);
const ipFee = (subsidyId: string, fee: string) => ({ subsidyId, programme: 'ip-pledge-fee', firm: FIRM, occurredOn: '2025-06-10', details: { loanReference: 'ZL-2025-01', feeKind: 'evaluation', fee } });

describe('subsidies and approvals over HTTP', () => {
  it('holds a grant, refuses its maker, pays it on another person’s approval, and shows who did what', async () => {
    const bob = await person('finance-bureau', 'bob');
    const carol = await person('finance-bureau', 'carol');
    const alice = await person('fund-manager', 'alice');
    expect((await http.post('/v1/funds', { fundId: FUND, kind: 'subsidy-budget', name: '2025 年财政补贴资金', openedOn: '2025-01-01' }, { token: bob })).status).toBe(201);
    expect((await http.post(`/v1/funds/${FUND}/capital-injections`, { amount: '1000000.00', occurredOn: '2025-01-02', source: 'city', reference: 'YS-2025' }, { token: bob })).status).toBe(201);

    // 50 % × 50,000.00 = 25,000.00, cut to the 20,000.00 per-item cap.
    const held = await http.post(`/v1/funds/${FUND}/subsidies`, ipFee('fee-1', '50000.00'), { token: alice });
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({ status: 'pending-approval', amount: '20000.00', uncutAmount: '25000.00', cap: { scope: 'per-item', limit: '20000.00' } });
    const bad = await http.post(`/v1/funds/${FUND}/subsidies`, { ...ipFee('fee-x', '1.00'), details: { loanReference: 'x', feeKind: 'other', fee: 5 } }, { token: alice });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.details.fee', 'body.details.feeKind']);

    const approvalId = String(held.body.approvalId);
    const pending = await eventually(() => http.get(`/v1/approvals?status=pending&fundId=${FUND}`, { token: bob }), (r) => (r.body.items ?? []).length === 1);
    expect(pending.body.items?.[0]).toMatchObject({ approvalId, status: 'pending', requested: { by: 'alice' }, figures: { amount: '20000.00' } });
    expect((await http.get('/v1/approvals', { token: alice })).body.items).toHaveLength(1);

    // The bureau user who made a request may not approve it.
    const own = await http.post(`/v1/funds/${FUND}/subsidies`, ipFee('fee-2', '10000.00'), { token: bob });
    const ownId = String(own.body.approvalId);
    const refused = await http.post(`/v1/approvals/${ownId}/approve`, { note: 'mine' }, { token: bob });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('same-person');
    expect((await http.post(`/v1/approvals/${approvalId}/approve`, { note: 'x' }, { token: alice })).status).toBe(403);

    const key = 'approve-fee-1';
    const approved = await http.post(`/v1/approvals/${approvalId}/approve`, { note: '材料齐全' }, { token: carol, key });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', requestedBy: 'alice', decidedBy: 'carol', result: { status: 'granted', amountGranted: '20000.00', cash: '980000.00' } });
    expect((await http.post(`/v1/approvals/${approvalId}/approve`, { note: '材料齐全' }, { token: carol, key })).body).toEqual(approved.body);
    expect((await http.post(`/v1/approvals/${approvalId}/approve`, { note: 'again' }, { token: carol })).status).toBe(409);

    const rejected = await http.post(`/v1/approvals/${ownId}/reject`, { note: '重复申报' }, { token: carol });
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'carol', note: '重复申报' });

    const granted = await eventually(() => http.get(`/v1/funds/${FUND}/subsidies/fee-1`, { token: alice }), (r) => r.body.status === 'granted');
    expect(granted.body).toMatchObject({ amountGranted: '20000.00', requested: { by: 'alice' }, granted: { by: 'carol' }, approvalId, details: { fee: '50000.00' } });
    const list = await eventually(() => http.get(`/v1/funds/${FUND}/subsidies?status=rejected`, { token: bob }), (r) => (r.body.items ?? []).length === 1);
    expect(list.body.items?.[0]).toMatchObject({ subsidyId: 'fee-2', rejected: { by: 'carol' } });
    const decided = await eventually(() => http.get(`/v1/approvals?status=approved`, { token: bob }), (r) => (r.body.items ?? []).length === 1);
    expect(decided.body.items?.[0]).toMatchObject({ decided: { by: 'carol', note: '材料齐全' } });
    await eventually(() => http.get(`/v1/funds/${FUND}`, { token: bob }), (r) => r.body.cash === '980000.00');
  });

  it('reports granted, pending and clawed back per programme in /v1/kpis, and reconciles and reports the fund at month end', async () => {
    const bob = await person('finance-bureau', 'bob');
    const carol = await person('finance-bureau', 'carol');
    // A third request stays pending; fee-1 (20,000.00) is granted and 5,000.00 of it clawed back in June.
    expect((await http.post(`/v1/funds/${FUND}/subsidies`, ipFee('fee-3', '8000.00'), { token: bob })).status).toBe(202);
    const clawed = await http.post(`/v1/funds/${FUND}/subsidies/fee-1/clawbacks`, { occurredOn: '2025-06-20', amount: '5000.00', reason: '贷款未按期还清' }, { token: bob });
    expect(clawed.status).toBe(201);
    expect(clawed.body).toMatchObject({ status: 'clawed-back', amountGranted: '20000.00', clawedBack: '5000.00', cash: '985000.00' });

    const kpis = await http.get('/v1/kpis?year=2025', { token: carol });
    expect(kpis.status).toBe(200);
    expect(kpis.body.subsidies).toMatchObject({
      budget: '1000000.00',
      granted: '20000.00',
      clawedBack: '5000.00',
      // (20,000.00 − 5,000.00) ÷ 1,000,000.00 = 1.50 %
      usedPercent: '1.50',
      // As of the year end: fee-2 (5,000.00) was rejected only today (2026), so it was still pending then.
      pending: { count: 2, amount: '9000.00' },
      byProgramme: { 'ip-pledge-fee': { granted: { count: 1, amount: '20000.00' }, rejected: { count: 0, amount: '0.00' }, clawedBack: { count: 1, amount: '5000.00' } } },
    });
    const thisYear = await http.get('/v1/kpis', { token: carol });
    expect(thisYear.body.subsidies).toMatchObject({ byProgramme: { 'ip-pledge-fee': { rejected: { count: 1, amount: '5000.00' } } } });

    const statement = { month: '2025-06', openingBalance: '1000000.00', closingBalance: '985000.00', lines: [
      { date: '2025-06-10', amount: '-20000.00', reference: 'fee-1', description: '知识产权质押评估费补助' },
      { date: '2025-06-20', amount: '5000.00', reference: 'fee-1', description: '补贴追回' },
    ] };
    expect((await http.post(`/v1/funds/${FUND}/bank-statements`, statement, { token: bob })).status).toBe(201);
    await eventually(() => http.get(`/v1/funds/${FUND}`, { token: bob }), (r) => r.body.cash === '985000.00');
    const run = await http.post('/v1/reconciliations', { month: '2025-06' }, { token: bob });
    expect(run.body.summary).toMatchObject({ funds: [expect.objectContaining({ fundId: FUND, clean: true, discrepancyCount: 0 })] });
    const report = await http.get('/v1/reports/monthly/2025-06', { token: bob });
    const fund = (report.body.funds as { fundId: string; accounts: { account: string; debit: string; credit: string }[]; positions: Record<string, unknown> }[])[0];
    expect(fund?.accounts).toEqual(expect.arrayContaining([expect.objectContaining({ account: '500202', debit: '20000.00', credit: '5000.00' })]));
    expect(fund?.positions).toMatchObject({ pendingAtMonthEnd: { count: 2, amount: '9000.00' }, netGranted: '15000.00', byProgramme: { 'ip-pledge-fee': { granted: { count: 1, amount: '20000.00' } } } });
    const csv = await http.get('/v1/reports/monthly/2025-06?format=csv', { token: bob });
    expect(csv.text).toContain('ip-pledge-fee:granted,评估费担保费补助·本月拨付');
  });
});
