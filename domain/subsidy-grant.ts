import type { DomainEvent } from '../events/registry';
import type { Programme, SubsidyClaim } from '../events/subsidy-events';
import { event, requirePositive, type Decision } from './aggregate';
import { domainError, type DomainError } from './errors';
import { requireCash, requireFundKind, type FundState } from './fund-book';
import { formatYuan } from './money';
import type { PolicyVersion } from './policy';
import { applyCap, computeSubsidy, type Assessed, type Computed } from './subsidy';

// One grant of a subsidy-budget fund (财政补贴资金): requested (figures computed and checked), then
// granted and paid at once or on approval, or rejected; a grant can be clawed back in part or in full.
// The cash moves on the fund stream; a per-firm cap is counted on its own counter stream, so the
// grant, the payment and the cap's use commit together under their heads' conditions.

export type SubsidyStatus = 'none' | 'pending-approval' | 'granted' | 'rejected' | 'clawed-back';

export interface SubsidyState {
  fundId: string;
  subsidyId: string;
  status: SubsidyStatus;
  programme: Programme | null;
  creditCode: string;
  requested: bigint;
  granted: bigint;
  clawedBack: bigint;
  capKey?: string;
}

export const initialSubsidyState = (fundId = '', subsidyId = ''): SubsidyState => ({
  fundId,
  subsidyId,
  status: 'none',
  programme: null,
  creditCode: '',
  requested: 0n,
  granted: 0n,
  clawedBack: 0n,
});

export function evolveSubsidy(state: SubsidyState, e: DomainEvent): SubsidyState {
  switch (e.type) {
    case 'SubsidyRequested':
      return { ...state, fundId: e.data.fundId, subsidyId: e.data.subsidyId, status: 'pending-approval', programme: e.data.programme, creditCode: e.data.firm.creditCode, requested: e.data.amount };
    case 'SubsidyGranted':
      return { ...state, status: 'granted', granted: e.data.amount, ...(e.data.capKey === undefined ? {} : { capKey: e.data.capKey }) };
    case 'SubsidyRejected':
      return { ...state, status: 'rejected' };
    case 'SubsidyClawedBack':
      return { ...state, status: 'clawed-back', clawedBack: state.clawedBack + e.data.amount };
    default:
      return state;
  }
}

/** A per-firm cap's counter: granted against it, net of clawbacks. */
export interface CapCounter {
  used: bigint;
}
export const initialCapCounter = (): CapCounter => ({ used: 0n });
export function evolveCapCounter(state: CapCounter, e: DomainEvent): CapCounter {
  if (e.type === 'GrantCapUsed') return { used: state.used + e.data.amount };
  if (e.type === 'GrantCapReleased') return { used: state.used - e.data.amount };
  return state;
}

export interface SubsidyRequest {
  subsidyId: string;
  firm: { name: string; creditCode: string };
  claim: SubsidyClaim;
  occurredOn: string;
}

/** The formula's figure and the amount after the cap, as computed now. */
export interface Figures extends Assessed {
  computed: Computed;
}

/** Computes and checks a claim against the fund and the firm's cap as they stand (`capUsed`). */
export function assessClaim(fund: FundState, request: SubsidyRequest, capUsed: bigint, policy: PolicyVersion): Figures | DomainError {
  const wrongKind = requireFundKind(fund, 'subsidy-budget');
  if (wrongKind) return wrongKind;
  const computed = computeSubsidy(request.claim, request.firm.creditCode, request.occurredOn, policy);
  if ('code' in computed) return computed;
  const assessed = applyCap(computed, capUsed);
  if ('code' in assessed) return assessed;
  const short = requireCash(fund, assessed.amount);
  if (short) return short;
  return { ...assessed, computed };
}

/** Records the request with its figures; `approvalId` names the approval that holds it, if any. */
export function decideSubsidyRequest(state: SubsidyState, fund: FundState, request: SubsidyRequest, figures: Figures, approvalId?: string): DomainEvent[] | DomainError {
  if (state.status !== 'none') return domainError('already-exists', `subsidy ${request.subsidyId} already exists`, { field: 'subsidyId' });
  return [
    event('SubsidyRequested', {
      fundId: fund.fundId,
      subsidyId: request.subsidyId,
      firm: request.firm,
      ...request.claim,
      amount: figures.amount,
      ...(figures.cut === undefined ? {} : { cut: figures.cut }),
      ...(approvalId === undefined ? {} : { approvalId }),
    } as Extract<DomainEvent, { type: 'SubsidyRequested' }>['data']),
  ];
}

/** Grants a requested subsidy with the figures as they are now, pays it, and counts it on its cap. */
export function decideGrant(state: SubsidyState, fund: FundState, figures: Figures, approvalId?: string): Decision<'subsidy' | 'fund' | 'cap'> | DomainError {
  if (state.status !== 'pending-approval' || state.programme === null) {
    return domainError('invalid-state', `subsidy ${state.subsidyId} is ${state.status}; only a requested grant can be granted`, { actual: state.status, limit: 'pending-approval' });
  }
  const ids = { fundId: state.fundId, subsidyId: state.subsidyId };
  const capKey = figures.computed.cap?.key;
  return {
    subsidy: [
      event('SubsidyGranted', {
        ...ids,
        programme: state.programme,
        creditCode: state.creditCode,
        amount: figures.amount,
        ...(figures.cut === undefined ? {} : { cut: figures.cut }),
        ...(capKey === undefined ? {} : { capKey }),
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    ],
    fund: [event('SubsidyPaid', { ...ids, programme: state.programme, amount: figures.amount })],
    cap: capKey === undefined ? [] : [event('GrantCapUsed', { ...ids, capKey, amount: figures.amount })],
  };
}

export function decideRejection(state: SubsidyState, approvalId: string): DomainEvent[] | DomainError {
  if (state.status !== 'pending-approval' || state.programme === null) return [];
  return [event('SubsidyRejected', { fundId: state.fundId, subsidyId: state.subsidyId, programme: state.programme, approvalId, amount: state.requested })];
}

/** Recovers part or all of what is left of a grant (plan §14: only loans repaid on time are subsidised). */
export function decideClawback(state: SubsidyState, command: { amount: bigint; reason: string }): Decision<'subsidy' | 'fund' | 'cap'> | DomainError {
  if (state.status === 'none') return domainError('not-found', `subsidy ${state.subsidyId || '(unknown)'} does not exist`, { field: 'subsidyId' });
  if ((state.status !== 'granted' && state.status !== 'clawed-back') || state.programme === null) {
    return domainError('invalid-state', `subsidy ${state.subsidyId} is ${state.status}; only a granted subsidy can be clawed back`, { actual: state.status, limit: 'granted' });
  }
  const bad = requirePositive(command.amount, 'amount');
  if (bad) return bad;
  const left = state.granted - state.clawedBack;
  if (command.amount > left) {
    return domainError('exceeds-granted', `only ${formatYuan(left)} of the grant is left to claw back`, { field: 'amount', limit: formatYuan(left), actual: formatYuan(command.amount) });
  }
  const ids = { fundId: state.fundId, subsidyId: state.subsidyId };
  return {
    subsidy: [event('SubsidyClawedBack', { ...ids, programme: state.programme, amount: command.amount, reason: command.reason })],
    fund: [event('SubsidyClawbackReceived', { ...ids, programme: state.programme, amount: command.amount, reason: command.reason })],
    cap: state.capKey === undefined ? [] : [event('GrantCapReleased', { ...ids, capKey: state.capKey, amount: command.amount })],
  };
}
