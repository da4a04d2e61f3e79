// Lambda entry of the replay job: invoked by an operator (console, CLI) with one selection.
//   { "streamId": "guarantee-rp1:g-001" } | { "fundId": "rp1" } | { "month": "2026-10" }
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { EVENT_BUS } from '../shared/routing';
import { ENV } from '../shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { replay, type ReplayResult } from './replay';
import { eventBridgePublisher } from './replay-publisher';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
export const replayRequest = z.union([
  z.strictObject({ streamId: z.string().min(1).max(200) }),
  z.strictObject({ fundId: id }),
  z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
]);

const client = createDynamoClient();
const eventBridge = new EventBridgeClient({});

export const handler = async (event: unknown): Promise<ReplayResult> => {
  const selection = replayRequest.parse(event);
  const eventsTableName = process.env[ENV.eventsTable];
  if (eventsTableName === undefined) throw new Error(`${ENV.eventsTable} is not set`);
  const store = createEventStore({ client, tableName: eventsTableName });
  return replay(selection, { store, client, eventsTableName }, {
    publisher: eventBridgePublisher(eventBridge),
    eventBusName: process.env[ENV.busName] ?? EVENT_BUS.name,
  });
};
