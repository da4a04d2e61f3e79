// An alert's life (issue 10 §3): open → acknowledged → resolved, each step an event on the alert's
// own stream. Raising an open alert again, acknowledging twice or resolving a resolved alert
// decide nothing, so a retried job or a repeated request changes nothing.
import type { EventData } from '../events/registry';
import type { DomainEvent } from '../events/registry';
import { event } from './aggregate';
import { domainError, type DomainError } from './errors';

export type AlertStatus = 'none' | 'open' | 'acknowledged' | 'resolved';

export interface AlertState {
  alertId: string;
  fundId: string;
  status: AlertStatus;
}

export const initialAlertState = (alertId = '', fundId = ''): AlertState => ({ alertId, fundId, status: 'none' });

export const evolveAlert = (state: AlertState, e: DomainEvent): AlertState => {
  switch (e.type) {
    case 'AlertRaised':
      return { alertId: e.data.alertId, fundId: e.data.fundId, status: 'open' };
    case 'AlertAcknowledged':
      return { ...state, status: 'acknowledged' };
    case 'AlertResolved':
      return { ...state, status: 'resolved' };
    default:
      return state;
  }
};

/** A new alert, or the same subject going wrong again after it was resolved. */
export const decideRaise = (state: AlertState, data: EventData<'AlertRaised'>): DomainEvent[] =>
  state.status === 'none' || state.status === 'resolved' ? [event('AlertRaised', data)] : [];

export const decideAcknowledge = (state: AlertState, by: string, note: string): DomainEvent[] | DomainError => {
  if (state.status === 'none') return domainError('not-found', `alert ${state.alertId || '(unknown)'} does not exist`, { field: 'alertId' });
  // Acknowledging what is already acknowledged or resolved is a no-op: the first who/when stands.
  return state.status === 'open' ? [event('AlertAcknowledged', { alertId: state.alertId, fundId: state.fundId, by, note })] : [];
};

export const decideResolve = (state: AlertState, data: Omit<EventData<'AlertResolved'>, 'alertId' | 'fundId'>): DomainEvent[] =>
  state.status === 'open' || state.status === 'acknowledged' ? [event('AlertResolved', { alertId: state.alertId, fundId: state.fundId, ...data })] : [];
