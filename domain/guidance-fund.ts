import type { DomainEvent, EventData } from '../events/registry';
import { event, requireNonNegative, requirePositive, type Decision } from './aggregate';
import { domainError, type DomainError } from './errors';
import { requireCash, requireFundKind, type FundState } from './fund-book';
import { bpText, formatYuan, ratioBps } from './money';
import { originalOf } from './reversal';
import type { PolicyVersion } from './policy';

// A guidance fund's (政府引导基金) commitment to one sub-fund (子基金), with its capital calls and distributions.
// Making a commitment and calling capital touch only this stream; paying a call and receiving a
// distribution move the fund's cash and append to the fund stream too.

export interface CapitalCallState {
  amount: bigint;
  calledOn: string;
  dueOn: string;
  paid: boolean;
}

export interface CommitmentState {
  fundId: string;
  commitmentId: string;
  /** `voided`: the commitment was reversed (冲正), it never stood; it takes no calls or distributions. */
  status: 'none' | 'active' | 'voided';
  amount: bigint;
  subFundSize: bigint;
  green: boolean;
  committedOn: string;
  called: bigint;
  paidIn: bigint;
  capitalReturned: bigint;
  gains: bigint;
  calls: Record<string, CapitalCallState>;
  distributionIds: string[];
}

export const initialCommitmentState = (fundId = '', commitmentId = ''): CommitmentState => ({
  fundId,
  commitmentId,
  status: 'none',
  amount: 0n,
  subFundSize: 0n,
  green: false,
  committedOn: '',
  called: 0n,
  paidIn: 0n,
  capitalReturned: 0n,
  gains: 0n,
  calls: {},
  distributionIds: [],
});

export type CommitmentCommand =
  | ({ type: 'makeCommitment' } & EventData<'CommitmentMade'>)
  | { type: 'callCapital'; callId: string; amount: bigint; calledOn: string; dueOn: string; migratedOn?: string | undefined };
export type PayCapitalCall = { type: 'payCapitalCall'; callId: string; paidOn: string; migratedOn?: string | undefined };
export type RecordDistribution = { type: 'recordDistribution'; distributionId: string; receivedOn: string; returnOfCapital: bigint; gain: bigint };

export function evolveCommitment(state: CommitmentState, e: DomainEvent): CommitmentState {
  switch (e.type) {
    case 'CommitmentMade':
      return {
        ...state,
        fundId: e.data.fundId,
        commitmentId: e.data.commitmentId,
        status: 'active',
        amount: e.data.amount,
        subFundSize: e.data.subFund.size,
        green: e.data.subFund.green,
        committedOn: e.data.committedOn,
      };
    case 'CapitalCalled':
      return {
        ...state,
        called: state.called + e.data.amount,
        calls: { ...state.calls, [e.data.callId]: { amount: e.data.amount, calledOn: e.data.calledOn, dueOn: e.data.dueOn, paid: false } },
      };
    case 'CapitalCallSettled': {
      const call = state.calls[e.data.callId];
      if (call === undefined) return state;
      return { ...state, paidIn: state.paidIn + e.data.amount, calls: { ...state.calls, [e.data.callId]: { ...call, paid: true } } };
    }
    case 'DistributionRecorded':
      return {
        ...state,
        capitalReturned: state.capitalReturned + e.data.returnOfCapital,
        gains: state.gains + e.data.gain,
        distributionIds: [...state.distributionIds, e.data.distributionId],
      };
    case 'EntryReversed':
      return undoOnCommitment(state, originalOf(e.data));
    default:
      return state;
  }
}

/** What a reversed commitment event had done, undone: the commitment reversed is voided, a call reversed is gone, a payment reversed reopens its call. */
function undoOnCommitment(state: CommitmentState, o: DomainEvent): CommitmentState {
  switch (o.type) {
    case 'CommitmentMade':
      // Reversed only once nothing stands on it (domain/reversal.ts): no calls, no distributions.
      return { ...state, status: 'voided' };
    case 'CapitalCalled': {
      const { [o.data.callId]: _reversed, ...calls } = state.calls;
      return { ...state, called: state.called - o.data.amount, calls };
    }
    case 'CapitalCallSettled': {
      const call = state.calls[o.data.callId];
      if (call === undefined) return state;
      return { ...state, paidIn: state.paidIn - o.data.amount, calls: { ...state.calls, [o.data.callId]: { ...call, paid: false } } };
    }
    case 'DistributionRecorded':
      return {
        ...state,
        capitalReturned: state.capitalReturned - o.data.returnOfCapital,
        gains: state.gains - o.data.gain,
        distributionIds: state.distributionIds.filter((d) => d !== o.data.distributionId),
      };
    default:
      throw new Error(`a reversal of ${o.type} on a commitment stream has no undo`);
  }
}

export const unfunded = (s: CommitmentState): bigint => s.amount - s.called;

const notFound = (s: CommitmentState) =>
  domainError('not-found', `commitment ${s.commitmentId || '(unknown)'} does not exist`, { field: 'commitmentId' });

/** A commitment that takes business: not-found before it is made, invalid-state once voided. */
const refuseInactive = (s: CommitmentState): DomainError | undefined => {
  if (s.status === 'none') return notFound(s);
  if (s.status === 'voided') return domainError('invalid-state', `commitment ${s.commitmentId} is voided (reversed); it takes no calls, payments or distributions`, { actual: 'voided', limit: 'active' });
  return undefined;
};

