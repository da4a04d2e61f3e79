// Policy versions over HTTP on the local stack (issue 20): a bureau user proposes a new bridge fee,
// another approves it in the approvals inbox, and a loan repaid at once — no wait, no cache to expire —
// pays the new fee and names the version; retroactive and invalid proposals are refused.
import { describe, expect, it } from 'vitest';
import { client, CREDIT_CODE, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);
const FUND = 'bridge2025';
const person = (role: 'finance-bureau' | 'fund-manager' | 'auditor', name: string) => local.stack.token(role, role === 'fund-manager' ? [FUND] : [], name);
const loan = (loanId: string, disbursedOn: string, dueOn: string) => ({
  loanId,
  borrower: { name: '某机械公司', creditCode: CREDIT_CODE },
  bank: '工商银行聊城分行',
  amount: '1000000.00',
  renewalCommitment: { reference: `RC-${loanId}`, amount: '2000000.00' },
  disbursedOn,
  dueOn,
});

describe('policy versions over HTTP', () => {
  it('adopts a fee through two people and judges the next repayment by it at once', async () => {
    const bob = await person('finance-bureau', 'bob');
    const carol = await person('finance-bureau', 'carol');
    const manager = await person('fund-manager', 'mia');
    const auditor = await person('auditor', 'ann');
    expect((await http.post('/v1/funds', { fundId: FUND, kind: 'bridge-fund', name: '应急转贷基金', openedOn: '2025-01-02' }, { token: bob })).status).toBe(201);
    expect((await http.post(`/v1/funds/${FUND}/capital-injections`, { amount: '10000000.00', occurredOn: '2025-01-02', source: 'city', reference: 'INJ' }, { token: bob })).status).toBe(201);

    const list = await http.get('/v1/policies', { token: auditor });
    expect(list.body.items).toEqual([expect.objectContaining({ policyId: 'liaocheng-2024', effectiveFrom: '2024-01-01', status: 'in-force', proposedBy: null })]);
    const v0 = await http.get('/v1/policies/in-force?on=2025-02-10', { token: manager });
    expect(v0.body).toMatchObject({ policyId: 'liaocheng-2024', version: { bridge: { feeBpsPerDay: 1, maxAmount: '10000000.00' }, subsidy: { lpr1Year: expect.arrayContaining([{ from: '2025-05-20', rateBps: 300 }]) } } });

    // 400 naming each bad field of the merged version, and 403 for a fund manager.
    const bad = await http.post('/v1/policies', { policyId: 'bad', effectiveFrom: '2025-02-01', reason: 'r', changes: { bridge: { feeBpsPerDay: 1.5, maxAmount: 10000000 } } }, { token: bob });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.changes.bridge.feeBpsPerDay', 'body.changes.bridge.maxAmount']);
    expect((await http.post('/v1/policies', { policyId: 'x', effectiveFrom: '2025-02-01', reason: 'r', changes: { bridge: { feeBpsPerDay: 2 } } }, { token: manager })).status).toBe(403);

    const proposed = await http.post('/v1/policies', { policyId: 'liaocheng-2025-02', effectiveFrom: '2025-02-01', reason: '市财政局转贷费率 日万分之二', changes: { bridge: { feeBpsPerDay: 2 } } }, { token: bob });
    expect(proposed.status).toBe(202);
    expect(proposed.body).toMatchObject({ status: 'pending-approval', policyId: 'liaocheng-2025-02', basedOn: 'liaocheng-2024', changed: ['bridge.feeBpsPerDay'] });
    const approvalId = String(proposed.body.approvalId);
    const inbox = await eventually(() => http.get('/v1/approvals?status=pending', { token: carol }), (r) => (r.body.items ?? []).some((a) => a.approvalId === approvalId));
    const held = inbox.body.items?.find((a) => a.approvalId === approvalId);
    expect(held).toMatchObject({ command: { name: 'adoptPolicy' }, requested: { by: 'bob' }, figures: { policyId: 'liaocheng-2025-02', changes: { bridge: { feeBpsPerDay: 2 } } } });
    expect(held?.fundId).toBeUndefined();
    expect((await http.get('/v1/approvals', { token: manager })).body.items).toEqual([]);
    expect((await http.get('/v1/policies', { token: bob })).body.items).toContainEqual(expect.objectContaining({ policyId: 'liaocheng-2025-02', status: 'pending-approval', proposedBy: 'bob' }));
    expect((await http.post(`/v1/approvals/${approvalId}/approve`, { note: '' }, { token: bob })).status).toBe(403);

    // Disbursed under version 0 before the new version's date (a disbursement on or after it would be re-judged: 409).
    expect((await http.post(`/v1/funds/${FUND}/bridge-loans`, loan('L1', '2025-01-27', '2025-02-10'), { token: manager })).status).toBe(201);
    const adopted = await http.post(`/v1/approvals/${approvalId}/approve`, { note: '同意' }, { token: carol });
    expect(adopted.status).toBe(200);
    // Posted the moment the approval answered, judged by the version in force on repaidOn:
    // 1,000,000.00 × 2 bp × 11 days (01-27 → 02-07) = 2,200.00
    const repaid = await http.post(`/v1/funds/${FUND}/bridge-loans/L1/repayments`, { repaidOn: '2025-02-07' }, { token: manager });
    expect(repaid.body).toMatchObject({ fee: '2200.00', daysUsed: 11, policyId: 'liaocheng-2025-02' });
    const position = await eventually(() => http.get(`/v1/funds/${FUND}/bridge-loans/L1`, { token: auditor }), (r) => r.body.status === 'repaid');
    expect(position.body).toMatchObject({ fee: '2200.00', policyId: 'liaocheng-2025-02' });

    const history = await http.get('/v1/policies', { token: auditor });
    expect(history.body.items).toEqual([
      expect.objectContaining({ policyId: 'liaocheng-2024', status: 'superseded' }),
      expect.objectContaining({ policyId: 'liaocheng-2025-02', status: 'in-force', proposedBy: 'bob', approvedBy: 'carol', changed: ['bridge.feeBpsPerDay'], basedOn: 'liaocheng-2024' }),
    ]);
    expect((await http.get('/v1/policies/liaocheng-2025-02', { token: manager })).body).toMatchObject({ version: { bridge: { feeBpsPerDay: 2 } }, reason: '市财政局转贷费率 日万分之二' });
    expect((await http.get('/v1/policies/in-force?on=2025-01-31', { token: manager })).body).toMatchObject({ policyId: 'liaocheng-2024' });
    expect((await http.get('/v1/policies/none', { token: manager })).status).toBe(404);

    // Dated on or before the repayment it would re-judge: 409 would-rejudge naming it; nothing is held.
    const late = await http.post('/v1/policies', { policyId: 'late', effectiveFrom: '2025-02-07', reason: 'r', changes: { bridge: { feeBpsPerDay: 3 } } }, { token: bob });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'would-rejudge', limit: 'after 2025-02-07' });
    expect(String(late.body.detail)).toMatch(/bridge-loan-bridge2025:L1/);
  });

  it('takes a new LPR fixing through the same approval, and per-year plan targets', async () => {
    const bob = await person('finance-bureau', 'bob');
    const carol = await person('finance-bureau', 'carol');
    const fixing = await http.post('/v1/policies/lpr-fixings', { from: '2025-06-20', rateBps: 300 }, { token: bob });
    expect(fixing.status).toBe(202);
    expect(fixing.body).toMatchObject({ policyId: 'lpr-2025-06-20', changed: ['subsidy.lpr1Year'] });
    expect((await http.post(`/v1/approvals/${String(fixing.body.approvalId)}/approve`, { note: '' }, { token: carol })).status).toBe(200);
    const inForce = await http.get('/v1/policies/in-force?on=2025-07-01', { token: bob });
    expect(inForce.body).toMatchObject({ policyId: 'lpr-2025-06-20', version: { bridge: { feeBpsPerDay: 2 } } });
    expect((inForce.body.version as { subsidy: { lpr1Year: unknown[] } }).subsidy.lpr1Year.at(-1)).toEqual({ from: '2025-06-20', rateBps: 300 });

    expect((await http.get('/v1/kpis?year=2024', { token: bob })).body).toMatchObject({ targets: { year: 2024, ownTargets: true, policyId: 'liaocheng-2024' }, indicators: { bridgeUses: { target: 800 } } });
    const noTargets = await http.get('/v1/kpis?year=2026', { token: bob });
    expect(noTargets.body).toMatchObject({ targets: { year: 2026, ownTargets: false, policyId: null }, indicators: { bridgeUses: { target: null, alert: 'no-target' } } });
    const targets = { '2026': { newGuaranteeAmount: '6000000000.00', bridgeUses: 900, guidanceLanded: '1200000000.00', greenFundsMin: 2, greenFundsMax: 3 } };
    const plan = await http.post('/v1/policies', { policyId: 'plan-2026', effectiveFrom: '2026-01-01', reason: '2026 年计划目标', changes: { targets } }, { token: bob });
    expect(plan.status).toBe(202);
    expect((await http.post(`/v1/approvals/${String(plan.body.approvalId)}/approve`, { note: '' }, { token: carol })).status).toBe(200);
    expect((await http.get('/v1/kpis?year=2026', { token: bob })).body).toMatchObject({ targets: { ownTargets: true, policyId: 'plan-2026' }, indicators: { bridgeUses: { target: 900 } } });
    expect((await http.get('/v1/kpis?year=2025', { token: bob })).body).toMatchObject({ targets: { year: 2025, ownTargets: false, policyId: null }, indicators: { bridgeUses: { target: null, alert: 'no-target' } } });

    // 2025's plan, entered late: a year is measured by the version in force on its 31 December, so it
    // starts after the LPR version of 2025-06-20 (targets judge no command: any open month will do).
    const plan2025 = await http.post('/v1/policies', { policyId: 'plan-2025', effectiveFrom: '2025-07-01', reason: '2025 年计划目标', changes: { targets: { '2025': { ...targets['2026'], bridgeUses: 850 } } } }, { token: bob });
    expect(plan2025.status).toBe(202);
    expect((await http.post(`/v1/approvals/${String(plan2025.body.approvalId)}/approve`, { note: '' }, { token: carol })).status).toBe(200);
    // Three years, each under its own adopted targets and naming the version they come from; a fourth with none says so.
    const years = await Promise.all([2024, 2025, 2026, 2027].map(async (year) => (await http.get(`/v1/kpis?year=${year}`, { token: bob })).body));
    expect(years.map((k) => [k.targets, (k.indicators as { bridgeUses: { target: unknown } }).bridgeUses.target])).toEqual([
      [{ year: 2024, ownTargets: true, policyId: 'liaocheng-2024' }, 800],
      [{ year: 2025, ownTargets: true, policyId: 'plan-2025' }, 850],
      [{ year: 2026, ownTargets: true, policyId: 'plan-2026' }, 900],
      [{ year: 2027, ownTargets: false, policyId: null }, null],
    ]);
  });
});
