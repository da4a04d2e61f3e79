// The four funds: created on the first demo year's first day (openedOn), capitalised by the bureau
// from the city, the province and the counties (the subsidy budget by its appropriations, 预算拨款),
// and credited the bank's quarterly interest (结息; the subsidy budget's special account earns none here).
import { COUNTIES } from './catalogue';
import type { Period } from './calendar';
import { type DemoOp, DEMO_FUNDS, type FundKey, OPENED_ON, opsFor, yuanOf } from './demo-op';
import type { Random } from './random';

export const createFundOps = (seed: number, period: Period, withOpenedOn: boolean): DemoOp[] =>
  (Object.keys(DEMO_FUNDS) as FundKey[]).map((key, i) => {
    const fund = DEMO_FUNDS[key];
    return {
      kind: 'fund',
      fundId: fund.fundId,
      role: 'finance-bureau',
      chain: `fund-${fund.fundId}`,
      setup: true,
      date: period.first,
      order: i,
      request: { method: 'POST', path: '/v1/funds', body: { ...fund, ...(withOpenedOn ? { openedOn: OPENED_ON(period.year) } : {}) }, idempotencyKey: `demo-${seed}-fund-${fund.fundId}` },
      plannedCash: 0n,
      amount: 0n,
    };
  });

interface Injection {
  date: string;
  fen: bigint;
  source: 'central' | 'province' | 'city' | 'county';
  reference: string;
  setup: boolean;
}

export const injectionOp = (seed: number, key: FundKey, injection: Injection): DemoOp => {
  const { fundId } = DEMO_FUNDS[key];
  const op = opsFor(seed, fundId);
  return {
    kind: 'injection',
    fundId,
    role: 'finance-bureau',
    chain: `inj-${injection.reference}`,
    setup: injection.setup,
    date: injection.date,
    order: 0,
    request: op.post(`inj-${injection.reference}`, '/capital-injections', { amount: yuanOf(injection.fen), occurredOn: injection.date, source: injection.source, reference: injection.reference }),
    plannedCash: injection.fen,
    cash: () => ({ fundId, date: injection.date, amount: injection.fen, reference: injection.reference, description: '财政注资' }),
    amount: injection.fen,
  };
};

const YI = 100_000_000_00n; // 1 亿元 in fen

/** Capital by fund: the city's opening injection, the province's mid-year top-up, and for the pool each county's share. */
export const injectionsFor = (seed: number, period: Period, opening: boolean): DemoOp[] => {
  const mid = period.months.length >= 6 ? `${period.months[5]}-18` : `${period.months[period.months.length - 1]}-18`;
  const jan = (day: string): string => `${period.months[0]}-${day}`;
  const ops: DemoOp[] = [
    injectionOp(seed, 'pool', { date: jan('02'), fen: 2n * YI, source: 'city', reference: `LCCZ-${period.year}-001`, setup: opening }),
    injectionOp(seed, 'pool', { date: mid, fen: YI, source: 'province', reference: `SDCZ-${period.year}-037`, setup: false }),
    injectionOp(seed, 'bridge', { date: jan('02'), fen: 3n * YI, source: 'city', reference: `LCCZ-${period.year}-002`, setup: opening }),
    injectionOp(seed, 'bridge', { date: mid, fen: YI, source: 'province', reference: `SDCZ-${period.year}-041`, setup: false }),
    injectionOp(seed, 'guidance', { date: jan('05'), fen: 6n * YI, source: 'city', reference: `LCCZ-${period.year}-003`, setup: opening }),
    injectionOp(seed, 'guidance', { date: mid, fen: 4n * YI, source: 'province', reference: `SDCZ-${period.year}-052`, setup: false }),
    // The subsidy budget's appropriations: the city's in January, the province's special transfer mid-year.
    injectionOp(seed, 'subsidy', { date: jan('03'), fen: YI / 2n, source: 'city', reference: `LCYS-${period.year}-001`, setup: opening }),
    injectionOp(seed, 'subsidy', { date: mid, fen: YI / 4n, source: 'province', reference: `SDYS-${period.year}-019`, setup: false }),
  ];
  // Each county and zone pays its share into the pool in the first quarter (plan: 市县共同出资).
  COUNTIES.forEach((county, i) => {
    const month = period.months[Math.min(i % 3, period.months.length - 1)] ?? period.months[0];
    ops.push(injectionOp(seed, 'pool', { date: `${month}-${String(10 + i).padStart(2, '0')}`, fen: BigInt(500 + 100 * (i % 4)) * 10_000_00n, source: 'county', reference: `${county.toUpperCase()}-${period.year}-PC`, setup: false }));
  });
  return ops;
};

/** The bank's quarterly interest on each account, on the 21st of the quarter's last month. */
const EARNING: readonly FundKey[] = ['pool', 'bridge', 'guidance'];

export const interestFor = (seed: number, period: Period, random: Random): DemoOp[] =>
  period.months
    .filter((m) => ['03', '06', '09', '12'].includes(m.slice(5)))
    .flatMap((month) =>
      EARNING.map((key) => {
        const { fundId } = DEMO_FUNDS[key];
        const date = `${month}-21`;
        const fen = BigInt(random.int(8_000_000, 60_000_000)); // 80,000.00 – 600,000.00
        const reference = `JX-${month}-${key}`;
        return {
          kind: 'interest',
          fundId,
          role: 'finance-bureau',
          chain: `int-${reference}`,
          date,
          order: 0,
          request: opsFor(seed, fundId).post(`int-${reference}`, '/interest', { amount: yuanOf(fen), occurredOn: date, reference }),
          plannedCash: fen,
          cash: () => ({ fundId, date, amount: fen, reference, description: '利息收入' }),
          amount: fen,
        } satisfies DemoOp;
      }),
    );
