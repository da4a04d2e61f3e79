import type { z } from 'zod';
import type { borrower as borrowerSchema, riskShare as riskShareSchema } from '../events/guarantee-events';
import type { DomainEvent } from '../events/registry';
import { event, requireNonNegative, requirePositive, type Decision } from './aggregate';
import { domainError, type DomainError } from './errors';
import { requireCash, requireFundKind, type FundState } from './fund-book';
import { applyBps, bpText, formatYuan } from './money';
import { originalOf } from './reversal';
import type { PolicyVersion } from './policy';

// A guarantee re-insured by the risk pool (政府性融资担保风险补偿资金池). Issuing, fees and release touch only
// the guarantee stream; compensation and recovery move the pool's cash, so they also append to the fund.

export type RiskShare = z.output<typeof riskShareSchema>;
export type Borrower = z.output<typeof borrowerSchema>;

export interface GuaranteeState {
  fundId: string;
  guaranteeId: string;
  /** `voided`: its issue was reversed (冲正), it never stood. */
  status: 'none' | 'active' | 'released' | 'defaulted' | 'voided';
  principal: bigint;
  feeRateBps: number;
  riskShare: RiskShare;
  startsOn: string;
  maturesOn: string;
  feesCollected: bigint;
  principalLoss: bigint;
  poolCompensated: bigint;
  recoveredGross: bigint;
  recoveredCosts: bigint;
  recoveredToPool: bigint;
}

export const initialGuaranteeState = (fundId = '', guaranteeId = ''): GuaranteeState => ({
  fundId,
  guaranteeId,
  status: 'none',
  principal: 0n,
  feeRateBps: 0,
  riskShare: { guarantorBps: 0, reguarantorBps: 0, bankBps: 0, poolBps: 0 },
  startsOn: '',
  maturesOn: '',
  feesCollected: 0n,
  principalLoss: 0n,
  poolCompensated: 0n,
  recoveredGross: 0n,
  recoveredCosts: 0n,
  recoveredToPool: 0n,
});

export type GuaranteeCommand =
  | {
      type: 'issueGuarantee';
      fundId: string;
      guaranteeId: string;
      agency: string;
      borrower: Borrower;
      lender: string;
      principal: bigint;
      feeRateBps: number;
      startsOn: string;
      maturesOn: string;
      /** Omitted: the policy's default split (40/30/20/10). */
      riskShare?: RiskShare;
      /** A guarantee live before the fund's books opened, brought in on openedOn (events/migration.ts). */
      migratedOn?: string | undefined;
    }
  | { type: 'collectGuaranteeFee'; amount: bigint }
  | { type: 'releaseGuarantee' };

export type CompensateDefault = { type: 'compensateDefault'; principalLoss: bigint };
export type RecordRecovery = { type: 'recordRecovery'; grossAmount: bigint; costs: bigint };

export function evolveGuarantee(state: GuaranteeState, e: DomainEvent): GuaranteeState {
  switch (e.type) {
    case 'GuaranteeIssued': {
      const d = e.data;
      return {
        ...state,
        fundId: d.fundId,
        guaranteeId: d.guaranteeId,
        status: 'active',
        principal: d.principal,
        feeRateBps: d.feeRateBps,
        riskShare: { ...d.riskShare },
        startsOn: d.startsOn,
        maturesOn: d.maturesOn,
      };
    }
    case 'GuaranteeFeeCollected':
      return { ...state, feesCollected: state.feesCollected + e.data.amount };
    case 'GuaranteeReleased':
      return { ...state, status: 'released' };
    case 'GuaranteeDefaulted':
      return { ...state, status: 'defaulted', principalLoss: e.data.principalLoss, poolCompensated: e.data.poolAmount };
    case 'GuaranteeRecoveryRecorded':
      return {
        ...state,
        recoveredGross: state.recoveredGross + e.data.grossAmount,
        recoveredCosts: state.recoveredCosts + e.data.costs,
        recoveredToPool: state.recoveredToPool + e.data.poolAmount,
      };
    case 'EntryReversed':
      return undoOnGuarantee(state, originalOf(e.data));
    default:
      return state;
  }
}

/** What a reversed guarantee event had done, undone: an issue reversed voids the guarantee. */
function undoOnGuarantee(state: GuaranteeState, o: DomainEvent): GuaranteeState {
  switch (o.type) {
    case 'GuaranteeIssued':
      return { ...state, status: 'voided' };
    case 'GuaranteeFeeCollected':
      return { ...state, feesCollected: state.feesCollected - o.data.amount };
    case 'GuaranteeReleased':
      return { ...state, status: 'active' };
    case 'GuaranteeDefaulted':
      return { ...state, status: 'active', principalLoss: 0n, poolCompensated: 0n };
    case 'GuaranteeRecoveryRecorded':
      return {
        ...state,
        recoveredGross: state.recoveredGross - o.data.grossAmount,
        recoveredCosts: state.recoveredCosts - o.data.costs,
        recoveredToPool: state.recoveredToPool - o.data.poolAmount,
      };
    default:
      throw new Error(`a reversal of ${o.type} on a guarantee stream has no undo`);
  }
}

const notFound = (s: GuaranteeState) =>
  domainError('not-found', `guarantee ${s.guaranteeId || '(unknown)'} does not exist`, { field: 'guaranteeId' });

const notActive = (s: GuaranteeState, doing: string) =>
  domainError('invalid-state', `guarantee ${s.guaranteeId} is ${s.status}; cannot ${doing}`, { actual: s.status, limit: 'active' });

