// The whole demo year as data: every request in the order it is sent, grouped in lanes. Built from
// the seed alone (each fund draws from its own seeded stream), so the same seed gives the same
// requests and idempotency keys, and a re-run is answered entirely from the idempotency records.
import { formatYuan } from '../../events/money';
import { bridgeFundYear } from './bridge-fund';
import { periodOf, type Period } from './calendar';
import { type DemoOp, DEMO_FUNDS } from './demo-op';
import { createFundOps, injectionsFor, interestFor } from './funds';
import { guidanceFundYear } from './guidance-fund';
import { createRandom } from './random';
import { riskPoolYear } from './risk-pool';

export interface PlanOptions {
  seed: number;
  /** 1 = the full year's volumes; 0.02 = a tiny year for tests. */
  scale: number;
  /** Months of the year covered, from January (2–12). */
  months: number;
  year: number;
  /** Whether POST /v1/funds takes openedOn (the server's OpenAPI document says). */
  withOpenedOn: boolean;
  /** Parallel lanes for the pool's guarantees (they touch only their own streams). */
  poolLanes: number;
}

export interface DemoPlan {
  options: PlanOptions;
  period: Period;
  /** Fund creation and opening capital, sent one at a time before anything else. */
  setup: DemoOp[];
  /** Each lane is sent in order; lanes run in parallel. */
  lanes: DemoOp[][];
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

export const buildPlan = (options: PlanOptions): DemoPlan => {
  const { seed, scale } = options;
  const period = periodOf(options.year, options.months);
  const lanes = { pool: 'pool-0', bridge: 'bridge', guidance: 'guidance' } as const;
  const ops: DemoOp[] = [
    ...createFundOps(seed, period, options.withOpenedOn),
    ...injectionsFor(seed, period, lanes),
    ...interestFor(seed, period, createRandom(seed * 7 + 1), lanes),
    ...riskPoolYear(seed, period, createRandom(seed * 7 + 2), scale, (i) => `pool-${i % options.poolLanes}`),
    ...bridgeFundYear(seed, period, createRandom(seed * 7 + 3), scale, lanes.bridge),
    ...guidanceFundYear(seed, period, createRandom(seed * 7 + 4), scale, lanes.guidance),
  ];
  checkCashNeverNegative(ops);
  const setup = ops.filter((op) => op.setup === true).sort(byDate);
  const laneNames = [...new Set(ops.filter((op) => op.setup !== true).map((op) => op.lane))].sort();
  return {
    options,
    period,
    setup,
    lanes: laneNames.map((lane) => ops.filter((op) => op.setup !== true && op.lane === lane).sort(byDate)),
  };
};

export const FUND_IDS: readonly string[] = Object.values(DEMO_FUNDS).map((f) => f.fundId);
