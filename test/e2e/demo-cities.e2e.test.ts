// npm run demo -- --cities 2 at a tiny scale against one local stack: two cities' years sent side by
// side, each with its own city's tokens. Each city's books balance, show exactly its own run (its
// cash as its own answers add up, its guarantees, its four funds in its own name) and its month end
// judges its own statements only: city A's totals are not moved by B's postings. No timing asserted.
import { describe, expect, it } from 'vitest';
import type { CityId } from '../../events/cities';
import { cityPlans } from '../../scripts/demo/cities';
import { FUND_IDS } from '../../scripts/demo/plan';
import { runCities } from '../../scripts/demo/run-cities';
import { grouped } from '../../scripts/demo/summary';
import { client, useLocalStack } from './api-support';

const local = useLocalStack();
const api = client(() => local.stack);

const tokensOf = async (city: CityId) => ({
  bureau: await local.stack.token('finance-bureau', [], undefined, city),
  checker: await local.stack.token('finance-bureau', [], 'demo-checker', city),
  manager: await local.stack.token('fund-manager', [...FUND_IDS], undefined, city),
});

describe('npm run demo -- --cities 2 (tiny years)', () => {
  it("posts each city's year into its own books, balanced, and one city's postings leave the other's totals as its own run made them", async () => {
    const cities: CityId[] = ['liaocheng', 'jinan'];
    const options = { seed: 11, scale: 0.02, months: 3, year: 2024, withOpenedOn: true };
    const runs = await runCities({ baseUrl: local.stack.url, cities, plansOf: (city) => cityPlans(options, city), tokensOf, cityLanes: 2, projectionTimeoutMs: 60_000 });
    expect(runs.map((r) => r.city)).toEqual(cities);

    const cash = new Map<CityId, Map<string, bigint>>();
    for (const run of runs) {
      const [result] = run.results;
      if (result === undefined) throw new Error(`${run.city}: no year`);
      expect(result.refusals).toEqual([]);
      expect(result.statements).toEqual({ recorded: 12, refused: [] });
      cash.set(run.city, result.cash);
      const { bureau } = await tokensOf(run.city);
      // Its four funds only (the other city's have the same ids, in its own key range), in its own name.
      const funds = (await api.get('/v1/funds', { token: bureau })).body.items ?? [];
      expect(funds.map((f) => f.fundId).sort()).toEqual([...FUND_IDS].sort());
      expect(funds.every((f) => String(f.name).startsWith(run.city === 'liaocheng' ? '聊城市' : '济南市'))).toBe(true);
      for (const fundId of FUND_IDS) {
        const balances = await api.get(`/v1/funds/${fundId}/balances`, { token: bureau });
        // Balanced: the trial balance's debits equal its credits.
        const totals = balances.body.totals as { debit: string; credit: string };
        expect(totals.debit).toBe(totals.credit);
        // Its cash is what its own run's answers add up to: nothing of the other city's moved it.
        expect(funds.find((f) => f.fundId === fundId)?.cash).toBe(grouped(result.cash.get(fundId) ?? -1n).replace(/,/g, ''));
      }
      const guarantees = await api.get('/v1/funds/lc-risk-pool/guarantees', { token: bureau });
      expect(guarantees.body.items).toHaveLength(result.tallies.get('guarantee')?.accepted ?? -1);
      // Month end judged this city's statements against this city's books: only the planted
      // discrepancy (the guidance fund's fee and refund in the month before the last) is found.
      expect(result.months.flatMap((m) => m.unclean)).toEqual([{ fundId: 'lc-guidance-fund', discrepancies: 2 }]);
    }
    // The two cities' years differ (their own seeds), so a leak would show in the figures above.
    expect(cash.get('jinan')).not.toEqual(cash.get('liaocheng'));
  }, 240_000);
});
