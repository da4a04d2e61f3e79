// npm run demo at a tiny scale against the local stack: the year's postings arrive, every bank
// statement matches the books but the one deliberate discrepancy, clean months close, and a second
// run with the same seed adds nothing.
import { describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { buildPlan, FUND_IDS } from '../../scripts/demo/plan';
import { runDemo } from '../../scripts/demo/run';
import { grouped } from '../../scripts/demo/summary';
import { client, useLocalStack } from './api-support';

const local = useLocalStack();
const api = client(() => local.stack);

describe('npm run demo (tiny year)', () => {
  it('posts a reconciled year through the API and adds nothing when run again', async () => {
    const tokens = { bureau: await api.token('finance-bureau'), manager: await api.token('fund-manager', ...FUND_IDS) };
    const plan = buildPlan({ seed: 11, scale: 0.01, months: 2, year: 2024, withOpenedOn: true, poolLanes: 2 });
    const run = () => runDemo({ baseUrl: local.stack.url, tokens, plan, projectionTimeoutMs: 30_000 });

    const first = await run();
    expect(first.refusals).toEqual([]);
    expect(first.statements).toEqual({ recorded: 6, refused: [] });
    // January: the guidance fund's bank charges and refunds a fee the books do not have (2 unmatched
    // lines), so it stays open; the pool and the bridge fund reconcile clean and close. February,
    // the last month, stays open.
    expect(first.months).toEqual([
      { month: '2024-01', clean: expect.arrayContaining(['lc-risk-pool', 'lc-bridge-fund']), unclean: [{ fundId: 'lc-guidance-fund', discrepancies: 2 }], closed: expect.arrayContaining(['lc-risk-pool', 'lc-bridge-fund']) },
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

    const heads = await Promise.all(FUND_IDS.map((f) => local.stack.deps.store.readHead(streamIds.fund(f))));
    const again = await run();
    expect(again.refusals).toEqual([]);
    // The statement files are the same bytes again (a file's hash is part of its request), so they replay.
    expect(again.statements).toEqual({ recorded: 6, refused: [] });
    expect(again.cash).toEqual(first.cash);
    expect(await Promise.all(FUND_IDS.map((f) => local.stack.deps.store.readHead(streamIds.fund(f))))).toEqual(heads);
    expect((await api.get('/v1/funds/lc-risk-pool/guarantees', { token: tokens.bureau })).body.items).toHaveLength(guarantees);
    // ≈ 40 s on an idle 2-core machine; the bound leaves room for a loaded one.
  }, 150_000);
});
