// The SQS side of every consumer: parse each message, let the cursor projector catch the stream up
// to the version it names, and report only the messages that failed (partial batch response), so
// a poison message is retried alone and ends in the DLQ while the rest of its batch applies.
// A batch is grouped by stream: each stream is caught up once, to the highest version its messages
// name (the cursor makes the lower ones duplicates), and different streams run concurrently unless
// the projection reads across streams (then in the batch's order, so a delivery has one outcome).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ledgerLogger } from '../shared/ledger-logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { once } from '../../domain/once';
import type { CityId } from '../../events/cities';
import { withCity } from '../shared/city-scope';
import { ENV } from '../shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import type { StoredEvent } from '../store/types';
import { type BusMessage, parseBusMessage } from './bus-message';
import { createCursorProjector, type CursorProjector, type EventSource, type Projection } from './cursor-projector';

export interface ConsumerConfig {
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  /** Defaults to the event store over eventsTableName. */
  events?: EventSource;
}

export type SqsConsumerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

const highestOf = (messages: readonly { version: number }[]): number => Math.max(...messages.map((m) => m.version));

/** Written only when a message fails. */
const logger = once(() => ledgerLogger({ serviceName: 'fund-ledger' }));

export const createConsumerHandler = (projection: Projection, config: ConsumerConfig): SqsConsumerHandler => {
  const events = config.events ?? createEventStore({ client: config.client, tableName: config.eventsTableName });
  // One projector per city: its cursors (and what it remembers of them) are that city's streams.
  const projectors = new Map<CityId, CursorProjector>();
  const projectorOf = (city: CityId): CursorProjector => {
    let projector = projectors.get(city);
    if (projector === undefined) {
      projector = createCursorProjector({ table: { client: config.client, tableName: config.readTableName }, events, projection });
      projectors.set(city, projector);
    }
    return projector;
  };

  const logFailure = (record: SQSRecord, error: unknown): void => {
    // No payload in the log: bodies name streams only, but errors may quote event data.
    logger().error('message failed', { consumer: projection.consumer, messageId: record.messageId, error: error instanceof Error ? error.name : 'unknown', reason: error instanceof Error ? error.message.slice(0, 300) : undefined });
  };

  /** The messages of one stream; returns those that failed. */
  const handleStream = async (projector: CursorProjector, streamId: string, messages: { record: SQSRecord; version: number }[], ahead?: StoredEvent[]): Promise<SQSRecord[]> => {
    const highest = highestOf(messages);
    try {
      await projector.project(streamId, highest, ahead);
      return [];
    } catch {
      // Something up to `highest` failed: settle each message on its own, lowest first, so only
      // the messages at or past the failing version fail (one poison message fails alone).
      const failed: SQSRecord[] = [];
      for (const { record, version } of [...messages].sort((a, b) => a.version - b.version)) {
        try {
          await projector.project(streamId, version);
        } catch (error) {
          logFailure(record, error);
          failed.push(record);
        }
      }
      return failed;
    }
  };

  /** One city's messages, grouped by stream, inside that city's scope; returns those that failed. */
  const handleCity = async (city: CityId, byStream: Map<string, { record: SQSRecord; version: number }[]>): Promise<SQSRecord[]> => {
    const failed: SQSRecord[] = [];
    const projector = projectorOf(city);
    // Duplicates are most messages under a backlog (a catch-up goes to the head): settle them, and
    // learn the cursors of streams seen for the first time, with one read for the whole batch.
    const unsure = [...byStream].filter(([streamId, messages]) => projector.needsRead(streamId, highestOf(messages))).map(([id]) => id);
    if (unsure.length > 0) {
      const cursors = await projector.readCursors(unsure).catch(() => new Map<string, number>());
      for (const [streamId, cursor] of cursors) {
        const messages = byStream.get(streamId) ?? [];
        if (messages.every((m) => m.version <= cursor)) byStream.delete(streamId);
      }
    }
    // Streams the projection can commit together go in one read and few transactions; the rest,
    // and any it could not settle, stream by stream.
    const targets = [...byStream].map(([streamId, messages]) => ({ streamId, reachedVersion: highestOf(messages) }));
    const together = await projector.projectTogether(targets);
    for (const streamId of together) byStream.delete(streamId);
    if (projection.readsAcrossStreams === true) {
      // Their gaps read together first (one BatchGetItem, not a Query per stream); the streams of one
      // shared item (a fund's, for alerts) as one run; the rest one by one, in the batch's order.
      const ahead = await projector.readAhead(targets);
      const shared = await projector.projectShared(targets, ahead);
      for (const [streamId, messages] of byStream) if (!shared.has(streamId)) failed.push(...(await handleStream(projector, streamId, messages, ahead.get(streamId))));
    } else {
      const results = await Promise.all([...byStream].map(([streamId, messages]) => handleStream(projector, streamId, messages)));
      failed.push(...results.flat());
    }
    return failed;
  };

  return async (event) => {
    const failed: SQSRecord[] = [];
    const byCity = new Map<CityId, Map<string, { record: SQSRecord; version: number }[]>>();
    for (const record of event.Records) {
      let detail: BusMessage['detail'];
      try {
        detail = parseBusMessage(record.body).detail;
      } catch (error) {
        logFailure(record, error);
        failed.push(record);
        continue;
      }
      const byStream = byCity.get(detail.city) ?? new Map<string, { record: SQSRecord; version: number }[]>();
      byCity.set(detail.city, byStream);
      byStream.set(detail.streamId, [...(byStream.get(detail.streamId) ?? []), { record, version: detail.version }]);
    }
    for (const [city, byStream] of byCity) failed.push(...(await withCity(city, () => handleCity(city, byStream))));
    const failedIds = new Set(failed.map((record) => record.messageId));
    // In the batch's order, as SQS partial batch responses list them.
    return { batchItemFailures: event.Records.filter((r) => failedIds.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })) };
  };
};

/** Config from the function's environment (EVENTS_TABLE_NAME, READ_TABLE_NAME, DYNAMODB_ENDPOINT). */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): ConsumerConfig => {
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  return { client: createDynamoClient(env[ENV.dynamoEndpoint]), eventsTableName: need(ENV.eventsTable), readTableName: need(ENV.readTable) };
};

/** A Lambda `handler` that builds its consumer on first use and keeps it for the container's life. */
export const lazyHandler = (build: (config: ConsumerConfig) => SqsConsumerHandler): SqsConsumerHandler => {
  let built: SqsConsumerHandler | undefined;
  return (event) => {
    built ??= build(configFromEnv());
    return built(event);
  };
};

export const lazyConsumerHandler = (projection: Projection): SqsConsumerHandler => lazyHandler((config) => createConsumerHandler(projection, config));
