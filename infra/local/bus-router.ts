// The local event bus: delivers bus events to every consumer queue whose rule matches
// (functions/shared/routing.ts `routesFor`, i.e. exactly EventBridge's source + detail-type match).
// It is also a BusPublisher, so the replay job publishes to it as it would to EventBridge.
import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { busEventDetail } from '../../functions/projectors/bus-message';
import { type BusEntry, type BusEvent, type ConsumerName, EVENT_BUS, routesFor } from '../../functions/shared/routing';
import { type BusPublisher, MAX_PUT_EVENTS_ENTRIES } from '../../functions/jobs/replay-publisher';
import { busEventOf } from './local-pipe';
import type { LocalQueue } from './local-queues';

const SQS_BATCH = 10;

export interface BusRouter extends BusPublisher {
  /** Enqueues each event on every matching queue; answers the message ids; throws unless every copy was accepted. */
  route(events: readonly BusEvent[]): Promise<string[]>;
}

export interface BusRouterOptions {
  sqs: SQSClient;
  queues: Record<ConsumerName, LocalQueue>;
  /** Called after messages were enqueued for a consumer (wakes its runner, so lag stays low). */
  onEnqueued?: (consumer: ConsumerName) => void;
}

export const createBusRouter = ({ sqs, queues, onEnqueued }: BusRouterOptions): BusRouter => {
  const route = async (events: readonly BusEvent[]): Promise<string[]> => {
    const byConsumer = new Map<ConsumerName, BusEvent[]>();
    for (const event of events) {
      for (const rule of routesFor(event)) {
        const batch = byConsumer.get(rule.consumer) ?? [];
        batch.push(event);
        byConsumer.set(rule.consumer, batch);
      }
    }
    // Every chunk of every queue at once, as EventBridge delivers to its targets independently: the
    // stream poller waits for this before its next read, so chunks sent one after another (a burst's
    // read holds hundreds of events) made each read wait longer and take in more, and the lag grew.
    const sent = await Promise.all(
      [...byConsumer].map(async ([consumer, batch]) => {
        const chunks = Array.from({ length: Math.ceil(batch.length / SQS_BATCH) }, (_, i) => batch.slice(i * SQS_BATCH, (i + 1) * SQS_BATCH));
        const ids = await Promise.all(
          chunks.map(async (chunk) => {
            const answer = await sqs.send(
              new SendMessageBatchCommand({
                QueueUrl: queues[consumer].queueUrl,
                Entries: chunk.map((event, index) => ({ Id: String(index), MessageBody: JSON.stringify(event) })),
              }),
            );
            const failed = answer.Failed ?? [];
            if (failed.length > 0) {
              throw new Error(`enqueue to ${consumer} failed: ${failed.map((entry) => `${entry.Code}: ${entry.Message}`).join('; ')}`);
            }
            return (answer.Successful ?? []).map((entry) => entry.MessageId ?? '');
          }),
        );
        onEnqueued?.(consumer);
        return ids.flat();
      }),
    );
    return sent.flat();
  };

  const putEvents: BusPublisher['putEvents'] = async (entries: readonly BusEntry[]) => {
    if (entries.length > MAX_PUT_EVENTS_ENTRIES) throw new Error(`putEvents: ${entries.length} entries, at most ${MAX_PUT_EVENTS_ENTRIES}`);
    // Each entry succeeds or fails on its own, as with EventBridge.
    const results = await Promise.all(
      entries.map(async (entry) => {
        try {
          if (entry.Source !== EVENT_BUS.source) throw new Error(`unknown source ${entry.Source}`);
          const detail = busEventDetail.parse(JSON.parse(entry.Detail));
          if (detail.type !== entry.DetailType) throw new Error('DetailType differs from detail.type');
          await route([busEventOf(detail, entry.Time)]);
          return { eventId: randomUUID() };
        } catch (error) {
          return { errorCode: 'InternalFailure', errorMessage: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return { failedEntryCount: results.filter((result) => 'errorCode' in result).length, entries: results };
  };

  return { route, putEvents };
};
