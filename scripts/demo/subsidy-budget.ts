// The subsidy budget's year (财政补贴资金, docs/subsidies.md): grants under each of the seven
// programmes, each requested by the bureau's clerk and held for a second person, who approves it;
// a few asked above a cap (cut to what is left of it), one duplicate application rejected, one
// grant clawed back when the pledged loan turned out not to have been repaid on time, and (in the
// last demo year only, so a closed year leaves nothing pending) one request left waiting in the
// approvals inbox.
import { DEFAULT_POLICIES } from '../../domain/policy';
import { applyCap, computeSubsidy } from '../../domain/subsidy';
import { subsidyRequest } from '../../events/subsidy-events';
import { addDays, businessDays, type Period } from './calendar';
import { BANKS, COUNTY_WEIGHTS, agencyOf, creditCodeFor, firmName } from './catalogue';
import { answerFen, type DemoOp, DEMO_FUNDS, opsFor, yuanOf } from './demo-op';
import type { Random } from './random';

const WAN = 10_000_00n;

/** Full-scale count of each programme's ordinary grants (the special cases come on top). */
const COUNTS = {
  'ip-pledge-interest': 10,
  'ip-pledge-fee': 12,
  'first-unit-premium': 6,
  'carbon-reduction-interest': 8,
  'startup-loan-interest': 24,
  'guarantee-fee-subsidy': 8,
  award: 3,
} as const;

type Programme = keyof typeof COUNTS;

interface Grant {
  subsidyId: string;
  programme: Programme;
  firm: { name: string; creditCode: string };
  occurredOn: string;
  details: Record<string, unknown>;
  decision?: DemoOp['decision'];
  /** Clawed back in full on this day, for this reason. */
  clawback?: { on: string; reason: string };
}

/**
 * What the formula gives, uncut, under version 0: an upper bound of the grant, for the plan's cash
 * check (a cap only lowers it). Also parses the body with the API's own schema.
 */
const uncutFen = (grant: Grant): bigint => {
  const claim = subsidyRequest.parse({ subsidyId: grant.subsidyId, programme: grant.programme, firm: grant.firm, occurredOn: grant.occurredOn, details: grant.details });
  const policy = DEFAULT_POLICIES[0];
  if (policy === undefined) throw new Error('no version 0 policy');
  const computed = computeSubsidy(claim, claim.firm.creditCode, claim.occurredOn, policy);
  if ('code' in computed) throw new Error(`demo grant ${grant.subsidyId}: ${computed.message}`);
  const assessed = applyCap(computed, 0n);
  if ('code' in assessed) throw new Error(`demo grant ${grant.subsidyId}: ${assessed.message}`);
  return assessed.amount > computed.formula ? assessed.amount : computed.formula;
};

const APPROVE = { action: 'approve', note: '材料齐全，同意拨付' } as const;

