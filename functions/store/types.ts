// The event store's contract. Events are stored as JSON (amounts already encoded as
// decimal strings by the events/ codecs); the store neither knows nor checks event shapes.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who did it and why, recorded on every event (DESIGN §2). */
export interface EventMeta {
  actor: string;
  role: string;
  requestId: string;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
}

/** An event about to be appended. */
export interface NewEvent {
  type: string;
  schemaVersion: number;
  data: JsonObject;
  /** Business date YYYY-MM-DD (Asia/Shanghai); decides the month GSI partition. */
  occurredOn: string;
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
}

export interface IdempotencyInput {
  key: string;
  /** sha-256 of the canonical request (method, path, body, actor); same key + other hash = mismatch. */
  requestHash: string;
  /** What the first request answered; a replay returns it unchanged. */
  result: JsonValue;
}

export interface AppendOptions {
  meta: EventMeta;
  idempotency?: IdempotencyInput;
}

export interface StoredEvent {
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  meta: EventMeta;
  occurredOn: string;
  /** UTC instant, ISO 8601 with milliseconds. */
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface StreamHead {
  streamId: string;
  version: number;
  lastHash: string;
  snapshot?: unknown;
  updatedAt: string;
}

export type AppendResult =
  | { status: 'appended'; streams: { streamId: string; version: number; events: StoredEvent[] }[] }
  | { status: 'replayed'; result: JsonValue };

export type VerifyResult =
  | { ok: true; streamId: string; version: number }
  | { ok: false; streamId: string; brokenAtVersion: number; reason: string };
