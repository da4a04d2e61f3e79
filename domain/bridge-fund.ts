import type { DomainEvent, EventData } from '../events/registry';
import { event, requirePositive, type Decision } from './aggregate';
import { daysBetween } from './dates';
import { domainError, isDomainError, type DomainError } from './errors';
import { requireCash, requireFundKind, type FundState } from './fund-book';
import { bpText, feeFor, formatYuan } from './money';
import { originalOf } from './reversal';
import type { PolicyVersion } from './policy';

// A bridge loan (应急转贷): short-term money to repay a maturing bank loan until the bank re-lends.
// Every command here moves the fund's cash or overdue exposure, so each appends to both streams.

export interface BridgeLoanState {
  fundId: string;
  loanId: string;
  /** `voided`: its disbursement was reversed (冲正), it never stood. */
  status: 'none' | 'open' | 'overdue' | 'repaid' | 'voided';
  /** Marked overdue at some point: a reversed repayment puts it back overdue (absent in snapshots of snapshotVersion 1). */
  wasOverdue?: boolean;
  amount: bigint;
  disbursedOn: string;
  dueOn: string;
  repaidOn: string;
  fee: bigint;
  daysUsed: number;
}

export const initialBridgeLoanState = (fundId = '', loanId = ''): BridgeLoanState => ({
  fundId,
  loanId,
  status: 'none',
  amount: 0n,
  disbursedOn: '',
  dueOn: '',
  repaidOn: '',
  fee: 0n,
  daysUsed: 0,
});

type Grant = EventData<'BridgeLoanGranted'>;
export type DisburseBridgeLoan = { type: 'disburseBridgeLoan' } & Omit<Grant, 'renewalCommitment'> & {
  /** The bank's renewal commitment (续贷承诺); required, but checked here so the refusal has a code. */
  renewalCommitment?: Grant['renewalCommitment'];
};
export type RepayBridgeLoan = { type: 'repayBridgeLoan'; repaidOn: string };
export type MarkOverdue = { type: 'markOverdue'; on: string };

export function evolveBridgeLoan(state: BridgeLoanState, e: DomainEvent): BridgeLoanState {
  switch (e.type) {
    case 'BridgeLoanGranted':
      return {
        ...state,
        fundId: e.data.fundId,
        loanId: e.data.loanId,
        status: 'open',
        amount: e.data.amount,
        disbursedOn: e.data.disbursedOn,
        dueOn: e.data.dueOn,
      };
    case 'BridgeLoanMarkedOverdue':
      return { ...state, status: 'overdue', wasOverdue: true };
    case 'BridgeLoanSettled':
      return { ...state, status: 'repaid', repaidOn: e.data.repaidOn, fee: e.data.fee, daysUsed: e.data.daysUsed };
    case 'EntryReversed':
      return undoOnBridgeLoan(state, originalOf(e.data));
    default:
      return state;
  }
}

/** What a reversed loan event had done, undone: a repayment reversed leaves the loan outstanding as it was. */
function undoOnBridgeLoan(state: BridgeLoanState, o: DomainEvent): BridgeLoanState {
  switch (o.type) {
    case 'BridgeLoanGranted':
      return { ...state, status: 'voided' };
    case 'BridgeLoanMarkedOverdue':
      return { ...state, status: 'open', wasOverdue: false };
    case 'BridgeLoanSettled':
      return { ...state, status: state.wasOverdue === true ? 'overdue' : 'open', repaidOn: '', fee: 0n, daysUsed: 0 };
    default:
      throw new Error(`a reversal of ${o.type} on a bridge-loan stream has no undo`);
  }
}

/** New lending stops while overdue principal ≥ 40 % of the fund's capital (DESIGN §6). */
export function isBridgeLendingSuspended(fund: FundState, policy: PolicyVersion): boolean {
  return fund.bridgeOverdue > 0n && fund.bridgeOverdue * 10000n >= fund.capital * BigInt(policy.bridge.suspendAtOverdueShareBps);
}

