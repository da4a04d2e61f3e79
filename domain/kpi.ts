import { originalOf } from './reversal';
import type { DomainEvent } from '../events/registry';
import { dayOfYear, yearOf } from './dates';
import { divRoundHalfUp, formatYuan, ratioBps } from './money';
import { DEFAULT_POLICIES, versionInForce, type PolicyVersion, type YearTargets } from './policy';

// The plan's indicators for a year (DESIGN §6), computed from events dated in that year.

/** 'no-target': the year has no plan targets of its own (issue 20 §3), so nothing is measured against one. */
export type Alert = 'ok' | 'warn' | 'alert' | 'no-target';
export type DatedEvent = { occurredOn: string } & DomainEvent;

/** A target to reach by year end: alert when the year is over and it is missed, warn when behind pace. */
export interface CumulativeIndicator<T extends bigint | number> {
  actual: T;
  /** null: the year has no targets of its own. */
  target: T | null;
  /** actual / target in bp (10000 = target reached); null without a target. */
  progressBps: number | null;
  /** Share of the year elapsed at asOf, in bp: the pace to compare progress with. */
  expectedBps: number;
  alert: Alert;
}

export interface BoundIndicator {
  actualBps: number;
  limitBps: number;
  alert: Alert;
}

export interface KpiReport {
  year: number;
  asOf: string;
  /** The version in force on the year's last day: its indicator thresholds are the ones measured against. */
  policyId: string;
  /** Where the year's plan targets come from: that version's targets[year], or null when it has none for the year. */
  targetsPolicyId: string | null;
  newGuaranteeAmount: CumulativeIndicator<bigint>;
  /** Guarantee amount to single borrowers ≤ 10,000,000 yuan in micro/small/agri ÷ all (floor 80 %). */
  inclusiveShare: BoundIndicator;
  /** Principal-weighted average fee rate (ceiling 1 %). */
  averageFeeRate: BoundIndicator;
  /** Principal loss of defaults ÷ principal issued in the year (warn above 5 %). */
  compensationRate: BoundIndicator;
  bridgeUses: CumulativeIndicator<number>;
  bridgeAmount: bigint;
  guidanceLanded: CumulativeIndicator<bigint>;
  /** Leverage (撬动) = Σ sub-fund size ÷ Σ government commitment, 2 decimals ("4.00"). */
  leverage: string;
  newGreenFunds: CumulativeIndicator<number> & { max: number | null };
  /** What the ratios above are computed from: a roll-up over cities adds these and recomputes its ratios (never averages them). */
  sums: KpiSums;
}

/** The numerators and denominators of the year's ratios (fen; feeWeighted is fen × bp). */
export interface KpiSums {
  /** Guarantee principal issued (denominator of the inclusive share, fee rate and compensation rate). */
  issued: bigint;
  /** Of it, to inclusive single borrowers ≤ the small-borrower maximum. */
  inclusive: bigint;
  /** Σ principal × fee rate in bp. */
  feeWeighted: bigint;
  /** Principal loss of defaults. */
  principalLoss: bigint;
  /** Government commitments landed (denominator of leverage). */
  committed: bigint;
  /** Σ sub-fund size (numerator of leverage). */
  subFundSize: bigint;
}

/** The year's ratios from their sums: one formula for a city and for a province's totals. */
export function kpiRatios(s: KpiSums): { inclusiveBps: number; feeBps: number; compensationBps: number; leverage: string } {
  return {
    inclusiveBps: s.issued === 0n ? 0 : ratioBps(s.inclusive, s.issued),
    feeBps: s.issued === 0n ? 0 : Number(divRoundHalfUp(s.feeWeighted, s.issued)),
    compensationBps: ratioBps(s.principalLoss, s.issued),
    leverage: ratioText(s.subFundSize, s.committed),
  };
}

function cumulative<T extends bigint | number>(actual: T, target: T | undefined, expectedBps: number): CumulativeIndicator<T> {
  if (target === undefined) return { actual, target: null, progressBps: null, expectedBps, alert: 'no-target' };
  const progressBps = target === 0 || target === 0n ? 10000 : ratioBps(BigInt(actual), BigInt(target));
  const met = progressBps >= 10000;
  const alert: Alert = met || progressBps >= expectedBps ? 'ok' : expectedBps >= 10000 ? 'alert' : 'warn';
  return { actual, target, progressBps, expectedBps, alert };
}

/** "x.yy" of a ratio, rounded half up; "0.00" when the denominator is 0. */
export function ratioText(numerator: bigint, denominator: bigint): string {
  return denominator === 0n ? '0.00' : formatYuan(divRoundHalfUp(numerator * 100n, denominator));
}

/**
 * Indicators of `year` from events of any funds. `asOf` (default: the year's last day) limits the events
 * and sets the pace; targets come from the policy in force on the year's last day.
 */
