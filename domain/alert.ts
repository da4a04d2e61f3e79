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
  /** The level it was raised at (absent in snapshots written before indicator alerts: those kinds have one level). */
  level?: 'warn' | 'breach';
}

export const initialAlertState = (alertId = '', fundId = ''): AlertState => ({ alertId, fundId, status: 'none' });

export const evolveAlert = (state: AlertState, e: DomainEvent): AlertState => {
  switch (e.type) {
    case 'AlertRaised':
      return { alertId: e.data.alertId, fundId: e.data.fundId, status: 'open', level: e.data.level };
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

/** The level an alert stands at for its subject: ok when there is none or it is resolved. */
export const alertLevelOf = (state: AlertState): 'ok' | 'warn' | 'breach' => (state.status === 'open' || state.status === 'acknowledged' ? (state.level ?? 'breach') : 'ok');

/**
 * An indicator judged at a level (issue 20 §3): the alert follows it. Back to ok resolves it; a
 * change between warn and breach resolves the old level and raises the new one (one stream, two
 * events), so each level's episode is acknowledged on its own; the same level decides nothing.
 */
export const decideIndicator = (
  state: AlertState,
  level: 'ok' | 'warn' | 'breach',
  raise: Omit<EventData<'AlertRaised'>, 'level'>,
  resolve: Omit<EventData<'AlertResolved'>, 'alertId' | 'fundId'>,
): DomainEvent[] => {
  if (alertLevelOf(state) === level) return [];
  const resolved = decideResolve(state, resolve);
  if (level === 'ok') return resolved;
  const after = resolved.reduce(evolveAlert, state);
  return [...resolved, ...decideRaise(after, { ...raise, level })];
};
