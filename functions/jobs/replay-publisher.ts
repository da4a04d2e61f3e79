// Where the replay job puts events: EventBridge in the cloud, the local router on the local stack
// (infra/local/bus-router.ts). Both answer in PutEvents' shape, so the retry of failed entries
// (FailedEntryCount) is one piece of code, tested locally.
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { BusEntry } from '../shared/routing';

/** PutEvents accepts at most 10 entries per call. */
export const MAX_PUT_EVENTS_ENTRIES = 10;

export interface PutEventsOutcome {
  failedEntryCount: number;
  /** One per request entry, same order; a failed one has an errorCode. */
  entries: { eventId?: string; errorCode?: string; errorMessage?: string }[];
}

export interface BusPublisher {
  putEvents(entries: readonly BusEntry[]): Promise<PutEventsOutcome>;
}

export const eventBridgePublisher = (client: EventBridgeClient): BusPublisher => ({
  putEvents: async (entries) => {
    if (entries.length > MAX_PUT_EVENTS_ENTRIES) throw new Error(`putEvents: ${entries.length} entries, at most ${MAX_PUT_EVENTS_ENTRIES}`);
    const answer = await client.send(new PutEventsCommand({ Entries: [...entries] }));
    return {
      failedEntryCount: answer.FailedEntryCount ?? 0,
      entries: (answer.Entries ?? []).map((entry) => ({
        ...(entry.EventId === undefined ? {} : { eventId: entry.EventId }),
        ...(entry.ErrorCode === undefined ? {} : { errorCode: entry.ErrorCode }),
        ...(entry.ErrorMessage === undefined ? {} : { errorMessage: entry.ErrorMessage }),
      })),
    };
  },
});
