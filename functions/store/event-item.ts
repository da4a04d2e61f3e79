// How events, stream heads and idempotency records are laid out as DynamoDB items (DESIGN §2).
// Exported so consumers of the table's stream (the pipe, projectors, replay) parse the same shape.
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { currentCity } from '../shared/city-scope';
import { EVENTS_TABLE, EVENT_KEYS } from '../shared/tables';
import { hashAlgorithmSchema } from './hash-algorithm';
import { deserialize, serialize } from './json';
import type { EventMeta, JsonObject, JsonValue, StoredEvent, StreamHead } from './types';

export type Item = Record<string, AttributeValue>;

export const streamKey = (streamId: string): string => `${EVENT_KEYS.streamPrefix}${streamId}`;
export const padVersion = (version: number): string => String(version).padStart(EVENT_KEYS.versionDigits, '0');
export const eventKey = (version: number): string => `${EVENT_KEYS.eventPrefix}${padVersion(version)}`;
export const idempotencyKey = (key: string): string => `${EVENT_KEYS.idempotencyPrefix}${key}`;

/** Stable shard of an event in its month's GSI partitions: the same event always lands in the same one. */
export const monthShard = (streamId: string, version: number, shards: number): number =>
  createHash('sha256').update(`${streamId}#${version}`).digest().readUInt32BE(0) % shards;

export const monthPartition = (month: string, shard: number): string => `${EVENT_KEYS.monthPrefix}${month}#${shard}`;

/** GSI sort key: recordedAt first so a month reads in recording order; stream and version break ties. */
export const monthSortKey = (event: Pick<StoredEvent, 'recordedAt' | 'streamId' | 'version'>): string =>
  `${event.recordedAt}#${event.streamId}#${padVersion(event.version)}`;

export const toEventItem = (event: StoredEvent, shards: number): Item =>
  marshall(
    {
      [EVENTS_TABLE.partitionKey]: streamKey(event.streamId),
      [EVENTS_TABLE.sortKey]: eventKey(event.version),
      [EVENTS_TABLE.monthIndex.partitionKey]: monthPartition(
        event.occurredOn.slice(0, 7),
        monthShard(event.streamId, event.version, shards),
      ),
      [EVENTS_TABLE.monthIndex.sortKey]: monthSortKey(event),
      ...event,
      // Not hashed: the chain covers the event; the city only tells the outbox whose store it is in.
      city: currentCity(),
    },
    { removeUndefinedValues: true },
  );

const jsonObject = z.record(z.string(), z.json()).transform((value) => value as JsonObject);

const metaSchema = z.object({
  actor: z.string(),
  role: z.string(),
  requestId: z.string(),
  correlationId: z.string(),
  causationId: z.string().optional(),
  idempotencyKey: z.string().optional(),
  policyId: z.string().optional(),
}) satisfies z.ZodType<EventMeta>;

export const storedEventSchema = z.object({
  streamId: z.string().min(1),
  version: z.number().int().positive(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  data: jsonObject,
  meta: metaSchema,
  occurredOn: z.string(),
  recordedAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  voucherNo: z.string().min(1).optional(),
  /** Absent on events stored before the chain algorithm was a setting (they are sha256). */
  hashAlgorithm: hashAlgorithmSchema.optional(),
});

/** Parses an event item (from a Query or a stream record's NewImage); throws on a malformed item. */
export const fromEventItem = (item: Item): StoredEvent => {
  const parsed = storedEventSchema.parse(unmarshall(item));
  const event: StoredEvent = {
    streamId: parsed.streamId,
    version: parsed.version,
    type: parsed.type,
    schemaVersion: parsed.schemaVersion,
    data: parsed.data,
    meta: parsed.meta,
    occurredOn: parsed.occurredOn,
    recordedAt: parsed.recordedAt,
    prevHash: parsed.prevHash,
    hash: parsed.hash,
    ...(parsed.voucherNo === undefined ? {} : { voucherNo: parsed.voucherNo }),
    ...(parsed.hashAlgorithm === undefined ? {} : { hashAlgorithm: parsed.hashAlgorithm }),
  };
  return event;
};

/** True for event items, false for heads and idempotency records (which share the table and its stream). */
export const isEventItem = (item: Item): boolean => item[EVENTS_TABLE.sortKey]?.S?.startsWith(EVENT_KEYS.eventPrefix) === true;

export const toHeadItem = (head: StreamHead): Item =>
  marshall(
    {
      [EVENTS_TABLE.partitionKey]: streamKey(head.streamId),
      [EVENTS_TABLE.sortKey]: EVENT_KEYS.head,
      streamId: head.streamId,
      version: head.version,
      lastHash: head.lastHash,
      snapshot: head.snapshot === undefined ? undefined : serialize(head.snapshot),
      snapshotVersion: head.snapshot === undefined ? undefined : head.snapshotVersion,
      updatedAt: head.updatedAt,
    },
    { removeUndefinedValues: true },
  );

const headSchema = z.object({
  streamId: z.string(),
  version: z.number().int().nonnegative(),
  lastHash: z.string(),
  snapshot: z.string().optional(),
  snapshotVersion: z.number().int().optional(),
  updatedAt: z.string(),
});

export const fromHeadItem = (item: Item): StreamHead => {
  const parsed = headSchema.parse(unmarshall(item));
  return {
    streamId: parsed.streamId,
    version: parsed.version,
    lastHash: parsed.lastHash,
    ...(parsed.snapshot === undefined ? {} : { snapshot: deserialize(parsed.snapshot) }),
    ...(parsed.snapshotVersion === undefined ? {} : { snapshotVersion: parsed.snapshotVersion }),
    updatedAt: parsed.updatedAt,
  };
};

export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  result: JsonValue;
  createdAt: string;
}

export const toIdempotencyItem = (record: IdempotencyRecord): Item =>
  marshall({
    [EVENTS_TABLE.partitionKey]: idempotencyKey(record.key),
    [EVENTS_TABLE.sortKey]: EVENT_KEYS.idempotencySortKey,
    key: record.key,
    requestHash: record.requestHash,
    result: JSON.stringify(record.result),
    createdAt: record.createdAt,
  });

const idempotencySchema = z.object({
  key: z.string(),
  requestHash: z.string(),
  result: z.string().transform((text) => z.json().parse(JSON.parse(text)) as JsonValue),
  createdAt: z.string(),
});

export const fromIdempotencyItem = (item: Item): IdempotencyRecord => idempotencySchema.parse(unmarshall(item));