export function decideCommitment(
  state: CommitmentState,
  command: CommitmentCommand,
  policy: PolicyVersion,
  fund: FundState,
): DomainEvent[] | DomainError {
  if (command.type === 'makeCommitment') {
    const wrongKind = requireFundKind(fund, 'guidance-fund');
    if (wrongKind) return wrongKind;
    if (state.status !== 'none') return domainError('already-exists', `commitment ${command.commitmentId} already exists`, { field: 'commitmentId' });
    const bad = requirePositive(command.amount, 'amount') ?? requireNonNegative(command.subFund.manager.paidInCapital, 'subFund.manager.paidInCapital');
    if (bad) return bad;
    const rules = policy.guidance;
    // DESIGN §6: government share ≤ 25 % of the sub-fund, 30 % in priority sectors (not in the plan's text).
    const maxBps = command.subFund.prioritySector ? rules.priorityMaxGovernmentShareBps : rules.maxGovernmentShareBps;
    if (command.amount * 10000n > command.subFund.size * BigInt(maxBps)) {
      return domainError('government-share-too-high', `the government share exceeds ${bpText(maxBps)} of the sub-fund`, {
        field: 'amount',
        limit: bpText(maxBps),
        actual: bpText(ratioBps(command.amount, command.subFund.size)),
      });
    }
    // plan §21: the manager's paid-in registered capital ≥ 10,000,000 yuan.
    if (command.subFund.manager.paidInCapital < rules.minManagerPaidInCapital) {
      return domainError('manager-capital-too-low', "the manager's paid-in registered capital is below the minimum", {
        field: 'subFund.manager.paidInCapital',
        limit: formatYuan(rules.minManagerPaidInCapital),
        actual: formatYuan(command.subFund.manager.paidInCapital),
      });
    }
    const { type: _type, ...data } = command;
    return [event('CommitmentMade', { ...data, fundId: fund.fundId })];
  }
  const inactive = refuseInactive(state);
  if (inactive) return inactive;
  if (state.calls[command.callId] !== undefined) return domainError('already-exists', `capital call ${command.callId} already exists`, { field: 'callId' });
  const bad = requirePositive(command.amount, 'amount');
  if (bad) return bad;
  if (command.amount > unfunded(state)) {
    return domainError('exceeds-unfunded-commitment', 'the call exceeds the unfunded commitment', {
      field: 'amount',
      limit: formatYuan(unfunded(state)),
      actual: formatYuan(command.amount),
    });
  }
  if (command.dueOn < command.calledOn) {
    return domainError('date-before-start', 'dueOn is before calledOn', { field: 'dueOn', limit: `≥ ${command.calledOn}`, actual: command.dueOn });
  }
  const { type: _type, ...call } = command;
  return [event('CapitalCalled', { ...call, fundId: state.fundId, commitmentId: state.commitmentId })];
}

export function decideCapitalPayment(
  commitment: CommitmentState,
  fund: FundState,
  command: PayCapitalCall,
  _policy: PolicyVersion,
): Decision<'commitment' | 'fund'> | DomainError {
  const inactive = refuseInactive(commitment);
  if (inactive) return inactive;
  const call = commitment.calls[command.callId];
  if (call === undefined) return domainError('not-found', `capital call ${command.callId} does not exist`, { field: 'callId' });
  if (call.paid) return domainError('invalid-state', `capital call ${command.callId} is already paid`, { actual: 'paid', limit: 'open' });
  // A migrated payment (docs/migration.md) was paid before the books opened, out of cash the opening balance no longer holds.
  const migrated = command.migratedOn === undefined ? {} : { migratedOn: command.migratedOn };
  const short = command.migratedOn === undefined ? requireCash(fund, call.amount) : undefined;
  if (short) return short;
  const ids = { fundId: commitment.fundId, commitmentId: commitment.commitmentId, callId: command.callId, amount: call.amount, ...migrated };
  return {
    commitment: [event('CapitalCallSettled', { ...ids, paidOn: command.paidOn })],
    fund: [event('CapitalCallPaid', ids)],
  };
}

export function decideDistribution(
  commitment: CommitmentState,
  _fund: FundState,
  command: RecordDistribution,
  _policy: PolicyVersion,
): Decision<'commitment' | 'fund'> | DomainError {
  const inactive = refuseInactive(commitment);
  if (inactive) return inactive;
  if (commitment.distributionIds.includes(command.distributionId)) {
    return domainError('already-exists', `distribution ${command.distributionId} already exists`, { field: 'distributionId' });
  }
  const { returnOfCapital, gain } = command;
  const bad = requireNonNegative(returnOfCapital, 'returnOfCapital') ?? requireNonNegative(gain, 'gain') ?? requirePositive(returnOfCapital + gain, 'returnOfCapital + gain');
  if (bad) return bad;
  const returnable = commitment.paidIn - commitment.capitalReturned;
  if (returnOfCapital > returnable) {
    return domainError('return-exceeds-paid-in', 'return of capital exceeds the capital paid in and not yet returned', {
      field: 'returnOfCapital',
      limit: formatYuan(returnable),
      actual: formatYuan(returnOfCapital),
    });
  }
  const ids = { fundId: commitment.fundId, commitmentId: commitment.commitmentId, distributionId: command.distributionId, returnOfCapital, gain };
  return {
    commitment: [event('DistributionRecorded', { ...ids, receivedOn: command.receivedOn })],
    fund: [event('DistributionReceived', ids)],
  };
}
