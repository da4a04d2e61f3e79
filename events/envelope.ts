import type { JsonObject } from './json';
import { decodeEvent, type DomainEvent } from './registry';

// The envelope is the stored event's metadata around the decoded event.

export interface EnvelopeMeta {
  actor: string;
  role: string;
  requestId: string;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
  /** The policy version the command was judged under (issue 20); absent on events older than versions. */
  policyId?: string;
}

export interface EnvelopeHeader {
  streamId: string;
  version: number;
  /** Business date YYYY-MM-DD (Asia/Shanghai). */
  occurredOn: string;
  /** UTC instant, ISO 8601. */
  recordedAt: string;
  meta: EnvelopeMeta;
  prevHash: string;
  hash: string;
  /** Version the event was stored at (before upcasting); data is always the current shape. */
  storedSchemaVersion: number;
  /** 凭证号 of the entry the event's journal lines belong to; absent on events that post none and on events stored before vouchers existed. */
  voucherNo?: string;
}

/** Stored metadata + decoded event; narrow with `envelope.type === '…'`. */
export type EventEnvelope<E extends DomainEvent = DomainEvent> = EnvelopeHeader & E;

/** A stored event as the store returns it (functions/store/types.ts names it StoredEvent). */
export interface StoredEventLike {
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  meta: EnvelopeMeta;
  occurredOn: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
  /** 凭证号 (domain/voucher.ts), set at append on events that post journal lines; covered by the hash. */
  voucherNo?: string;
  /** The chain algorithm `hash` was computed with (functions/store/hash-algorithm.ts); covered by the hash. Absent on events stored before the setting existed: sha256. */
  hashAlgorithm?: 'sha256' | 'sm3';
}

/** Decodes a stored event (running upcasters). Throws EventDecodeError on unknown type or bad data. */
export function toEnvelope(stored: StoredEventLike): EventEnvelope {
  const event = decodeEvent(stored);
  return {
    streamId: stored.streamId,
    version: stored.version,
    occurredOn: stored.occurredOn,
    recordedAt: stored.recordedAt,
    meta: stored.meta,
    prevHash: stored.prevHash,
    hash: stored.hash,
    storedSchemaVersion: stored.schemaVersion,
    ...(stored.voucherNo === undefined ? {} : { voucherNo: stored.voucherNo }),
    ...event,
  };
}
