// Lambda entry of the outbox forwarder: where EventBridge Pipes is not offered (the AWS China
// regions, infra/stacks/region-capabilities.ts) this function reads the events table's stream
// (an event source mapping) and does what the Pipe does elsewhere — the Pipe's filter and template
// (functions/shared/outbox-record.ts), published with the replay job's PutEvents chunking and retry
// (functions/jobs/replay.ts publishDetails). A batch that still fails throws: the event source
// mapping retries it, halving it on each failure, and parks what never gets through in the outbox
// DLQ. A retried batch may publish an event twice, which consumers already take (a bus event only
// says "stream S reached version v", DESIGN §3).
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { publishDetails, type ReplayResult } from '../jobs/replay';
import { eventBridgePublisher } from '../jobs/replay-publisher';
import { outboxDetails } from '../shared/outbox-record';
import { EVENT_BUS } from '../shared/routing';
import { ENV } from '../shared/tables';

const eventBridge = new EventBridgeClient({});

export const handler = async (event: DynamoDBStreamEvent): Promise<ReplayResult> =>
  publishDetails(outboxDetails(event.Records), {
    publisher: eventBridgePublisher(eventBridge),
    eventBusName: process.env[ENV.busName] ?? EVENT_BUS.name,
  });
