// The local stand-in for the EventBridge Pipe: turns a DynamoDB stream record into the bus
// event the Pipe would put on the bus, with the filter and detail of functions/shared/outbox-record.ts
// (the Pipe's template written as code, which the cloud's outbox forwarder uses too), so a change to
// the Pipe's template cannot silently diverge from the local path.
import { randomUUID } from 'node:crypto';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { outboxDetailOf, outboxDetails, passesOutboxFilter } from '../../functions/shared/outbox-record';
import { type BusEvent, EVENT_BUS, type EventDetail } from '../../functions/shared/routing';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** PIPE.filterPattern, evaluated locally: INSERTs of event items only. */
export const passesPipeFilter = (record: StreamRecord): boolean => passesOutboxFilter(record);

/** PIPE.inputTemplate, evaluated locally; throws if an event item lacks a detail attribute (a store bug). */
export const detailOf = (record: StreamRecord): EventDetail => outboxDetailOf(record);

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
export const pipeRecords = (records: readonly StreamRecord[]): BusEvent[] => outboxDetails(records).map((detail) => busEventOf(detail));
