// The risk pool's year: about 2,000 guarantees by the county agencies, new business a little over
// the plan's 5,000,000,000.00 (≥ 80 % of it to micro, small and agricultural borrowers of at most
// 10,000,000.00 each), fees mostly ≤ 1 %, releases at maturity, a few defaults the pool compensates
// and some recoveries; and one large default whose compensation (pool share ≥ 1,000,000.00) the
// API holds for a second person, who approves it.
import { type BorrowerCategory, creditCodeCheckChar } from '../../events/primitives';
import { addDays, addMonths, businessDays, type Period } from './calendar';
import { agencyOf, BANKS, COUNTY_WEIGHTS, creditCodeFor, firmName } from './catalogue';
import { answerFen, type DemoOp, DEMO_FUNDS, opsFor, yuanOf } from './demo-op';
import type { Random } from './random';

const WAN = 10_000_00n; // 1 万元 in fen
const INCLUSIVE_CAP = 1_000n * WAN; // plan: single borrower ≤ 10,000,000.00 counts as inclusive
/** The plan's target (5,000,000,000.00) and a little over it. */
const YEAR_TARGET = 512_000n * WAN;
const INCLUSIVE_SHARE_PERMILLE = 860n;
/** Keep every compensation below the approval threshold (pool share 10 % × loss < 1,000,000.00). */
const MAX_LOSS = 999n * WAN;

interface Guarantee {
  id: string;
  category: BorrowerCategory;
  startsOn: string;
  maturesOn: string;
  principal: bigint;
  weight: number;
}

/** Scales raw weights to a total in 万元, respecting a cap; a second pass spreads what the cap cut off. */
const amountsFor = (items: Guarantee[], total: bigint, cap: bigint | undefined): void => {
  let remaining = total;
  let open = items;
  for (let pass = 0; pass < 3 && open.length > 0; pass++) {
    const weightSum = open.reduce((s, g) => s + g.weight, 0);
    const capped: Guarantee[] = [];
    for (const g of open) {
      const share = (remaining * BigInt(Math.round((g.weight / weightSum) * 1e9))) / 1_000_000_000n;
      const wan = share / WAN < 30n ? 30n : share / WAN; // at least 300,000.00
      g.principal = cap !== undefined && wan * WAN > cap ? cap : wan * WAN;
      if (cap !== undefined && g.principal === cap) capped.push(g);
    }
    const placed = items.reduce((s, g) => s + g.principal, 0n);
    if (placed >= total || capped.length === 0) return;
    remaining = total - capped.reduce((s, g) => s + g.principal, 0n);
    open = open.filter((g) => !capped.includes(g));
  }
};

/**
 * `horizon`: the last day of the last demo year. Guarantees maturing after this year but by then
 * are released in the year they mature (they run on, and the next year's plan carries the release).
 */