export function computeKpis(
  events: Iterable<DatedEvent>,
  year: number,
  options: { asOf?: string; policies?: readonly PolicyVersion[] } = {},
): KpiReport {
  const yearEnd = `${year}-12-31`;
  const asOf = options.asOf !== undefined && options.asOf < yearEnd ? options.asOf : yearEnd;
  const policy = versionInForce(options.policies ?? DEFAULT_POLICIES, yearEnd);
  if (policy === undefined) throw new RangeError(`no policy version in force on ${yearEnd}`);
  // The year's own targets only: a year without them is reported as such, never against another year's.
  const t: YearTargets | undefined = policy.targets[String(year)];
  const thresholds = policy.indicators;
  const { day, daysInYear } = dayOfYear(asOf);
  const expectedBps = yearOf(asOf) === year ? Math.min(10000, Math.floor((day * 10000) / daysInYear)) : 0;

  let issued = 0n;
  let feeWeighted = 0n;
  let principalLoss = 0n;
  let bridgeUses = 0;
  let bridgeAmount = 0n;
  let committed = 0n;
  let subFundSize = 0n;
  let green = 0;
  const byBorrower: Record<string, { principal: bigint; inclusiveCategory: boolean }> = {};

  for (const e of events) {
    if (yearOf(e.occurredOn) !== year || e.occurredOn > asOf) continue;
    // A migrated position (docs/migration.md) is business of an earlier day, not new business of this year.
    if ('migratedOn' in e.data && e.data.migratedOn !== undefined) continue;
    // A reversal (冲正) takes its original back out of the year it is dated in: a voided guarantee, a
    // reversed compensation or disbursement no longer counts.
    const reversed = e.type === 'EntryReversed' ? originalOf(e.data) : undefined;
    const sign = reversed === undefined ? 1n : -1n;
    const fact = reversed ?? e;
    if (reversed !== undefined && 'migratedOn' in reversed.data && reversed.data.migratedOn !== undefined) continue;
    switch (fact.type) {
      case 'GuaranteeIssued': {
        const { principal, feeRateBps, borrower } = fact.data;
        issued += sign * principal;
        feeWeighted += sign * principal * BigInt(feeRateBps);
        const b = (byBorrower[borrower.creditCode] ??= { principal: 0n, inclusiveCategory: false });
        b.principal += sign * principal;
        b.inclusiveCategory = borrower.category !== 'other';
        break;
      }
      case 'GuaranteeDefaulted':
        principalLoss += sign * fact.data.principalLoss;
        break;
      case 'BridgeLoanDisbursed':
        bridgeUses += Number(sign);
        bridgeAmount += sign * fact.data.amount;
        break;
      case 'CommitmentMade':
        // A voided commitment (冲正) no longer landed, levers nothing and is no new green fund.
        committed += sign * fact.data.amount;
        subFundSize += sign * fact.data.subFund.size;
        if (fact.data.subFund.green) green += Number(sign);
        break;
      default:
        break;
    }
  }

  // A "single borrower ≤ 10,000,000" is judged on the borrower's total guaranteed in the year (单户在保).
  let inclusive = 0n;
  for (const b of Object.values(byBorrower)) {
    if (b.inclusiveCategory && b.principal <= policy.riskPool.smallBorrowerMaxAmount) inclusive += b.principal;
  }
  const sums: KpiSums = { issued, inclusive, feeWeighted, principalLoss, committed, subFundSize };
  const { inclusiveBps, feeBps, compensationBps, leverage } = kpiRatios(sums);

  return {
    year,
    asOf,
    policyId: policy.id,
    targetsPolicyId: t === undefined ? null : policy.id,
    newGuaranteeAmount: cumulative(issued, t?.newGuaranteeAmount, expectedBps),
    inclusiveShare: {
      actualBps: inclusiveBps,
      limitBps: thresholds.inclusiveShareMinBps,
      alert: issued === 0n || inclusiveBps >= thresholds.inclusiveShareMinBps ? 'ok' : 'alert',
    },
    averageFeeRate: { actualBps: feeBps, limitBps: thresholds.averageFeeRateMaxBps, alert: feeBps <= thresholds.averageFeeRateMaxBps ? 'ok' : 'alert' },
    compensationRate: {
      actualBps: compensationBps,
      limitBps: thresholds.compensationRateWarnBps,
      alert: compensationBps <= thresholds.compensationRateWarnBps ? 'ok' : 'warn',
    },
    bridgeUses: cumulative(bridgeUses, t?.bridgeUses, expectedBps),
    bridgeAmount,
    guidanceLanded: cumulative(committed, t?.guidanceLanded, expectedBps),
    leverage,
    newGreenFunds: { ...cumulative(green, t?.greenFundsMin, expectedBps), max: t?.greenFundsMax ?? null },
    sums,
  };
}
