import type { EventData, DomainEvent } from '../events/registry';
import { event } from './aggregate';
import { domainError, type DomainError } from './errors';

// A correction (冲正) as an aggregate of its own stream: requested by a maker, approved or rejected
// by a second person. What it reverses and the lines it posts are decided in domain/reversal.ts;
// this only records who asked, who decided, and refuses a second request under the same id.

type Requested = EventData<'CorrectionRequested'>;

export interface CorrectionState {
  fundId: string;
  correctionId: string;
  status: 'none' | 'pending' | 'approved' | 'rejected';
  approvalId: string;
}

export const initialCorrectionState = (fundId = '', correctionId = ''): CorrectionState => ({ fundId, correctionId, status: 'none', approvalId: '' });

export function evolveCorrection(state: CorrectionState, e: DomainEvent): CorrectionState {
  switch (e.type) {
    case 'CorrectionRequested':
      return { ...state, fundId: e.data.fundId, correctionId: e.data.correctionId, status: 'pending', approvalId: e.data.approvalId };
    case 'CorrectionApproved':
      return { ...state, status: 'approved' };
    case 'CorrectionRejected':
      return { ...state, status: 'rejected' };
    default:
      return state;
  }
}

export function requestCorrection(state: CorrectionState, request: Requested): DomainEvent[] | DomainError {
  if (state.status !== 'none') return domainError('already-exists', `correction ${request.correctionId} already exists`, { field: 'correctionId' });
  return [event('CorrectionRequested', request)];
}

/** The decision recorded on the correction's own stream; only a pending correction held by this approval. */
export function decideCorrection(
  state: CorrectionState,
  decision: { approvalId: string; decidedBy: string; note: string } & ({ type: 'approve'; reversals: EventData<'CorrectionApproved'>['reversals'] } | { type: 'reject' }),
): DomainEvent[] | DomainError {
  if (state.status === 'none') return domainError('not-found', `correction ${state.correctionId} does not exist`, { field: 'correctionId' });
  if (state.status !== 'pending' || state.approvalId !== decision.approvalId) {
    return domainError('already-decided', `correction ${state.correctionId} is ${state.status}`, { actual: state.status, limit: 'pending' });
  }
  const data = { fundId: state.fundId, correctionId: state.correctionId, approvalId: decision.approvalId, decidedBy: decision.decidedBy, note: decision.note };
  return [decision.type === 'approve' ? event('CorrectionApproved', { ...data, reversals: decision.reversals }) : event('CorrectionRejected', data)];
}
