// GET /v1/province/kpis: each city's plan indicators against its own targets (the city's own policy
// book, read inside its scope exactly as GET /v1/kpis reads it), and the province's totals
// (domain/province-kpis.ts: sums, ratios recomputed from the summed parts). A city with no business
// in the year shows zeros against its targets.
import { formatYuan } from '../../domain/money';
import { type ProvinceCumulative, provinceKpis, worstState } from '../../domain/province-kpis';
import { kpisToJson, ledgerKpis, percent } from '../month-end/kpis';
import type { JsonObject } from '../store/types';
import { eachCity } from './each-city';

/** What a city's indicators are read from (its store and read model), used inside each city's scope. */
type LedgerDeps = Parameters<typeof ledgerKpis>[0];

const cumulativeJson = <T extends bigint | number>(c: ProvinceCumulative<T>): JsonObject => {
  const value = (v: T): string | number => (typeof v === 'bigint' ? formatYuan(v) : v);
  return {
    actual: value(c.actual),
    target: c.target === null ? null : value(c.target),
    progressPercent: c.progressBps === null ? null : percent(c.progressBps),
    citiesWithTargets: c.citiesWithTargets,
  };
};

export const provinceKpisJson = async (deps: LedgerDeps, year: number, today: string): Promise<JsonObject> => {
  const cities = await eachCity(() => ledgerKpis(deps, year, today));
  const p = provinceKpis(cities.map((c) => c.value));
  return {
    year,
    asOf: cities[0]?.value.asOf ?? today,
    cities: cities.map(({ cityId, nameZh, value }) => ({ cityId, nameZh, state: worstState(value), ...kpisToJson(value) })),
    province: {
      cities: p.cities,
      citiesByState: { ...p.citiesByState },
      indicators: {
        newGuaranteeAmount: cumulativeJson(p.newGuaranteeAmount),
        inclusiveShare: { actualPercent: percent(p.inclusiveShareBps) },
        averageFeeRate: { actualPercent: percent(p.averageFeeRateBps) },
        compensationRate: { actualPercent: percent(p.compensationRateBps) },
        bridgeUses: { ...cumulativeJson(p.bridgeUses), amountLent: formatYuan(p.bridgeUses.amountLent) },
        guidanceLanded: { ...cumulativeJson(p.guidanceLanded), leverage: p.guidanceLanded.leverage },
        newGreenFunds: cumulativeJson(p.newGreenFunds),
      },
      subsidies: {
        budget: formatYuan(p.subsidies.budget),
        granted: formatYuan(p.subsidies.granted),
        pending: { count: p.subsidies.pending.count, amount: formatYuan(p.subsidies.pending.amount) },
        clawedBack: formatYuan(p.subsidies.clawedBack),
        usedPercent: percent(p.subsidies.usedBps),
      },
    },
  };
};
