import type { SubsidyClaim } from '../events/subsidy-events';
import { daysBetween, yearOf } from './dates';
import { domainError, type DomainError } from './errors';
import { bpText, divRoundHalfUp, formatYuan } from './money';
import type { CapRule, PolicyVersion, SubsidyPolicy } from './policy';

// The subsidy programmes' formulas and caps (docs/subsidies.md has a worked example of each).
// Every formula multiplies exact integers (fen × basis points × days) and divides once at the end,
// rounding half up to the fen; day counts are actual days, on a 360-day year.

/** What a formula gives before the firm's earlier grants are counted, and the cap that applies. */
export interface Computed {
  /** The formula's figure, rounded once. */
  formula: bigint;
  cap?: CapRule & {
    /** Counter key of a per-firm cap (the grant-cap stream); absent for a per-item cap. */
    key?: string;
  };
  /** The inputs the figure came from (rates, days), for the answer and the docs. */
  basis: Record<string, string | number>;
}

export interface CapCutFigures {
  scope: CapRule['scope'];
  limit: bigint;
  used: bigint;
  uncutAmount: bigint;
}

export interface Assessed {
  amount: bigint;
  /** Present when a cap cut the formula's figure. */
  cut?: CapCutFigures;
}

const BPS = 10_000n;

/** The rate of a dated list in force on `date`, or undefined when the list starts later. */
export function rateOn(rates: SubsidyPolicy['lpr1Year'], date: string): number | undefined {
  let found: { from: string; rateBps: number } | undefined;
  for (const r of rates) if (r.from <= date && (found === undefined || r.from >= found.from)) found = r;
  return found?.rateBps;
}

const periodDays = (from: string, to: string, fromField: string, toField: string): number | DomainError => {
  const days = daysBetween(from, to);
  if (days >= 1) return days;
  return domainError('date-before-start', `${toField} must be after ${fromField}`, { field: `details.${toField}`, limit: `> ${from}`, actual: to });
};

/** The counter key of a per-firm cap: programme (and award kind), firm, and the year or "all". */
export const capKey = (scope: CapRule['scope'], parts: { programme: string; kind?: string; creditCode: string; year: number }): string | undefined =>
  scope === 'per-item' ? undefined : [parts.programme, ...(parts.kind === undefined ? [] : [parts.kind]), parts.creditCode, scope === 'per-firm-year' ? String(parts.year) : 'all'].join('.');

