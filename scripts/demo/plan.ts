// The demo years as data: every request, with the chain it belongs to (scripts/demo/send.ts sends
// by date, chains one step at a time, side by side). Built from the seed alone (each fund draws from
// its own seeded stream), so the same seed gives the same requests and idempotency keys, and a
// re-run is answered entirely from the idempotency records.
import { formatYuan } from '../../events/money';
import type { PreparedRequest } from '../../client/post-requests';
import { bridgeFundYear } from './bridge-fund';
import { periodOf, type Period } from './calendar';
import { type DemoOp, DEMO_FUNDS } from './demo-op';
import { createFundOps, injectionsFor, interestFor } from './funds';
import { guidanceFundYear } from './guidance-fund';
import { createRandom } from './random';
import { riskPoolYear } from './risk-pool';
import { subsidyBudgetYear } from './subsidy-budget';

export interface PlanOptions {
  seed: number;
  /** 1 = the full year's volumes; 0.02 = a tiny year for tests. */
  scale: number;
  /** Months of each year covered, from January (2–12; 12 when more than one year, as a year closes whole). */
  months: number;
  /** The first demo year. */
  year: number;
  /** How many years, one after the other (default 1); every year but the last is closed. */
  years?: number;
  /** Whether POST /v1/funds takes openedOn (the server's OpenAPI document says). */
  withOpenedOn: boolean;
}

export interface DemoPlan {
  options: PlanOptions;
  period: Period;
  /** The year's policy version (POST /v1/policies), adopted through a second person before the year's business. */
  policy: PreparedRequest;
  /** Fund creation and opening capital (first year only), sent one at a time before anything else. */
  setup: DemoOp[];
  /** The year's business by date (then `order`: money in before money out on a day). */
  ops: DemoOp[];
  /** Another demo year follows: close every month, then the year (POST /v1/years/{year}/close). */
  closeYear: boolean;
}

const byDate = (a: DemoOp, b: DemoOp): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order);

/** Walks each fund's cash in date order; a plan that would overdraw a fund is a bug in the generator. */
export const checkCashNeverNegative = (ops: readonly DemoOp[]): void => {
  const cash = new Map<string, bigint>();
  for (const op of [...ops].sort(byDate)) {
    const after = (cash.get(op.fundId) ?? 0n) + op.plannedCash;
    if (after < 0n) throw new Error(`demo plan overdraws ${op.fundId} on ${op.date} (${op.kind}, ${formatYuan(after)})`);
    cash.set(op.fundId, after);
  }
};

/** Each programme's budget for the year (subsidy.annualBudgets), so the indicators show the share used. */
const SUBSIDY_BUDGETS = {
  'ip-pledge-interest': '1500000.00',
  'ip-pledge-fee': '300000.00',
  'first-unit-premium': '800000.00',
  'carbon-reduction-interest': '1000000.00',
  'startup-loan-interest': '300000.00',
  'guarantee-fee-subsidy': '8000000.00',
  award: '8000000.00',
};

/** The plan targets of a later demo year (the first year's are version 0's, the 2024 plan's). */
const laterTargets = { newGuaranteeAmount: '5100000000.00', bridgeUses: 820, guidanceLanded: '1500000000.00', greenFundsMin: 2, greenFundsMax: 3 };

/**
 * The first year's version sets each subsidy programme's budget (adopted before any fund exists, so
 * it re-judges nothing); a later year's enters that year's plan targets only (`targets` judge no
 * command, so it may start in any open month: docs/policy.md).
 */
const policyOf = (seed: number, year: number, first: boolean): PreparedRequest => ({
  method: 'POST',
  path: '/v1/policies',
  idempotencyKey: `demo-${seed}-policy-${year}`,
  body: {
    policyId: `demo-plan-${year}`,
    effectiveFrom: `${year}-01-01`,
    reason: first ? `${year} 年财政补贴资金各项目预算（市政府常务会议审定）` : `${year} 年度工作计划目标（市政府办公室印发）`,
    changes: first ? { subsidy: { annualBudgets: SUBSIDY_BUDGETS } } : { targets: { [String(year)]: laterTargets } },
  },
});

export const buildPlans = (options: PlanOptions): DemoPlan[] => {
  const { seed, scale } = options;
  const years = options.years ?? 1;
  if (years > 1 && options.months !== 12) throw new Error('more than one demo year needs whole years (--months 12)');
  const periods = Array.from({ length: years }, (_, k) => periodOf(options.year + k, options.months));
  const horizon = periods[periods.length - 1]?.last ?? '';
  const all: DemoOp[] = periods.flatMap((period, k) => {
    // Year k draws from its own streams; the first year's are those of a single-year demo.
    const random = (n: number) => createRandom(seed * 7 + n + 100 * k);
    return [
      ...(k === 0 ? createFundOps(seed, period, options.withOpenedOn) : []),
      ...injectionsFor(seed, period, k === 0),
      ...interestFor(seed, period, random(1)),
      ...riskPoolYear(seed, period, random(2), scale, horizon),
      ...bridgeFundYear(seed, period, random(3), scale, k < years - 1),
      ...guidanceFundYear(seed, period, random(4), scale, k),
      ...subsidyBudgetYear(seed, period, random(6), scale, k === years - 1),
    ];
  });
  checkCashNeverNegative(all);
  // An op belongs to the year of its date: a guarantee of one year released in the next, a loan
  // out at 31 December repaid in January.
  return periods.map((period, k) => {
    const own = all.filter((op) => op.date.slice(0, 4) === String(period.year)).sort(byDate);
    return {
      options,
      period,
      policy: policyOf(seed, period.year, k === 0),
      setup: own.filter((op) => op.setup === true),
      ops: own.filter((op) => op.setup !== true),
      closeYear: k < years - 1,
    };
  });
};

export const buildPlan = (options: PlanOptions): DemoPlan => {
  const [plan] = buildPlans({ ...options, years: 1 });
  if (plan === undefined) throw new Error('no demo year');
  return plan;
};

export const FUND_IDS: readonly string[] = Object.values(DEMO_FUNDS).map((f) => f.fundId);
