import * as z from 'zod';
import { alertEvents } from './alert-events';
import { bridgeLoanEvents } from './bridge-loan-events';
import { commitmentEvents } from './commitment-events';
import { fundEvents } from './fund-events';
import { guaranteeEvents } from './guarantee-events';
import type { JsonObject } from './json';
import { periodEvents } from './period-events';
import { statementEvents } from './statement-events';
import { subsidyEvents } from './subsidy-events';
import { approvalEvents } from './approval-events';
import { policyEvents } from './policy-events';
import { yearEvents } from './year-events';
import { correctionEvents } from './correction-events';
import { matchEvents } from './match-events';
import { upcast } from './upcasters';

/** Every current event schema, by type. */
export const EVENT_SCHEMAS = {
  ...fundEvents,
  ...guaranteeEvents,
  ...bridgeLoanEvents,
  ...commitmentEvents,
  ...periodEvents,
  ...statementEvents,
  ...alertEvents,
  ...subsidyEvents,
  ...approvalEvents,
  ...policyEvents,
  ...yearEvents,
  ...correctionEvents,
  ...matchEvents,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

/** Current schema version per type; raise it together with an upcaster in upcasters.ts. */
export const SCHEMA_VERSIONS: Readonly<Record<EventType, number>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, type === 'GuaranteeIssued' ? 2 : 1]),
) as Record<EventType, number>;

/** A decoded event: amounts are bigint fen. Discriminated by `type`. */
export type DomainEvent = { [K in EventType]: { type: K; data: z.output<(typeof EVENT_SCHEMAS)[K]> } }[EventType];
export type EventOf<K extends EventType> = Extract<DomainEvent, { type: K }>;
export type EventData<K extends EventType> = EventOf<K>['data'];

export interface EncodedEvent {
  type: EventType;
  schemaVersion: number;
  data: JsonObject;
}

export class EventDecodeError extends Error {
  override readonly name = 'EventDecodeError';
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly reason: 'unknown-type' | 'unknown-version' | 'invalid-data',
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(
      `${eventType} v${schemaVersion}: ${reason}` +
        (issues.length ? ` (${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')})` : ''),
    );
  }
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * The fund an event belongs to; undefined for a bureau-wide one (a policy version, a request held
 * for no fund), which posts nothing and moves no fund's position or indicator.
 */
export const fundIdOf = (event: DomainEvent): string | undefined => ('fundId' in event.data ? event.data.fundId : undefined);

/** Validates and encodes a decoded event to its stored JSON form (amounts as yuan strings). */
export function encodeEvent(event: DomainEvent): EncodedEvent {
  const schema: z.ZodType = EVENT_SCHEMAS[event.type];
  // Round-trip through the schema: encode would otherwise accept a bigint the schema forbids (e.g. 0 for positive).
  const result = schema.safeEncode(event.data);
  if (!result.success) throw new EventDecodeError(event.type, SCHEMA_VERSIONS[event.type], 'invalid-data', issuesOf(result.error));
  return { type: event.type, schemaVersion: SCHEMA_VERSIONS[event.type], data: result.data as JsonObject };
}

/** Upcasts stored JSON to the current version, then decodes it. Throws EventDecodeError. */
export function decodeEvent(stored: { type: string; schemaVersion: number; data: JsonObject }): DomainEvent {
  const { type, schemaVersion } = stored;
  if (!isEventType(type)) throw new EventDecodeError(type, schemaVersion, 'unknown-type');
  const current = SCHEMA_VERSIONS[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new EventDecodeError(type, schemaVersion, 'unknown-version');
  }
  const data = upcast(type, schemaVersion, current, stored.data);
  const result = (EVENT_SCHEMAS[type] as z.ZodType).safeParse(data);
  if (!result.success) throw new EventDecodeError(type, schemaVersion, 'invalid-data', issuesOf(result.error));
  return { type, data: result.data } as DomainEvent;
}
