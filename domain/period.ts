import type { DomainEvent } from '../events/registry';
import { event } from './aggregate';
import { monthOf } from './dates';
import { domainError, type DomainError } from './errors';

// A fund's month (会计期间). Once closed, commands dated in it are refused; corrections go in an open month.

export interface PeriodState {
  fundId: string;
  month: string;
  closed: boolean;
  /** Outcome of the latest reconciliation; null before the first one. */
  reconciliationClean: boolean | null;
  discrepancyCount: number;
  reportKey: string;
}

export const initialPeriodState = (fundId = '', month = ''): PeriodState => ({
  fundId,
  month,
  closed: false,
  reconciliationClean: null,
  discrepancyCount: 0,
  reportKey: '',
});

export type PeriodCommand =
  | { type: 'closePeriod'; reconciliationClean?: boolean; overrideReason?: string }
  | { type: 'completeReconciliation'; clean: boolean; discrepancyCount: number; reportKey: string };

export function evolvePeriod(state: PeriodState, e: DomainEvent): PeriodState {
  switch (e.type) {
    case 'PeriodClosed':
      return { ...state, fundId: e.data.fundId, month: e.data.month, closed: true };
    case 'ReconciliationCompleted':
      return {
        ...state,
        fundId: e.data.fundId,
        month: e.data.month,
        reconciliationClean: e.data.clean,
        discrepancyCount: e.data.discrepancyCount,
        reportKey: e.data.reportKey,
      };
    default:
      return state;
  }
}

/** Refuses a command dated in a closed month of this period's fund. */
export function assertPeriodOpen(period: PeriodState, date: string): DomainError | undefined {
  if (!period.closed || monthOf(date) !== period.month) return undefined;
  return domainError('period-closed', `period ${period.month} of fund ${period.fundId} is closed`, { field: 'occurredOn', limit: `after ${period.month}`, actual: date });
}

export function decidePeriod(state: PeriodState, command: PeriodCommand): DomainEvent[] | DomainError {
  if (state.closed) return domainError('period-closed', `period ${state.month} of fund ${state.fundId} is already closed`, { actual: state.month });
  const ids = { fundId: state.fundId, month: state.month };
  if (command.type === 'completeReconciliation') {
    const { type: _type, ...outcome } = command;
    return [event('ReconciliationCompleted', { ...ids, ...outcome })];
  }
  const clean = command.reconciliationClean ?? state.reconciliationClean ?? false;
  const reason = command.overrideReason?.trim();
  // A month closes on a clean reconciliation, or on the bureau's written reason to close anyway.
  if (!clean && !reason) {
    return domainError('reconciliation-not-clean', 'the reconciliation is not clean; give an override reason to close anyway', {
      field: 'overrideReason',
      actual: state.reconciliationClean === null ? 'not reconciled' : `${state.discrepancyCount} discrepancies`,
    });
  }
  return [event('PeriodClosed', { ...ids, reconciliationClean: clean, ...(clean || !reason ? {} : { overrideReason: reason }) })];
}
