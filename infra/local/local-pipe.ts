// The local stand-in for the EventBridge Pipe: turns a DynamoDB stream record into the bus
// event the Pipe would put on the bus, using the filter and detail fields of functions/shared/routing.ts
// (so a change to the Pipe's template cannot silently diverge from the local path).
import { randomUUID } from 'node:crypto';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import * as z from 'zod';
import { EVENT_KEYS, EVENTS_TABLE } from '../../functions/shared/tables';
import { type BusEvent, EVENT_BUS, type EventDetail, PIPE, PIPE_DETAIL_FIELDS } from '../../functions/shared/routing';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

const detailSchema = z.object({
  streamId: z.string().min(1),
  version: z.number().int().positive(),
  type: z.string().min(1),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recordedAt: z.string().min(1),
});

/** PIPE.filterPattern, evaluated locally: INSERTs of event items only. */
export const passesPipeFilter = (record: StreamRecord): boolean => {
  const sk = record.dynamodb?.NewImage?.[EVENTS_TABLE.sortKey]?.S;
  return (PIPE.filterPattern.eventName as readonly string[]).includes(record.eventName ?? '') && sk !== undefined && sk.startsWith(EVENT_KEYS.eventPrefix);
};

/** PIPE.inputTemplate, evaluated locally; throws if an event item lacks a detail attribute (a store bug). */
export const detailOf = (record: StreamRecord): EventDetail => {
  const image = record.dynamodb?.NewImage ?? {};
  const raw: Record<string, string | number | undefined> = {};
  for (const { field, type } of PIPE_DETAIL_FIELDS) {
    const attribute = image[field];
    raw[field] = type === 'N' ? (attribute?.N === undefined ? undefined : Number(attribute.N)) : attribute?.S;
  }
  return detailSchema.parse(raw);
};

export const busEventOf = (detail: EventDetail, now: Date = new Date()): BusEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detail.type,
  source: EVENT_BUS.source,
  account: LOCAL_ACCOUNT,
  time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: LOCAL_REGION,
  resources: [],
  detail,
});

/** The bus events a batch of stream records produces, in stream order. */
export const pipeRecords = (records: readonly StreamRecord[]): BusEvent[] =>
  records.filter(passesPipeFilter).map((record) => busEventOf(detailOf(record)));
