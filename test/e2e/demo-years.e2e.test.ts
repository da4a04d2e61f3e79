// npm run demo -- --years 2024-2025 at a tiny scale: 2024 run, every month closed (November's bank
// charge and refund matched by hand first), the year closed through a second person; a 2025 policy
// version with its own plan targets adopted; 2025 run on the carried-forward positions (loans out at
// the year end repaid in January, 2024's guarantees released when they mature) with no refusal.
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../../events/money';
import { buildPlans, FUND_IDS } from '../../scripts/demo/plan';
import { runDemo } from '../../scripts/demo/run';
import { client, useLocalStack } from './api-support';

const local = useLocalStack();
const api = client(() => local.stack);

describe('npm run demo -- --years 2024-2025 (tiny)', () => {
  it('closes 2024 and runs 2025 from where it ended, under 2025’s own targets', async () => {
    const tokens = { bureau: await api.token('finance-bureau'), checker: await local.stack.token('finance-bureau', [], 'demo-checker'), manager: await api.token('fund-manager', ...FUND_IDS) };
    const [y2024, y2025] = buildPlans({ seed: 3, scale: 0.005, months: 12, year: 2024, years: 2, withOpenedOn: true });
    if (y2024 === undefined || y2025 === undefined) throw new Error('two years expected');

    const first = await runDemo({ baseUrl: local.stack.url, tokens, plan: y2024, projectionTimeoutMs: 60_000 });
    expect(first.refusals).toEqual([]);
    expect(first.months.every((m) => m.closed.length === FUND_IDS.length)).toBe(true);
    expect(first.months.find((m) => m.matched !== undefined)).toMatchObject({ month: '2024-11', matched: { fundId: 'lc-guidance-fund', lineRefs: [expect.any(String), expect.any(String)] } });
    expect(first.yearClose).toEqual({ funds: expect.arrayContaining([...FUND_IDS]) });
    const year = await api.get('/v1/years/2024', { token: tokens.bureau });
    expect((year.body.funds as { fundId: string; status: string; approvedBy: string }[]).map((f) => [f.fundId, f.status, f.approvedBy]).sort()).toEqual(
      [...FUND_IDS].sort().map((f) => [f, 'closed', 'demo-checker']),
    );
    const annual = await api.get('/v1/reports/annual/2024', { token: tokens.bureau });
    expect(annual.status).toBe(200);
    for (const fund of annual.body.funds as { fundId: string; status: string; balanceSheet: { end: { balanced: boolean } } }[]) {
      expect(fund).toMatchObject({ status: 'closed', balanceSheet: { end: { balanced: true } } });
    }

    const second = await runDemo({ baseUrl: local.stack.url, tokens, plan: y2025, openingCash: first.cash, projectionTimeoutMs: 60_000 });
    expect(second.refusals).toEqual([]);
    expect(second.policy).toEqual({ policyId: 'demo-plan-2025', status: 'adopted' });
    // Loans out at 31 December were repaid in January 2025; 2024's guarantees were released in 2025.
    const carried = second.accepted.filter((a) => a.op.request.path.includes('/ZD2024-') || a.op.request.path.includes('/DB2024-'));
    expect(carried.some((a) => a.op.kind === 'repayment' && a.op.date.startsWith('2025-01-'))).toBe(true);
    expect(carried.some((a) => a.op.kind === 'release')).toBe(true);
    const kpis = await api.get('/v1/kpis?year=2025', { token: tokens.bureau });
    expect(kpis.body.targets).toEqual({ year: 2025, ownTargets: true, policyId: 'demo-plan-2025' });
    const funds = await api.get('/v1/funds', { token: tokens.bureau });
    for (const fundId of FUND_IDS) {
      expect(funds.body.items?.find((f) => f.fundId === fundId)?.cash).toBe(formatYuan(second.cash.get(fundId) ?? -1n));
    }
  }, 240_000);
});