/** Runs the programme's formula. `occurredOn` dates the claim (the year of a per-firm-year cap). */
export function computeSubsidy(claim: SubsidyClaim, creditCode: string, occurredOn: string, policy: PolicyVersion): Computed | DomainError {
  const p = policy.subsidy;
  const basisDays = BigInt(p.dayCountBasis);
  const withCap = (rule: CapRule, year: number, kind?: string): Computed['cap'] => {
    const key = capKey(rule.scope, { programme: claim.programme, creditCode, year, ...(kind === undefined ? {} : { kind }) });
    return key === undefined ? { ...rule } : { ...rule, key };
  };
  switch (claim.programme) {
    case 'ip-pledge-interest': {
      const d = claim.details;
      // plan §14: only loans repaid on time (按期还清本息) are subsidised.
      if (!d.repaidOnTime) return domainError('not-repaid-on-time', 'only a loan repaid on time earns the interest subsidy', { field: 'details.repaidOnTime', limit: 'true', actual: 'false' });
      const days = periodDays(d.startsOn, d.repaidOn, 'startsOn', 'repaidOn');
      if (typeof days !== 'number') return days;
      const lpr = rateOn(p.lpr1Year, d.startsOn);
      if (lpr === undefined) return domainError('no-rate-in-force', `no 1-year LPR is in force on ${d.startsOn}`, { field: 'details.startsOn' });
      // principal × LPR × 40 % × days / 360
      const formula = divRoundHalfUp(d.principal * BigInt(lpr) * BigInt(p.ipPledgeInterest.lprShareBps) * BigInt(days), BPS * BPS * basisDays);
      return { formula, cap: withCap(p.ipPledgeInterest.cap, yearOf(occurredOn)), basis: { lprBps: lpr, shareBps: p.ipPledgeInterest.lprShareBps, days, dayCountBasis: p.dayCountBasis } };
    }
    case 'ip-pledge-fee': {
      const formula = divRoundHalfUp(claim.details.fee * BigInt(p.ipPledgeFee.shareBps), BPS);
      return { formula, cap: withCap(p.ipPledgeFee.cap, yearOf(occurredOn)), basis: { shareBps: p.ipPledgeFee.shareBps } };
    }
    case 'first-unit-premium': {
      const d = claim.details;
      // 20 % × min(premium, insured amount × 3 %): compared in fen × bp, so nothing is rounded early.
      const premium = d.premium * BPS;
      const ceiling = d.insuredAmount * BigInt(p.firstUnitPremium.maxPremiumRateBps);
      const base = premium < ceiling ? premium : ceiling;
      const formula = divRoundHalfUp(base * BigInt(p.firstUnitPremium.shareBps), BPS * BPS);
      // The year is the insured year (实际投保年度).
      return { formula, cap: withCap(p.firstUnitPremium.cap, d.policyYear), basis: { shareBps: p.firstUnitPremium.shareBps, maxPremiumRateBps: p.firstUnitPremium.maxPremiumRateBps, premiumCapped: premium > ceiling ? 'yes' : 'no' } };
    }
    case 'carbon-reduction-interest': {
      const d = claim.details;
      const days = periodDays(d.from, d.to, 'from', 'to');
      if (typeof days !== 'number') return days;
      const rate = p.carbonReductionInterest.rateBps;
      return { formula: divRoundHalfUp(d.balance * BigInt(rate) * BigInt(days), BPS * basisDays), basis: { rateBps: rate, days, dayCountBasis: p.dayCountBasis } };
    }
    case 'startup-loan-interest': {
      const d = claim.details;
      const days = periodDays(d.from, d.to, 'from', 'to');
      if (typeof days !== 'number') return days;
      const rate = p.startupLoanInterest.rateBps[d.borrowerKind];
      return { formula: divRoundHalfUp(d.principal * BigInt(rate) * BigInt(days), BPS * basisDays), basis: { rateBps: rate, days, dayCountBasis: p.dayCountBasis } };
    }
    case 'guarantee-fee-subsidy': {
      const d = claim.details;
      const g = p.guaranteeFeeSubsidy;
      if (d.feeRateBps > g.maxFeeRateBps) {
        return domainError('fee-rate-too-high', `only guarantees at a fee of at most ${bpText(g.maxFeeRateBps)} earn the subsidy`, { field: 'details.feeRateBps', limit: bpText(g.maxFeeRateBps), actual: bpText(d.feeRateBps) });
      }
      const rate = d.green ? g.greenRateBps : g.rateBps;
      return { formula: divRoundHalfUp(d.guaranteedAmount * BigInt(rate), BPS), basis: { rateBps: rate } };
    }
    case 'award':
      return { formula: claim.details.amount, cap: withCap(p.award.caps[claim.details.awardKind], yearOf(occurredOn), claim.details.awardKind), basis: {} };
  }
}

/**
 * The amount after the cap: cut to what is left of it (a per-firm cap counts `used`, the firm's
 * grants so far), refused when nothing is left or the formula gives nothing.
 */
export function applyCap(computed: Computed, used: bigint): Assessed | DomainError {
  const { formula, cap } = computed;
  if (formula <= 0n) return domainError('invalid-amount', 'the formula gives 0.00', { actual: formatYuan(formula) });
  if (cap === undefined) return { amount: formula };
  const counted = cap.key === undefined ? 0n : used;
  const left = cap.limit - counted;
  if (left <= 0n) {
    return domainError('cap-exhausted', `the ${cap.scope} cap of ${formatYuan(cap.limit)} is used up`, { limit: formatYuan(cap.limit), actual: formatYuan(counted) });
  }
  if (formula <= left) return { amount: formula };
  return { amount: left, cut: { scope: cap.scope, limit: cap.limit, used: counted, uncutAmount: formula } };
}
