// The province's totals of its cities' plan indicators (issue 24 §3): amounts and counts are summed;
// every ratio is recomputed from the summed numerators and denominators (kpiRatios), never averaged,
// so a city with ten times the business weighs ten times as much. Pure: the API reads each city's
// report inside that city's scope and hands the list here.
import { type Alert, type CumulativeIndicator, type KpiReport, type KpiSums, kpiRatios } from './kpi';
import { ratioBps } from './money';
import { type CountAmount, type SubsidyIndicators, subsidyUsedBps } from './subsidy-kpi';

/** A cumulative indicator summed over the cities; its target only over the cities that have one. */
export interface ProvinceCumulative<T extends bigint | number> {
  /** Σ of every city's actual. */
  actual: T;
  /** Σ of the targets of the cities with targets of their own for the year; null when none has. */
  target: T | null;
  /** Σ actual ÷ Σ target over those same cities, bp; null when none has a target. */
  progressBps: number | null;
  citiesWithTargets: number;
}

export interface ProvinceKpis {
  cities: number;
  newGuaranteeAmount: ProvinceCumulative<bigint>;
  bridgeUses: ProvinceCumulative<number> & { amountLent: bigint };
  guidanceLanded: ProvinceCumulative<bigint> & { leverage: string };
  newGreenFunds: ProvinceCumulative<number>;
  inclusiveShareBps: number;
  averageFeeRateBps: number;
  compensationRateBps: number;
  sums: KpiSums;
  subsidies: { budget: bigint; granted: bigint; pending: CountAmount; clawedBack: bigint; usedBps: number };
  /** How many cities stand at each state, judged by a city's worst indicator. */
  citiesByState: Record<Alert, number>;
}

export type CityKpis = KpiReport & { subsidies: SubsidyIndicators };

const STATE_ORDER: readonly Alert[] = ['ok', 'no-target', 'warn', 'alert'];

/** A city's worst indicator state: alert over warn over no-target over ok. */
export const worstState = (report: KpiReport): Alert => {
  const states = [
    report.newGuaranteeAmount.alert,
    report.inclusiveShare.alert,
    report.averageFeeRate.alert,
    report.compensationRate.alert,
    report.bridgeUses.alert,
    report.guidanceLanded.alert,
    report.newGreenFunds.alert,
  ];
  return states.reduce<Alert>((worst, state) => (STATE_ORDER.indexOf(state) > STATE_ORDER.indexOf(worst) ? state : worst), 'ok');
};

/** `of` turns a fen or count sum back into the indicator's type (bigint amounts, number counts). */
function summed<T extends bigint | number>(indicators: readonly CumulativeIndicator<T>[], of: (sum: bigint) => T): ProvinceCumulative<T> {
  const sum = (values: readonly T[]): bigint => values.reduce((total, v) => total + BigInt(v), 0n);
  const actual = of(sum(indicators.map((i) => i.actual)));
  const targeted = indicators.filter((i): i is CumulativeIndicator<T> & { target: T } => i.target !== null);
  if (targeted.length === 0) return { actual, target: null, progressBps: null, citiesWithTargets: 0 };
  const target = sum(targeted.map((i) => i.target));
  const reached = sum(targeted.map((i) => i.actual));
  // Same rule as a city's (domain/kpi.ts): a zero target counts as reached.
  return { actual, target: of(target), progressBps: target === 0n ? 10000 : ratioBps(reached, target), citiesWithTargets: targeted.length };
}

const fen = (sum: bigint): bigint => sum;

export function provinceKpis(cities: readonly CityKpis[]): ProvinceKpis {
  const total = (pick: (s: KpiSums) => bigint): bigint => cities.reduce((sum, c) => sum + pick(c.sums), 0n);
  const sums: KpiSums = {
    issued: total((s) => s.issued),
    inclusive: total((s) => s.inclusive),
    feeWeighted: total((s) => s.feeWeighted),
    principalLoss: total((s) => s.principalLoss),
    committed: total((s) => s.committed),
    subFundSize: total((s) => s.subFundSize),
  };
  const ratios = kpiRatios(sums);
  const sub = (pick: (s: SubsidyIndicators) => bigint): bigint => cities.reduce((sum, c) => sum + pick(c.subsidies), 0n);
  const [budget, granted, clawedBack] = [sub((s) => s.budget), sub((s) => s.granted), sub((s) => s.clawedBack)];
  const citiesByState: Record<Alert, number> = { ok: 0, warn: 0, alert: 0, 'no-target': 0 };
  for (const city of cities) citiesByState[worstState(city)] += 1;
  return {
    cities: cities.length,
    newGuaranteeAmount: summed(cities.map((c) => c.newGuaranteeAmount), fen),
    bridgeUses: { ...summed(cities.map((c) => c.bridgeUses), Number), amountLent: cities.reduce((sum, c) => sum + c.bridgeAmount, 0n) },
    guidanceLanded: { ...summed(cities.map((c) => c.guidanceLanded), fen), leverage: ratios.leverage },
    newGreenFunds: summed(cities.map((c) => c.newGreenFunds), Number),
    inclusiveShareBps: ratios.inclusiveBps,
    averageFeeRateBps: ratios.feeBps,
    compensationRateBps: ratios.compensationBps,
    sums,
    subsidies: {
      budget,
      granted,
      pending: { count: cities.reduce((n, c) => n + c.subsidies.pending.count, 0), amount: sub((s) => s.pending.amount) },
      clawedBack,
      usedBps: subsidyUsedBps(granted, clawedBack, budget),
    },
    citiesByState,
  };
}