export function decideDisbursement(
  loan: BridgeLoanState,
  fund: FundState,
  command: DisburseBridgeLoan,
  policy: PolicyVersion,
): Decision<'loan' | 'fund'> | DomainError {
  const wrongKind = requireFundKind(fund, 'bridge-fund');
  if (wrongKind) return wrongKind;
  if (loan.status !== 'none') return domainError('already-exists', `bridge loan ${command.loanId} already exists`, { field: 'loanId' });
  const { amount, renewalCommitment, disbursedOn, dueOn } = command;
  const bad = requirePositive(amount, 'amount');
  if (bad) return bad;
  if (renewalCommitment === undefined || renewalCommitment.amount <= 0n) {
    return domainError('missing-renewal-commitment', "a bridge loan needs the bank's renewal commitment", { field: 'renewalCommitment' });
  }
  const rules = policy.bridge;
  // Compare amount/renewal with the limit exactly (cross-multiplied), no rounding at the boundary.
  if (amount * 10000n > renewalCommitment.amount * BigInt(rules.maxShareOfRenewalBps)) {
    return domainError('exceeds-renewal-commitment', `amount exceeds ${bpText(rules.maxShareOfRenewalBps)} of the renewal commitment`, {
      field: 'amount',
      limit: formatYuan((renewalCommitment.amount * BigInt(rules.maxShareOfRenewalBps)) / 10000n),
      actual: formatYuan(amount),
    });
  }
  if (amount > rules.maxAmount) {
    return domainError('exceeds-bridge-loan-cap', 'amount exceeds the per-use cap', { field: 'amount', limit: formatYuan(rules.maxAmount), actual: formatYuan(amount) });
  }
  const term = daysBetween(disbursedOn, dueOn);
  if (term < 0) return domainError('date-before-start', 'dueOn is before disbursedOn', { field: 'dueOn', limit: `≥ ${disbursedOn}`, actual: dueOn });
  if (term > rules.maxTermDays) {
    return domainError('term-too-long', `term exceeds ${rules.maxTermDays} days`, { field: 'dueOn', limit: `${rules.maxTermDays} days`, actual: `${term} days` });
  }
  // A migrated loan (docs/migration.md) obeys the limits above, its term measured from its original
  // disbursement; it is not new lending and moves no cash now, so neither the suspension nor the
  // cash check applies to it: refusing it would leave a live loan out of the books.
  const migrated = command.migratedOn !== undefined;
  if (!migrated && isBridgeLendingSuspended(fund, policy)) {
    return domainError('bridge-lending-suspended', 'overdue principal has reached the suspension threshold of the fund capital', {
      limit: `${formatYuan((fund.capital * BigInt(rules.suspendAtOverdueShareBps)) / 10000n)} (${bpText(rules.suspendAtOverdueShareBps)} of capital)`,
      actual: formatYuan(fund.bridgeOverdue),
    });
  }
  const short = migrated ? undefined : requireCash(fund, amount);
  if (short) return short;
  const { type: _type, ...grant } = command;
  const granted = {
    loan: [event('BridgeLoanGranted', { ...grant, fundId: fund.fundId, renewalCommitment })],
    fund: [event('BridgeLoanDisbursed', { fundId: fund.fundId, loanId: command.loanId, amount, ...(migrated ? { migratedOn: command.migratedOn } : {}) })],
  };
  // Already past due when the books open: it comes in overdue, on the same day (the sweep's rule).
  if (command.migratedOn === undefined || command.migratedOn <= dueOn) return granted;
  const open = granted.loan.reduce(evolveBridgeLoan, loan);
  const overdue = decideOverdue(open, fund, { type: 'markOverdue', on: command.migratedOn }, policy);
  if (isDomainError(overdue)) return overdue;
  return { loan: [...granted.loan, ...overdue.loan], fund: [...granted.fund, ...overdue.fund] };
}

const notFound = (loan: BridgeLoanState) =>
  domainError('not-found', `bridge loan ${loan.loanId || '(unknown)'} does not exist`, { field: 'loanId' });

/** Repayment: fee = principal × fee bp/day × days used (calendar days, at least 1), received with principal. */
export function decideRepayment(
  loan: BridgeLoanState,
  _fund: FundState,
  command: RepayBridgeLoan,
  policy: PolicyVersion,
): Decision<'loan' | 'fund'> | DomainError {
  if (loan.status === 'none') return notFound(loan);
  if (loan.status === 'repaid') return domainError('invalid-state', `bridge loan ${loan.loanId} is already repaid`, { actual: 'repaid', limit: 'open or overdue' });
  const days = daysBetween(loan.disbursedOn, command.repaidOn);
  if (days < 0) {
    return domainError('date-before-start', 'repaidOn is before disbursedOn', { field: 'repaidOn', limit: `≥ ${loan.disbursedOn}`, actual: command.repaidOn });
  }
  const daysUsed = Math.max(1, days);
  const fee = feeFor(loan.amount, policy.bridge.feeBpsPerDay, daysUsed);
  const ids = { fundId: loan.fundId, loanId: loan.loanId };
  return {
    loan: [event('BridgeLoanSettled', { ...ids, repaidOn: command.repaidOn, principal: loan.amount, fee, daysUsed })],
    fund: [event('BridgeLoanRepaid', { ...ids, principal: loan.amount, fee, daysUsed, wasOverdue: loan.status === 'overdue' })],
  };
}

/** Past its due date an open loan becomes overdue (the overdue sweep calls this daily). */
export function decideOverdue(
  loan: BridgeLoanState,
  _fund: FundState,
  command: MarkOverdue,
  _policy: PolicyVersion,
): Decision<'loan' | 'fund'> | DomainError {
  if (loan.status === 'none') return notFound(loan);
  if (loan.status !== 'open') return domainError('invalid-state', `bridge loan ${loan.loanId} is ${loan.status}`, { actual: loan.status, limit: 'open' });
  if (command.on <= loan.dueOn) {
    return domainError('invalid-state', `bridge loan ${loan.loanId} is not past its due date`, { field: 'on', limit: `> ${loan.dueOn}`, actual: command.on });
  }
  const ids = { fundId: loan.fundId, loanId: loan.loanId };
  return {
    loan: [event('BridgeLoanMarkedOverdue', { ...ids, principal: loan.amount, dueOn: loan.dueOn })],
    fund: [event('BridgeLoanWentOverdue', { ...ids, principal: loan.amount })],
  };
}