export const riskPoolYear = (seed: number, period: Period, random: Random, scale: number, horizon: string = period.last): DemoOp[] => {
  const { fundId } = DEMO_FUNDS.pool;
  const op = opsFor(seed, fundId);
  const monthsShare = period.months.length / 12;
  const count = Math.max(8, Math.round((2_000 + random.int(0, 60)) * scale * monthsShare));
  const days = businessDays(addDays(period.first, 7), period.last);
  const guarantees: Guarantee[] = Array.from({ length: count }, (_, i) => {
    const category = random.weighted<BorrowerCategory>([['micro', 30], ['small', 36], ['agri', 22], ['other', 12]]);
    const startsOn = random.pick(days);
    const term = random.weighted([[12, 60], [6, 25], [24, 15]] as const);
    return { id: `DB${period.year}-${String(i + 1).padStart(4, '0')}`, category, startsOn, maturesOn: addDays(addMonths(startsOn, term), -1), principal: 0n, weight: Math.exp(0.8 * random.normal()) };
  });
  const target = (YEAR_TARGET * BigInt(Math.round(scale * monthsShare * 1e6))) / 1_000_000n;
  const inclusive = guarantees.filter((g) => g.category !== 'other');
  amountsFor(inclusive, (target * INCLUSIVE_SHARE_PERMILLE) / 1000n, INCLUSIVE_CAP);
  amountsFor(guarantees.filter((g) => g.category === 'other'), target - inclusive.reduce((s, g) => s + g.principal, 0n), undefined);

  const ops: DemoOp[] = [];
  guarantees.sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
  const defaults = new Set(
    guarantees
      .filter((g) => addDays(g.startsOn, 90) < addDays(period.last, -20))
      .filter(() => random.chance(0.012 / Math.max(monthsShare, 0.25)))
      .map((g) => g.id),
  );
  if (defaults.size === 0 && guarantees[0] !== undefined) defaults.add(guarantees[0].id);
  guarantees.forEach((g) => {
    const county = random.weighted(COUNTY_WEIGHTS);
    const borrower = { name: firmName(random, county, g.category), creditCode: creditCodeFor(random), category: g.category, county };
    const feeRateBps = random.weighted([[50, 10], [60, 15], [70, 15], [80, 20], [90, 15], [100, 15], [120, 6], [150, 4]] as const);
    const base = { kind: 'guarantee' as const, fundId, role: 'fund-manager' as const, chain: `g-${g.id}`, plannedCash: 0n };
    ops.push({
      ...base,
      date: g.startsOn,
      order: 2,
      request: op.post(`g-${g.id}`, '/guarantees', { guaranteeId: g.id, agency: agencyOf(county), borrower, lender: random.pick(BANKS), principal: yuanOf(g.principal), feeRateBps, startsOn: g.startsOn, maturesOn: g.maturesOn }),
      amount: g.principal,
    });
    const path = `/guarantees/${g.id}`;
    if (defaults.has(g.id)) {
      const on = addDays(g.startsOn, random.int(60, 80));
      const lossPermille = BigInt(random.int(400, 1000));
      const rawLoss = ((g.principal * lossPermille) / 1000n / 100n) * 100n;
      const loss = rawLoss > MAX_LOSS ? MAX_LOSS : rawLoss;
      ops.push({
        ...base,
        kind: 'compensation',
        date: on,
        order: 3,
        request: op.post(`g-${g.id}-comp`, `${path}/compensations`, { occurredOn: on, principalLoss: yuanOf(loss) }),
        plannedCash: -loss / 10n,
        cash: (answer) => ({ fundId, date: on, amount: -answerFen(answer, 'poolAmount'), reference: g.id, description: '代偿补偿款' }),
        amount: loss,
      });
      if (random.chance(0.6)) {
        const recoveredOn = addDays(on, random.int(15, 20));
        const gross = ((loss * BigInt(random.int(100, 400))) / 1000n / 100n) * 100n;
        const costs = (gross * BigInt(random.int(20, 50))) / 1000n / 100n * 100n;
        ops.push({
          ...base,
          kind: 'recovery',
          date: recoveredOn,
          order: 1,
          request: op.post(`g-${g.id}-rec`, `${path}/recoveries`, { occurredOn: recoveredOn, amount: yuanOf(gross), costs: yuanOf(costs) }),
          plannedCash: (gross - costs) / 10n,
          cash: (answer) => ({ fundId, date: recoveredOn, amount: answerFen(answer, 'poolAmount'), reference: g.id, description: '追偿款' }),
          amount: gross,
        });
      }
    } else if (g.maturesOn <= horizon) {
      ops.push({ ...base, kind: 'release', date: g.maturesOn, order: 2, request: op.post(`g-${g.id}-rel`, `${path}/releases`, { occurredOn: g.maturesOn }), amount: g.principal });
    }
  });
  ops.push(...largeDefault(seed, period, days));
  return ops;
};

/**
 * A 20,000,000.00 guarantee to a large firm that defaults on 15,000,000.00: the pool's 10 % share,
 * 1,500,000.00, is at or above the policy's 1,000,000.00 threshold, so the API holds the
 * compensation (202) until a second person approves it. Fixed figures (no draw from the year's
 * random stream, so the rest of the year is as before).
 */
const largeDefault = (seed: number, period: Period, days: readonly string[]): DemoOp[] => {
  const { fundId } = DEMO_FUNDS.pool;
  const op = opsFor(seed, fundId);
  const id = `DB${period.year}-L001`;
  const startsOn = days[Math.floor(days.length / 5)] ?? period.first;
  const on = addDays(startsOn, 70) < addDays(period.last, -5) ? addDays(startsOn, 70) : addDays(period.last, -5);
  const principal = 2_000n * WAN;
  const loss = 1_500n * WAN;
  const base = { fundId, role: 'fund-manager' as const, chain: `g-${id}` };
  return [
    {
      ...base,
      kind: 'guarantee',
      date: startsOn,
      order: 2,
      request: op.post(`g-${id}`, '/guarantees', {
        guaranteeId: id,
        agency: '聊城市融资担保集团有限公司',
        borrower: { name: '聊城市东昌府区鲁西化工装备集团有限公司', creditCode: `91371500MA3C7L001${creditCodeCheckChar('91371500MA3C7L001') ?? ''}`, category: 'other', county: 'dongchangfu' },
        lender: '中国工商银行聊城分行',
        principal: yuanOf(principal),
        feeRateBps: 100,
        startsOn,
        maturesOn: addDays(addMonths(startsOn, 12), -1),
      }),
      plannedCash: 0n,
      amount: principal,
    },
    {
      ...base,
      kind: 'compensation',
      date: on,
      order: 3,
      request: op.post(`g-${id}-comp`, `/guarantees/${id}/compensations`, { occurredOn: on, principalLoss: yuanOf(loss) }),
      plannedCash: -loss / 10n,
      decision: { action: 'approve', note: '代偿金额超过审批限额，已核对代偿通知书及银行扣款凭证，同意' },
      cash: (result) => ({ fundId, date: on, amount: -answerFen(result, 'poolAmount'), reference: id, description: '代偿补偿款' }),
      amount: loss,
    },
  ];
};
