// The event store's contract. Events are stored as JSON (amounts already encoded as
// decimal strings by the events/ codecs); the store neither knows nor checks event shapes.

// The JSON and stored-event shapes are the event contract's (events/ may not import from here).
import type { EnvelopeMeta, StoredEventLike } from '../../events/envelope';
import type { JsonObject, JsonValue } from '../../events/json';

export type { JsonObject, JsonValue };

/** Who did it and why, recorded on every event (DESIGN §2). */
export type EventMeta = EnvelopeMeta;

/** An event about to be appended. */
export interface NewEvent {
  type: string;
  schemaVersion: number;
  data: JsonObject;
  /** Business date YYYY-MM-DD (Asia/Shanghai); decides the month GSI partition. */
  occurredOn: string;
  /** 凭证号 of the command's journal entry, on events that post lines (AppendOptions.voucher claims it). */
  voucherNo?: string;
}

/** One stream's part of an atomic append. */
export interface StreamAppend {
  streamId: string;
  /** The head version the caller decided on; 0 means the stream must not exist yet. */
  expectedVersion: number;
  /**
   * Events to append. Empty means a pure condition: the transaction fails unless the
   * stream is still at expectedVersion (e.g. "the period is still open").
   */
  events: NewEvent[];
  /** Aggregate state after these events, kept in the head so commands need not replay. */
  snapshot?: unknown;
  /** Shape version of `snapshot` (the aggregate's); a reader with another version folds the events instead. */
  snapshotVersion?: number;
}

export interface IdempotencyInput {
  key: string;
  /** sha-256 of the canonical request (method, path, body, actor); same key + other hash = mismatch. */
  requestHash: string;
  /** What the first request answered; a replay returns it unchanged. */
  result: JsonValue;
}

/**
 * A voucher number taken from a period's counter (`S#period-…`, SK VOUCHERS): the append commits
 * only if the counter still says `from` (1 = never used), and leaves it at `to`.
 */
export interface VoucherClaim {
  periodStreamId: string;
  from: number;
  to: number;
}

export interface AppendOptions {
  meta: EventMeta;
  idempotency?: IdempotencyInput;
  voucher?: VoucherClaim;
}

export type StoredEvent = StoredEventLike;

export interface StreamHead {
  streamId: string;
  version: number;
  lastHash: string;
  snapshot?: unknown;
  /** Absent on heads written before snapshots had versions. */
  snapshotVersion?: number;
  updatedAt: string;
}

export type AppendResult =
  | { status: 'appended'; streams: { streamId: string; version: number; events: StoredEvent[] }[] }
  | { status: 'replayed'; result: JsonValue };

export type VerifyResult =
  | { ok: true; streamId: string; version: number }
  | { ok: false; streamId: string; brokenAtVersion: number; reason: string };
