// A fund's positions at month end for the monthly ledger report (按月汇总工作台账), folded from its
// events in one pass. Month figures count only events dated in the month; stock figures (outstanding,
// unfunded) are as at its last day. Pure: the month-end runner feeds events in.
import { originalOf } from './reversal';
import type { BorrowerCategory, CountyCode } from '../events/primitives';
import type { DomainEvent } from '../events/registry';
import { PROGRAMMES, type Programme } from '../events/subsidy-events';
import { ratioText } from './kpi';

interface CountAmount {
  count: number;
  amount: bigint;
}

export interface RiskPoolPositions {
  outstanding: CountAmount;
  /** Outstanding guarantees by borrower county ('unknown' when the guarantee named none). */
  byCounty: Record<string, CountAmount>;
  byCategory: Record<string, CountAmount>;
  issuedInMonth: CountAmount;
  releasedInMonth: CountAmount;
  defaultedInMonth: CountAmount;
  compensationPaidInMonth: CountAmount;
  recoveredInMonth: CountAmount;
}

export interface BridgeFundPositions {
  /** Disbursed in the month; the count is the month's turnover (周转次数). */
  lentInMonth: CountAmount;
  repaidInMonth: CountAmount;
  feesInMonth: bigint;
  wentOverdueInMonth: CountAmount;
  /** Principal outstanding at month end, overdue included (1201 + 1203). */
  outstanding: bigint;
  /** Overdue principal at month end (1203). */
  overdue: bigint;
  turnoverCount: number;
}

export interface GuidanceFundPositions {
  commitments: CountAmount;
  subFundSize: bigint;
  called: bigint;
  paidIn: bigint;
  unfunded: bigint;
  returnOfCapital: bigint;
  gains: bigint;
  /** 撬动: sub-fund size ÷ government commitment, two decimals; null with no commitment. */
  leverage: string | null;
}

/** Subsidy budget (财政补贴资金): the month's grants per programme, and what waits for approval at month end. */
export interface SubsidyProgrammeMonth {
  requested: CountAmount;
  granted: CountAmount;
  rejected: CountAmount;
  clawedBack: CountAmount;
}

export interface SubsidyBudgetPositions {
  byProgramme: Record<Programme, SubsidyProgrammeMonth>;
  /** Requested, not yet granted or rejected, at month end (amounts as requested). */
  pendingAtMonthEnd: CountAmount;
  /** Since the fund opened: granted less clawed back. */
  netGranted: bigint;
}

export interface FundPositions {
  riskPool: RiskPoolPositions;
  bridgeFund: BridgeFundPositions;
  guidanceFund: GuidanceFundPositions;
  subsidyBudget: SubsidyBudgetPositions;
}

const zero = (): CountAmount => ({ count: 0, amount: 0n });
const add = (into: CountAmount, amount: bigint, count = 1): void => {
  into.count += count;
  into.amount += amount;
};

export interface PositionsAccumulator {
  /** Feeds one decoded event of the fund up to month end; `inMonth` when dated in the reported month. */
  apply(event: DomainEvent, inMonth: boolean): void;
  result(): FundPositions;
}

