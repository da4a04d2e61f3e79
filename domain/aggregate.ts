import type { DomainEvent, EventData, EventType } from '../events/registry';
import { domainError, type DomainError } from './errors';
import { formatYuan } from './money';

// Shared pieces of the aggregates (Emmett's decide/evolve shape).

export type Evolve<S> = (state: S, event: DomainEvent) => S;

/** State after applying `events` in order to `initial`. */
export function fold<S>(evolve: Evolve<S>, initial: S, events: Iterable<DomainEvent>): S {
  let state = initial;
  for (const e of events) state = evolve(state, e);
  return state;
}

/** Builds a typed event. */
export function event<K extends EventType>(type: K, data: EventData<K>): DomainEvent {
  return { type, data } as DomainEvent;
}

/** A command that moves a fund's cash: each list is appended to its own stream in one transaction. */
export type Decision<K extends string> = { [P in K]: DomainEvent[] };

export function requirePositive(amount: bigint, field: string): DomainError | undefined {
  if (amount > 0n) return undefined;
  return domainError('invalid-amount', `${field} must be greater than 0`, { field, limit: '> 0.00', actual: formatYuan(amount) });
}

export function requireNonNegative(amount: bigint, field: string): DomainError | undefined {
  if (amount >= 0n) return undefined;
  return domainError('invalid-amount', `${field} must not be negative`, { field, limit: '≥ 0.00', actual: formatYuan(amount) });
}
