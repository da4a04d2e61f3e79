// Re-publishes stored events to the bus (DESIGN §3): one stream, one fund (its fund stream and
// every sub-aggregate stream of that fund) or one business month. Events go out in the Pipe's
// shape (functions/shared/routing.ts busEntry), in chunks of ≤ 10 PutEvents entries; entries the
// bus reports as failed (FailedEntryCount) are retried with backoff, a bounded number of times.
// Consumers treat a message as "stream S reached version v", so a replay is always harmless.
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { currentCity } from '../shared/city-scope';
import { busEntry, type BusEntry, type EventDetail } from '../shared/routing';
import { EVENT_KEYS, EVENTS_TABLE } from '../shared/tables';
import type { EventStore } from '../store/event-store';
import type { StoredEvent } from '../store/types';
import { type BusPublisher, MAX_PUT_EVENTS_ENTRIES } from './replay-publisher';

export type ReplaySelection = { streamId: string } | { fundId: string } | { month: string };

export interface ReplayOptions {
  publisher: BusPublisher;
  eventBusName?: string;
  /** PutEvents attempts per entry, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ReplayResult {
  published: number;
  /** Entries PutEvents reported as failed and that a later attempt delivered. */
  retried: number;
  putEventsCalls: number;
}

export class ReplayIncomplete extends Error {
  override readonly name = 'ReplayIncomplete';
  constructor(readonly failed: { detail: EventDetail; errorCode: string }[]) {
    super(`replay: ${failed.length} events still failing after retries (first: ${failed[0]?.detail.streamId} v${failed[0]?.detail.version} ${failed[0]?.errorCode})`);
  }
}

export const detailOf = (event: StoredEvent): EventDetail => ({
  streamId: event.streamId,
  version: event.version,
  type: event.type,
  occurredOn: event.occurredOn,
  recordedAt: event.recordedAt,
  city: currentCity(),
});

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function* detailsOf(events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>): AsyncGenerator<EventDetail> {
  for await (const event of events) yield detailOf(event);
}

/** Publishes every event once (retrying failed entries); throws ReplayIncomplete if some never get through. */
export const publishEvents = (events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>, options: ReplayOptions): Promise<ReplayResult> =>
  publishDetails(detailsOf(events), options);

/**
 * Publishes every detail once in PutEvents chunks of ≤ 10 (retrying failed entries); throws
 * ReplayIncomplete if some never get through. The replay job and the outbox forwarder
 * (functions/outbox/forward-handler.ts) both publish through this.
 */
export const publishDetails = async (details: AsyncIterable<EventDetail> | Iterable<EventDetail>, options: ReplayOptions): Promise<ReplayResult> => {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  const result: ReplayResult = { published: 0, retried: 0, putEventsCalls: 0 };
  const givenUp: { detail: EventDetail; errorCode: string }[] = [];

  const flush = async (chunk: EventDetail[]): Promise<void> => {
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const entries: BusEntry[] = pending.map((detail) => busEntry(detail, options.eventBusName));
      const outcome = await options.publisher.putEvents(entries);
      result.putEventsCalls += 1;
      // Entries answer in request order; a failed one carries an errorCode.
      const failed = pending.flatMap((detail, index) => {
        const errorCode = outcome.entries[index]?.errorCode;
        return errorCode === undefined && outcome.entries[index] !== undefined ? [] : [{ detail, errorCode: errorCode ?? 'NoAnswer' }];
      });
      if (outcome.failedEntryCount !== failed.length) {
        throw new Error(`PutEvents answered FailedEntryCount ${outcome.failedEntryCount} but ${failed.length} failed entries`);
      }
      result.published += pending.length - failed.length;
      if (attempt > 1) result.retried += pending.length - failed.length;
      if (failed.length === 0) return;
      if (attempt >= maxAttempts) {
        givenUp.push(...failed);
        return;
      }
      // Exponential backoff with full jitter: failed entries are usually throttling.
      await sleep(Math.round(Math.random() * baseDelayMs * 2 ** (attempt - 1)));
      pending = failed.map((entry) => entry.detail);
    }
  };

  let chunk: EventDetail[] = [];
  for await (const detail of details) {
    chunk.push(detail);
    if (chunk.length === MAX_PUT_EVENTS_ENTRIES) {
      await flush(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await flush(chunk);
  if (givenUp.length > 0) throw new ReplayIncomplete(givenUp);
  return result;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every stream of a fund: its fund stream and the sub-aggregates scoped by it (design-notes
 * stream ids). Heads have no index by fund, so this is a Scan of the events table filtered to
 * HEAD items: it reads (and pays for) the whole table once. Fine for an operator's occasional
 * replay; a frequent need would justify a GSI on heads by fund. Approval requests
 * (`approval-<approvalId>`) and per-firm cap counters are not scoped by a fund in their ids: replay
 * them by stream or by month.
 */
export const streamsOfFund = async (client: DynamoDBClient, tableName: string, fundId: string): Promise<string[]> => {
  const id = escapeRegExp(fundId);
  const belongs = new RegExp(`^(fund-${id}|(guarantee|bridge-loan|commitment|subsidy)-${id}:.+|(period|statement|match)-${id}-\\d{4}-\\d{2})$`);
  const prefixes = ['fund-', 'guarantee-', 'bridge-loan-', 'commitment-', 'subsidy-', 'period-', 'statement-', 'match-'].map(
    (kind) => `${EVENT_KEYS.streamPrefix}${kind}${fundId}`,
  );
  const values: Record<string, AttributeValue> = { ':head': { S: EVENT_KEYS.head } };
  prefixes.forEach((prefix, index) => (values[`:p${index}`] = { S: prefix }));
  const streams: string[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `#sk = :head AND (${prefixes.map((_, index) => `begins_with(#pk, :p${index})`).join(' OR ')})`,
        ExpressionAttributeNames: { '#pk': EVENTS_TABLE.partitionKey, '#sk': EVENTS_TABLE.sortKey },
        ExpressionAttributeValues: values,
        ProjectionExpression: '#pk',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const streamId = item[EVENTS_TABLE.partitionKey]?.S?.slice(EVENT_KEYS.streamPrefix.length);
      // begins_with would also take fund "ab-c" for fund "ab": the regexp keeps exact matches only.
      if (streamId !== undefined && belongs.test(streamId)) streams.push(streamId);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return streams.sort();
};

export interface ReplayDependencies {
  store: EventStore;
  client: DynamoDBClient;
  eventsTableName: string;
}

/** The events a selection stands for, each stream in version order. */
export async function* selectEvents(selection: ReplaySelection, deps: ReplayDependencies): AsyncGenerator<StoredEvent> {
  if ('streamId' in selection) {
    yield* await deps.store.readStream(selection.streamId);
  } else if ('fundId' in selection) {
    for (const streamId of await streamsOfFund(deps.client, deps.eventsTableName, selection.fundId)) {
      yield* await deps.store.readStream(streamId);
    }
  } else {
    yield* deps.store.readMonth(selection.month);
  }
}

export const replay = (selection: ReplaySelection, deps: ReplayDependencies, options: ReplayOptions): Promise<ReplayResult> =>
  publishEvents(selectEvents(selection, deps), options);
