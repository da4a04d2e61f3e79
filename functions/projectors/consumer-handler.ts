// The SQS side of every consumer: parse each message, let the cursor projector catch the stream up
// to the version it names, and report only the messages that failed (partial batch response), so
// a poison message is retried alone and ends in the DLQ while the rest of its batch applies.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ENV } from '../../infra/shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { parseBusMessage } from './bus-message';
import { createCursorProjector, type EventSource, type Projection } from './cursor-projector';

export interface ConsumerConfig {
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  /** Defaults to the event store over eventsTableName. */
  events?: EventSource;
}

export type SqsConsumerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

const logger = new Logger({ serviceName: 'fund-ledger' });

export const createConsumerHandler = (projection: Projection, config: ConsumerConfig): SqsConsumerHandler => {
  const events = config.events ?? createEventStore({ client: config.client, tableName: config.eventsTableName });
  const projector = createCursorProjector({ table: { client: config.client, tableName: config.readTableName }, events, projection });

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    try {
      const { detail } = parseBusMessage(record.body);
      await projector.project(detail.streamId, detail.version);
    } catch (error) {
      // No payload in the log: bodies name streams only, but errors may quote event data.
      logger.error('message failed', { consumer: projection.consumer, messageId: record.messageId, error: error instanceof Error ? error.name : 'unknown', reason: error instanceof Error ? error.message.slice(0, 300) : undefined });
      throw error;
    }
  };

  return async (event) => {
    // A processor holds per-batch state, so each invocation gets its own (the local flow may overlap them).
    const processor = new BatchProcessor(EventType.SQS);
    // In order, one at a time: messages of one stream then advance its cursor without racing each other.
    return processPartialResponse(event, handleRecord, processor, { processInParallel: false, throwOnFullBatchFailure: false });
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
export const lazyConsumerHandler = (projection: Projection): SqsConsumerHandler => {
  let built: SqsConsumerHandler | undefined;
  return (event) => {
    built ??= createConsumerHandler(projection, configFromEnv());
    return built(event);
  };
};
