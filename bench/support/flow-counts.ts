// What the event flow carries, counted on the local stack (bench/cost, bench/city-cost): events
// appended (event items in the store's transactions = stream records = Pipe and EventBridge events),
// and the consumers' SQS messages, batches (= projector Lambda invocations) and handler time.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalStackOptions } from '../../infra/local/stack';

export interface FlowCounts {
  events: number;
  messages: number;
  batches: number;
  /** Time inside the consumers' handlers (ms), all batches. */
  ms: number;
}

export interface FlowCounter {
  /** For startLocalStack: counts each consumer batch. */
  wrapHandler: NonNullable<LocalStackOptions['wrapHandler']>;
  /** Counts the event items `client` appends to the events table (call once the stack is up). */
  countAppends(client: DynamoDBClient, eventsTableName: string): void;
  reset(): void;
  counts(): FlowCounts;
}

export const createFlowCounter = (): FlowCounter => {
  const counts: FlowCounts = { events: 0, messages: 0, batches: 0, ms: 0 };
  return {
    wrapHandler: (_consumer, real) => async (event, context) => {
      counts.batches += 1;
      counts.messages += event.Records.length;
      const t0 = performance.now();
      try {
        return await real(event, context);
      } finally {
        counts.ms += performance.now() - t0;
      }
    },
    countAppends: (client, eventsTableName) => {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const answer = await next(args);
          if (context.commandName === 'TransactWriteItemsCommand') {
            const items = (args.input as { TransactItems?: { Put?: { TableName?: string; Item?: Record<string, { S?: string }> } }[] }).TransactItems ?? [];
            counts.events += items.filter((item) => item.Put?.TableName === eventsTableName && item.Put.Item?.['SK']?.S?.startsWith('E#') === true).length;
          }
          return answer;
        },
        { step: 'initialize', name: 'benchEventCounter', override: true },
      );
    },
    reset: () => Object.assign(counts, { events: 0, messages: 0, batches: 0, ms: 0 }),
    counts: () => ({ ...counts }),
  };
};