export function createPositionsAccumulator(): PositionsAccumulator {
  // Open guarantees with what remains outstanding; every guarantee's county and category is kept,
  // since a release or default names none and its reversal (冲正) puts the guarantee back.
  const open = new Map<string, { county: CountyCode | 'unknown'; category: BorrowerCategory; principal: bigint }>();
  const known = new Map<string, { county: CountyCode | 'unknown'; category: BorrowerCategory }>();
  const rp = {
    issuedInMonth: zero(), releasedInMonth: zero(), defaultedInMonth: zero(), compensationPaidInMonth: zero(), recoveredInMonth: zero(),
  };
  const bf = { lentInMonth: zero(), repaidInMonth: zero(), feesInMonth: 0n, wentOverdueInMonth: zero(), outstanding: 0n, overdue: 0n };
  const gf = { commitments: zero(), subFundSize: 0n, called: 0n, paidIn: 0n, returnOfCapital: 0n, gains: 0n };
  const sb = Object.fromEntries(PROGRAMMES.map((p) => [p, { requested: zero(), granted: zero(), rejected: zero(), clawedBack: zero() }])) as Record<Programme, SubsidyProgrammeMonth>;
  const pendingGrants = new Map<string, bigint>();
  let netGranted = 0n;

  /** Outstanding principal of a guarantee moved by `delta`: closed at zero, put back by a reversed release or default. */
  const moveGuarantee = (guaranteeId: string, delta: bigint): void => {
    const g = open.get(guaranteeId);
    const principal = (g?.principal ?? 0n) + delta;
    const info = known.get(guaranteeId);
    if (principal <= 0n || info === undefined) open.delete(guaranteeId);
    else open.set(guaranteeId, { ...info, principal });
  };

  /**
   * One event's effect with `sign` 1, or its undoing with −1 when a reversal (冲正) of it arrives:
   * stock figures return to what they were before the original; a month's flows show the 红字 as a
   * negative count and amount in the reversal's month.
   */
  const fold = (event: DomainEvent, inMonth: boolean, sign: 1 | -1): void => {
    const n = BigInt(sign);
    const flow = (into: CountAmount, amount: bigint): void => {
      if (inMonth) add(into, n * amount, sign);
    };
    switch (event.type) {
      case 'EntryReversed':
        // A reversal is never reversed itself; its original is undone.
        if (sign === 1) fold(originalOf(event.data), inMonth, -1);
        return;
      case 'GuaranteeIssued': {
        const { guaranteeId, borrower, principal } = event.data;
        known.set(guaranteeId, { county: borrower.county ?? 'unknown', category: borrower.category });
        // Issued once: voided (its issue reversed), it is outstanding no more.
        if (sign === 1) moveGuarantee(guaranteeId, principal);
        else open.delete(guaranteeId);
        // A migrated guarantee is outstanding from openedOn but was not issued then.
        if (event.data.migratedOn === undefined) flow(rp.issuedInMonth, principal);
        return;
      }
      case 'GuaranteeReleased':
        moveGuarantee(event.data.guaranteeId, -n * event.data.principal);
        flow(rp.releasedInMonth, event.data.principal);
        return;
      case 'GuaranteeDefaulted':
        moveGuarantee(event.data.guaranteeId, -n * event.data.principal);
        flow(rp.defaultedInMonth, event.data.principal);
        return;
      case 'CompensationPaid':
        flow(rp.compensationPaidInMonth, event.data.amount);
        return;
      case 'RecoveryReceived':
        flow(rp.recoveredInMonth, event.data.amount);
        return;
      case 'BridgeLoanDisbursed':
        bf.outstanding += n * event.data.amount;
        if (event.data.migratedOn === undefined) flow(bf.lentInMonth, event.data.amount);
        return;
      case 'BridgeLoanWentOverdue':
        bf.overdue += n * event.data.principal;
        flow(bf.wentOverdueInMonth, event.data.principal);
        return;
      case 'BridgeLoanRepaid':
        bf.outstanding -= n * event.data.principal;
        if (event.data.wasOverdue) bf.overdue -= n * event.data.principal;
        flow(bf.repaidInMonth, event.data.principal);
        if (inMonth) bf.feesInMonth += n * event.data.fee;
        return;
      case 'CommitmentMade':
        // A voided commitment counts in neither commitments nor leverage.
        add(gf.commitments, n * event.data.amount, sign);
        gf.subFundSize += n * event.data.subFund.size;
        return;
      case 'CapitalCalled':
        gf.called += n * event.data.amount;
        return;
      case 'CapitalCallPaid':
        gf.paidIn += n * event.data.amount;
        return;
      case 'DistributionReceived':
        gf.returnOfCapital += n * event.data.returnOfCapital;
        gf.gains += n * event.data.gain;
        return;
      // Subsidies are corrected by clawbacks, never reversed (domain/reversal.ts).
      case 'SubsidyRequested':
        pendingGrants.set(event.data.subsidyId, event.data.amount);
        if (inMonth) add(sb[event.data.programme].requested, event.data.amount);
        return;
      case 'SubsidyGranted':
        pendingGrants.delete(event.data.subsidyId);
        netGranted += event.data.amount;
        if (inMonth) add(sb[event.data.programme].granted, event.data.amount);
        return;
      case 'SubsidyRejected':
        if (inMonth) add(sb[event.data.programme].rejected, event.data.amount);
        pendingGrants.delete(event.data.subsidyId);
        return;
      case 'SubsidyClawedBack':
        netGranted -= event.data.amount;
        if (inMonth) add(sb[event.data.programme].clawedBack, event.data.amount);
        return;
      default:
        return;
    }
  };

  return {
    apply(event, inMonth) {
      fold(event, inMonth, 1);
    },
    result() {
      const outstanding = zero();
      const byCounty: Record<string, CountAmount> = {};
      const byCategory: Record<string, CountAmount> = {};
      for (const g of open.values()) {
        add(outstanding, g.principal);
        add((byCounty[g.county] ??= zero()), g.principal);
        add((byCategory[g.category] ??= zero()), g.principal);
      }
      return {
        riskPool: { outstanding, byCounty, byCategory, ...rp },
        bridgeFund: { ...bf, turnoverCount: bf.lentInMonth.count },
        guidanceFund: { ...gf, unfunded: gf.commitments.amount - gf.called, leverage: gf.commitments.amount === 0n ? null : ratioText(gf.subFundSize, gf.commitments.amount) },
        subsidyBudget: {
          byProgramme: sb,
          pendingAtMonthEnd: { count: pendingGrants.size, amount: [...pendingGrants.values()].reduce((a, b) => a + b, 0n) },
          netGranted,
        },
      };
    },
  };
}
