import type { z } from 'zod';
import type { heldCommand } from '../events/approval-events';
import type { DomainEvent } from '../events/registry';
import type { JsonObject } from '../events/json';
import { event } from './aggregate';
import { domainError, type DomainError } from './errors';
import { formatYuan } from './money';
import type { PolicyVersion } from './policy';

// Two-person approval (maker-checker, DESIGN §6). A held command is data; this aggregate only
// records who asked, who decided, when and why, and refuses a second decision or a maker
// approving their own request. Running the held command is the command layer's job.

export type HeldCommand = z.output<typeof heldCommand>;
export type ApprovalStatus = 'none' | 'pending' | 'approved' | 'rejected';

/**
 * Where a request is listed: its fund, or for a bureau-wide command (no fund) the bureau's own list.
 * Not a valid fund id (ids start with a letter or digit), so it can never name a fund.
 */
export const BUREAU_SCOPE = '~bureau';
export const approvalScopeOf = (fundId: string | undefined): string => fundId ?? BUREAU_SCOPE;

export interface ApprovalState {
  approvalId: string;
  /** Absent for a bureau-wide command. */
  fundId?: string | undefined;
  status: ApprovalStatus;
  command: HeldCommand | null;
  requestedBy: string;
  figures: JsonObject;
}

export const initialApprovalState = (approvalId = ''): ApprovalState => ({ approvalId, status: 'none', command: null, requestedBy: '', figures: {} });

export function evolveApproval(state: ApprovalState, e: DomainEvent): ApprovalState {
  switch (e.type) {
    case 'ApprovalRequested':
      return { ...state, approvalId: e.data.approvalId, fundId: e.data.fundId, status: 'pending', command: e.data.command, requestedBy: e.data.requestedBy, figures: e.data.figures };
    case 'ApprovalGranted':
      return { ...state, status: 'approved' };
    case 'ApprovalRejected':
      return { ...state, status: 'rejected' };
    default:
      return state;
  }
}

/** What a command is, for the policy's question "does it need a second person?". */
export type ApprovalSubject = { command: 'grantSubsidy' } | { command: 'compensateDefault'; amount: bigint };

/** Why the policy in force asks for a second person, or undefined when it does not. */
export function approvalReason(policy: PolicyVersion, subject: ApprovalSubject): string | undefined {
  const rules = policy.approval;
  if (subject.command === 'grantSubsidy') return rules.subsidyGrants ? 'every subsidy or award grant needs a second person' : undefined;
  const threshold = rules.compensationThreshold;
  if (threshold === null || subject.amount < threshold) return undefined;
  return `a compensation of ${formatYuan(threshold)} or more needs a second person`;
}

export function requestApproval(state: ApprovalState, input: { approvalId: string; command: HeldCommand; reason: string; figures: JsonObject; requestedBy: string }): DomainEvent[] | DomainError {
  if (state.status !== 'none') return domainError('already-exists', `approval ${input.approvalId} already exists`, { field: 'approvalId' });
  return [event('ApprovalRequested', { ...input, ...(input.command.fundId === undefined ? {} : { fundId: input.command.fundId }) })];
}

export type ApprovalDecision = { type: 'approve' | 'reject'; by: string; note: string };

/** Approve or reject: only a pending request, and never by its maker. */
export function decideApproval(state: ApprovalState, decision: ApprovalDecision): DomainEvent[] | DomainError {
  if (state.status === 'none') return domainError('not-found', `approval ${state.approvalId || '(unknown)'} does not exist`, { field: 'approvalId' });
  if (state.status !== 'pending') return domainError('already-decided', `approval ${state.approvalId} is already ${state.status}`, { actual: state.status, limit: 'pending' });
  if (decision.by === state.requestedBy) return domainError('same-person', `${decision.by} made this request and may not also decide it`, { actual: decision.by });
  const data = { approvalId: state.approvalId, ...(state.fundId === undefined ? {} : { fundId: state.fundId }), decidedBy: decision.by, note: decision.note };
  return [decision.type === 'approve' ? event('ApprovalGranted', data) : event('ApprovalRejected', data)];
}