export const subsidyBudgetYear = (seed: number, period: Period, random: Random, scale: number, lastYear: boolean): DemoOp[] => {
  const { fundId } = DEMO_FUNDS.subsidy;
  const op = opsFor(seed, fundId);
  const y = period.year;
  const monthsShare = period.months.length / 12;
  const days = businessDays(addDays(period.first, 14), addDays(period.last, -3));
  const countOf = (p: Programme): number => Math.max(1, Math.round(COUNTS[p] * scale * monthsShare));
  const firmOf = (kind: 'micro' | 'small' | 'agri' | 'other') => ({ name: firmName(random, random.weighted(COUNTY_WEIGHTS), kind), creditCode: creditCodeFor(random) });
  const wan = (min: number, max: number): bigint => BigInt(random.int(min, max)) * WAN;
  const grants: Grant[] = [];
  const add = (programme: Programme, firm: Grant['firm'], occurredOn: string, details: Record<string, unknown>, extra: Partial<Grant> = {}): Grant => {
    const grant: Grant = { subsidyId: `BT${y}-${String(grants.length + 1).padStart(3, '0')}`, programme, firm, occurredOn, details, decision: APPROVE, ...extra };
    grants.push(grant);
    return grant;
  };
  const day = (): string => random.pick(days);
  /** A follow-up's date: `after` days later, but inside the period (grants are dated at least 3 days before its end). */
  const later = (date: string, after: number): string => (addDays(date, after) < period.last ? addDays(date, after) : addDays(period.last, -1));
  // The 1-year LPR list starts on 2023-08-21: no pledged loan of the demo starts before it.
  const notBefore = (date: string): string => (date < `${y - 1}-09-01` ? `${y - 1}-09-01` : date);

  // 知识产权质押贷款贴息: a year's pledged loan repaid on time; from about 7,000,000.00 the 40 % of
  // the LPR passes the 100,000.00 per firm and year, so those are cut.
  for (let i = 0; i < countOf('ip-pledge-interest'); i++) {
    const repaidOn = day();
    const startsOn = notBefore(addDays(repaidOn, -random.int(180, 364)));
    const firm = firmOf('small');
    // The first firm's first loan stays under the cap (at most 4,000,000.00: ≈ 56,000.00), so its second is cut, not refused.
    const principal = i === 0 ? wan(200, 400) : wan(200, 1200);
    const first = add('ip-pledge-interest', firm, repaidOn, { loanReference: `ZY-${y}-${String(i + 1).padStart(3, '0')}`, principal: yuanOf(principal), startsOn, repaidOn, repaidOnTime: true });
    // The first firm pledged twice: its second loan is cut to what is left of its year's cap.
    if (i === 0) {
      const on = later(repaidOn, 20);
      add('ip-pledge-interest', firm, on, { loanReference: `ZY-${y}-${String(i + 1).padStart(3, '0')}B`, principal: yuanOf(1_000n * WAN), startsOn: notBefore(addDays(on, -300)), repaidOn: on, repaidOnTime: true });
    }
    // The second one's loan was in fact extended (展期): found at the review, the grant is clawed back.
    if (i === 1 || countOf('ip-pledge-interest') === 1) first.clawback = { on: later(repaidOn, 10), reason: '复核发现贷款展期，未按期还清，全额追回贴息' };
  }
  // 知识产权质押评估费、担保费补助: half the fee, at most 20,000.00 an item (fees above 40,000.00 are cut).
  for (let i = 0; i < countOf('ip-pledge-fee'); i++) {
    add('ip-pledge-fee', firmOf(random.pick(['micro', 'small'] as const)), day(), { loanReference: `ZY-${y}-F${String(i + 1).padStart(3, '0')}`, feeKind: random.pick(['evaluation', 'guarantee'] as const), fee: yuanOf(BigInt(random.int(8, 60)) * 1000_00n) });
  }
  // 首台套/首批次/首版次保费补贴: 20 % of the premium, the premium counted up to 3 % of the insured amount.
  for (let i = 0; i < countOf('first-unit-premium'); i++) {
    const insured = wan(500, 5000);
    add('first-unit-premium', firmOf('small'), day(), { policyReference: `BX-${y}-${String(i + 1).padStart(3, '0')}`, insuredAmount: yuanOf(insured), premium: yuanOf((insured * BigInt(random.int(150, 400))) / 10_000n), policyYear: y });
  }
  // 碳减排贴息 to the lending bank: 25 bp a year on the balance for the quarter.
  for (let i = 0; i < countOf('carbon-reduction-interest'); i++) {
    const to = day();
    add('carbon-reduction-interest', { name: random.pick(BANKS), creditCode: creditCodeFor(random) }, to, { loanReference: `TJP-${y}-${String(i + 1).padStart(3, '0')}`, balance: yuanOf(wan(2000, 20000)), from: addDays(to, -90), to });
  }
  // 创业担保贷款贴息: many small loans to individuals, small businesses and veterans.
  const startups: Grant[] = [];
  for (let i = 0; i < countOf('startup-loan-interest'); i++) {
    const to = day();
    const borrowerKind = random.weighted([['individual', 6], ['small-business', 3], ['veteran', 1]] as const);
    const principal = borrowerKind === 'small-business' ? wan(50, 300) : wan(10, 50);
    startups.push(add('startup-loan-interest', firmOf('micro'), to, { loanReference: `CD-${y}-${String(i + 1).padStart(3, '0')}`, principal: yuanOf(principal), from: addDays(to, -random.int(90, 360)), to, borrowerKind }));
  }
  // The same loan's interest applied for a second time: the checker rejects the duplicate.
  const dup = startups[0];
  if (dup !== undefined) {
    add('startup-loan-interest', dup.firm, later(dup.occurredOn, 7), dup.details, { decision: { action: 'reject', note: `重复申报：与 ${dup.subsidyId} 同一笔贷款同一计息期` } });
  }
  // 担保费补贴 to the county agencies (government guarantors, fees ≤ 1 %): 0.50 % (0.75 % green) of the guaranteed amount.
  for (let i = 0; i < countOf('guarantee-fee-subsidy'); i++) {
    const county = random.weighted(COUNTY_WEIGHTS);
    add('guarantee-fee-subsidy', { name: agencyOf(county), creditCode: creditCodeFor(random) }, day(), { guaranteedAmount: yuanOf(wan(5000, 40000)), feeRateBps: random.pick([50, 60, 80, 100]), green: random.chance(0.25) });
  }
  // 奖励: a supply-chain finance institution asking 800,000.00 is cut to its 500,000.00 a year; an
  // IPO award in stages, the last cut to what is left of 6,000,000.00 per firm.
  const awardDays = days.filter((d) => d <= addDays(period.last, -30));
  const sorted = [random.pick(awardDays), random.pick(awardDays)].sort();
  add('award', firmOf('other'), sorted[0] ?? day(), { awardKind: 'supply-chain-finance-institution', amount: yuanOf(80n * WAN) });
  const ipo = firmOf('other');
  const stages = scale * monthsShare >= 0.5 ? [200n, 200n, 300n] : [400n, 300n];
  stages.forEach((w, k) => add('award', ipo, addDays(sorted[1] ?? day(), 7 * k), { awardKind: 'ipo', amount: yuanOf(w * WAN) }));
  for (let i = 2; i < countOf('award'); i++) add('award', firmOf('other'), day(), { awardKind: 'supply-chain-bill-platform', amount: yuanOf(wan(50, 300)) });
  // One request waits in the approvals inbox at the end of the last demo year.
  if (lastYear) add('guarantee-fee-subsidy', { name: agencyOf('dongchangfu'), creditCode: creditCodeFor(random) }, addDays(period.last, -2), { guaranteedAmount: yuanOf(12_000n * WAN), feeRateBps: 80, green: true }, { subsidyId: `BT${y}-PENDING` });
  const pending = grants.at(-1);
  if (lastYear && pending !== undefined) delete pending.decision;

  const ops: DemoOp[] = [];
  for (const g of grants) {
    const base = { fundId, role: 'finance-bureau' as const, chain: `firm-${g.firm.creditCode}` };
    const uncut = uncutFen(g);
    ops.push({
      ...base,
      kind: 'subsidy',
      date: g.occurredOn,
      order: 3,
      request: op.post(`bt-${g.subsidyId}`, '/subsidies', { subsidyId: g.subsidyId, programme: g.programme, firm: g.firm, occurredOn: g.occurredOn, details: g.details }),
      plannedCash: g.decision?.action === 'approve' ? -uncut : 0n,
      ...(g.decision === undefined ? {} : { decision: g.decision }),
      // The approval's result is the grant as paid (its amount after every cap).
      cash: (result) => ({ fundId, date: g.occurredOn, amount: -answerFen(result, 'amountGranted'), reference: g.subsidyId, description: `${PROGRAMME_ZH[g.programme]}拨付` }),
      amount: uncut,
    });
    if (g.clawback !== undefined) {
      const on = g.clawback.on;
      ops.push({
        ...base,
        kind: 'clawback',
        date: on,
        order: 1,
        request: op.post(`bt-${g.subsidyId}-claw`, `/subsidies/${g.subsidyId}/clawbacks`, { occurredOn: on, amount: yuanOf(capped(g, uncut)), reason: g.clawback.reason }),
        plannedCash: 0n,
        cash: (answer) => ({ fundId, date: on, amount: answerFen(answer, 'clawedBack'), reference: g.subsidyId, description: '补贴追回' }),
        amount: capped(g, uncut),
      });
    }
  }
  return ops;
};

/** The clawed-back grant is a first pledged loan: its figure is at most the 100,000.00 cap. */
const capped = (g: Grant, uncut: bigint): bigint => (g.programme === 'ip-pledge-interest' && uncut > 100_000_00n ? 100_000_00n : uncut);

export const PROGRAMME_ZH: Record<Programme, string> = {
  'ip-pledge-interest': '知识产权质押贷款贴息',
  'ip-pledge-fee': '知识产权质押评估费担保费补助',
  'first-unit-premium': '首台套保费补贴',
  'carbon-reduction-interest': '碳减排贴息',
  'startup-loan-interest': '创业担保贷款贴息',
  'guarantee-fee-subsidy': '担保费补贴',
  award: '奖励资金',
};
