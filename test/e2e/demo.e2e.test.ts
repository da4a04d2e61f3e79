// npm run demo at a tiny scale against the local stack: the year's policy version adopted through a
// second person, the year's postings (the subsidy budget's grants each approved or rejected by a
// second bureau user, one clawed back, one left pending; the large compensation approved), every
// bank statement matching the books but the one deliberate discrepancy, clean months closed, and a
// second run with the same seed adding nothing.
import { describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { buildPlan, FUND_IDS } from '../../scripts/demo/plan';
import { runDemo } from '../../scripts/demo/run';
import { grouped } from '../../scripts/demo/summary';
import { client, useLocalStack } from './api-support';

const local = useLocalStack();
const api = client(() => local.stack);

describe('npm run demo (tiny year)', () => {
  it('posts a reconciled year through the API, with every fund kind and two-person approvals, and adds nothing when run again', async () => {
    const tokens = { bureau: await api.token('finance-bureau'), checker: await local.stack.token('finance-bureau', [], 'demo-checker'), manager: await api.token('fund-manager', ...FUND_IDS) };
    const plan = buildPlan({ seed: 11, scale: 0.01, months: 2, year: 2024, withOpenedOn: true });
    const run = () => runDemo({ baseUrl: local.stack.url, tokens, plan, projectionTimeoutMs: 30_000 });

    const first = await run();
    expect(first.refusals).toEqual([]);
    expect(first.policy).toEqual({ policyId: 'demo-plan-2024', status: 'adopted' });
    expect(first.statements).toEqual({ recorded: 8, refused: [] });
    // January: the guidance fund's bank charges and refunds a fee the books do not have (2 unmatched
    // lines), so it stays open; the other funds reconcile clean and close. February, the last month, stays open.
    const others = FUND_IDS.filter((f) => f !== 'lc-guidance-fund');
    expect(first.months).toEqual([
      { month: '2024-01', clean: expect.arrayContaining(others), unclean: [{ fundId: 'lc-guidance-fund', discrepancies: 2 }], closed: expect.arrayContaining(others) },
      { month: '2024-02', clean: expect.arrayContaining([...FUND_IDS]), unclean: [], closed: [] },
    ]);
    const guarantees = first.tallies.get('guarantee')?.accepted ?? 0;
    expect(guarantees).toBeGreaterThan(0);
    const listed = await api.get('/v1/funds/lc-risk-pool/guarantees', { token: tokens.bureau });
    expect(listed.body.items).toHaveLength(guarantees);
    const funds = await api.get('/v1/funds', { token: tokens.bureau });
    for (const fundId of FUND_IDS) {
      const fund = funds.body.items?.find((f) => f.fundId === fundId);
      expect(fund).toMatchObject({ openedOn: '2024-01-01', cash: grouped(first.cash.get(fundId) ?? -1n).replace(/,/g, '') });
    }

    // The subsidy budget: every grant was held; the checker approved all but the duplicate (rejected)
    // and the last one (pending); one grant was clawed back. Maker and checker are two people.
    const grants = plan.ops.filter((o) => o.kind === 'subsidy').length;
    expect(first.tallies.get('subsidy')).toMatchObject({ held: grants, rejected: 1, pending: 1, refused: 0, accepted: grants - 2 });
    const subsidies = (await api.get('/v1/funds/lc-subsidy-budget/subsidies', { token: tokens.bureau })).body.items ?? [];
    const byStatus = (status: string) => subsidies.filter((s) => s.status === status);
    expect(byStatus('rejected')).toHaveLength(1);
    expect(byStatus('pending-approval')).toHaveLength(1);
    expect(byStatus('clawed-back')).toHaveLength(1);
    expect(byStatus('granted')).toHaveLength(grants - 3);
    expect(byStatus('granted')[0]).toMatchObject({ requested: { by: 'local-finance-bureau' }, granted: { by: 'demo-checker' } });
    // The large default: 10 % of 15,000,000.00 = 1,500,000.00 ≥ 1,000,000.00, held and approved.
    expect(first.tallies.get('compensation')).toMatchObject({ held: 1, refused: 0 });
    const approved = await api.get('/v1/approvals?status=approved&fundId=lc-risk-pool', { token: tokens.bureau });
    expect(approved.body.items?.[0]).toMatchObject({ requested: { by: 'local-fund-manager' }, decided: { by: 'demo-checker' }, figures: { poolAmount: '1500000.00' } });
    const pending = await api.get('/v1/approvals?status=pending', { token: tokens.bureau });
    expect(pending.body.items).toHaveLength(1);

    const heads = await Promise.all(FUND_IDS.map((f) => local.stack.deps.store.readHead(streamIds.fund(f))));
    const again = await run();
    expect(again.refusals).toEqual([]);
    // The statement files are the same bytes again (a file's hash is part of its request), so they replay.
    expect(again.statements).toEqual({ recorded: 8, refused: [] });
    expect(again.cash).toEqual(first.cash);
    expect(await Promise.all(FUND_IDS.map((f) => local.stack.deps.store.readHead(streamIds.fund(f))))).toEqual(heads);
    expect((await api.get('/v1/funds/lc-risk-pool/guarantees', { token: tokens.bureau })).body.items).toHaveLength(guarantees);
    expect((await api.get('/v1/approvals?status=pending', { token: tokens.bureau })).body.items).toHaveLength(1);
  }, 150_000);
});
