// What the outbox publishes from a stream record of the events table: the Pipe's filter
// (PIPE.filterPattern) and input template (PIPE.inputTemplate) written as code. The local stack's
// stand-in for the Pipe (infra/local/local-pipe.ts) and the cloud's outbox forwarder — the Lambda that
// replaces the Pipe where EventBridge Pipes is not offered (AWS China regions, functions/outbox) —
// both use these two functions, so neither can drift from the Pipe's template (routing.ts).
import * as z from 'zod';
import { DEFAULT_CITY, cityId } from '../../events/cities';
import { type EventDetail, PIPE, PIPE_DETAIL_FIELDS } from './routing';
import { EVENT_KEYS, EVENTS_TABLE } from './tables';

/** The part of a DynamoDB stream record read here; the SDK's and aws-lambda's record types both fit it. */
export interface OutboxStreamRecord {
  eventName?: string | undefined;
  dynamodb?: { NewImage?: Record<string, { S?: string | undefined; N?: string | undefined }> | undefined } | undefined;
}

const detailSchema = z.object({
  streamId: z.string().min(1),
  version: z.number().int().positive(),
  type: z.string().min(1),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recordedAt: z.string().min(1),
  // An image without a city was written before cities (docs/upgrade.md): a record the local stack had
  // not yet published when it stopped for the upgrade, whose stream is now Liaocheng's.
  city: cityId.default(DEFAULT_CITY),
});

/** PIPE.filterPattern: INSERTs of event items only (heads, idempotency records and the rest never reach the bus). */
export const passesOutboxFilter = (record: OutboxStreamRecord): boolean => {
  const sk = record.dynamodb?.NewImage?.[EVENTS_TABLE.sortKey]?.S;
  return (PIPE.filterPattern.eventName as readonly string[]).includes(record.eventName ?? '') && sk !== undefined && sk.startsWith(EVENT_KEYS.eventPrefix);
};

/** PIPE.inputTemplate: the bus event's detail; throws if an event item lacks a detail attribute (a store bug). */
export const outboxDetailOf = (record: OutboxStreamRecord): EventDetail => {
  const image = record.dynamodb?.NewImage ?? {};
  const raw: Record<string, string | number | undefined> = {};
  for (const { field, type } of PIPE_DETAIL_FIELDS) {
    const attribute = image[field];
    raw[field] = type === 'N' ? (attribute?.N === undefined ? undefined : Number(attribute.N)) : attribute?.S;
  }
  return detailSchema.parse(raw);
};

/** The details a batch of stream records publishes, in stream order. */
export const outboxDetails = (records: readonly OutboxStreamRecord[]): EventDetail[] => records.filter(passesOutboxFilter).map(outboxDetailOf);