export function riskShareTotal(r: RiskShare): number {
  return r.guarantorBps + r.reguarantorBps + r.bankBps + r.poolBps;
}

/** Issue, fee, release: single-stream commands. `fund` is read (not appended to) to check its kind. */
export function decideGuarantee(
  state: GuaranteeState,
  command: GuaranteeCommand,
  policy: PolicyVersion,
  fund: FundState,
): DomainEvent[] | DomainError {
  if (command.type === 'issueGuarantee') {
    const wrongKind = requireFundKind(fund, 'risk-pool');
    if (wrongKind) return wrongKind;
    if (state.status !== 'none') return domainError('already-exists', `guarantee ${command.guaranteeId} already exists`, { field: 'guaranteeId' });
    const bad = requirePositive(command.principal, 'principal');
    if (bad) return bad;
    if (command.maturesOn < command.startsOn) {
      return domainError('date-before-start', 'maturesOn is before startsOn', { field: 'maturesOn', limit: `≥ ${command.startsOn}`, actual: command.maturesOn });
    }
    const riskShare = command.riskShare ?? policy.riskPool.defaultRiskShare;
    const total = riskShareTotal(riskShare);
    if (total !== 10000) {
      return domainError('risk-share-not-100', 'the risk shares must sum to 100 %', { field: 'riskShare', limit: bpText(10000), actual: bpText(total) });
    }
    const { type: _type, riskShare: _given, ...data } = command;
    return [event('GuaranteeIssued', { ...data, fundId: fund.fundId, riskShare: { ...riskShare } })];
  }
  if (state.status === 'none') return notFound(state);
  if (command.type === 'collectGuaranteeFee') {
    if (state.status !== 'active') return notActive(state, 'collect a fee');
    const bad = requirePositive(command.amount, 'amount');
    if (bad) return bad;
    // Fees are the guarantor's income: recorded for the fee-rate indicator, never posted to the pool.
    return [event('GuaranteeFeeCollected', { fundId: state.fundId, guaranteeId: state.guaranteeId, amount: command.amount })];
  }
  if (state.status !== 'active') return notActive(state, 'release it');
  return [event('GuaranteeReleased', { fundId: state.fundId, guaranteeId: state.guaranteeId, principal: state.principal })];
}

/** Default: the pool pays poolBps × principal loss in the same command, in full or not at all. */
export function decideCompensation(
  guarantee: GuaranteeState,
  fund: FundState,
  command: CompensateDefault,
  _policy: PolicyVersion,
): Decision<'guarantee' | 'fund'> | DomainError {
  if (guarantee.status === 'none') return notFound(guarantee);
  if (guarantee.status !== 'active') return notActive(guarantee, 'compensate a default');
  const bad = requirePositive(command.principalLoss, 'principalLoss');
  if (bad) return bad;
  if (command.principalLoss > guarantee.principal) {
    return domainError('loss-exceeds-principal', 'the principal loss exceeds the guaranteed principal', {
      field: 'principalLoss',
      limit: formatYuan(guarantee.principal),
      actual: formatYuan(command.principalLoss),
    });
  }
  const poolShareBps = guarantee.riskShare.poolBps;
  const amount = applyBps(command.principalLoss, poolShareBps);
  const short = requireCash(fund, amount);
  if (short) return short;
  const ids = { fundId: guarantee.fundId, guaranteeId: guarantee.guaranteeId };
  return {
    guarantee: [
      event('GuaranteeDefaulted', { ...ids, principal: guarantee.principal, principalLoss: command.principalLoss, poolShareBps, poolAmount: amount }),
    ],
    fund: amount === 0n ? [] : [event('CompensationPaid', { ...ids, principalLoss: command.principalLoss, poolShareBps, amount })],
  };
}

/** Recovery after a default: the pool's share of (amount − costs) flows back to it. */
export function decideRecovery(
  guarantee: GuaranteeState,
  _fund: FundState,
  command: RecordRecovery,
  _policy: PolicyVersion,
): Decision<'guarantee' | 'fund'> | DomainError {
  if (guarantee.status === 'none') return notFound(guarantee);
  if (guarantee.status !== 'defaulted') {
    return domainError('invalid-state', `guarantee ${guarantee.guaranteeId} is ${guarantee.status}; recoveries follow a default`, { actual: guarantee.status, limit: 'defaulted' });
  }
  const bad = requirePositive(command.grossAmount, 'grossAmount') ?? requireNonNegative(command.costs, 'costs');
  if (bad) return bad;
  if (command.costs > command.grossAmount) {
    return domainError('costs-exceed-recovery', 'recovery costs exceed the amount recovered', {
      field: 'costs',
      limit: formatYuan(command.grossAmount),
      actual: formatYuan(command.costs),
    });
  }
  const poolShareBps = guarantee.riskShare.poolBps;
  const amount = applyBps(command.grossAmount - command.costs, poolShareBps);
  const ids = { fundId: guarantee.fundId, guaranteeId: guarantee.guaranteeId };
  return {
    guarantee: [event('GuaranteeRecoveryRecorded', { ...ids, grossAmount: command.grossAmount, costs: command.costs, poolAmount: amount })],
    fund: amount === 0n ? [] : [event('RecoveryReceived', { ...ids, grossAmount: command.grossAmount, costs: command.costs, poolShareBps, amount })],
  };
}
