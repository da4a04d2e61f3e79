// The events table read whole into memory by one parallel segmented scan: every stream's head and
// event items, served back as the event source the projectors read (readStream, readVersions) and
// the reads the alerts projection's policy book needs (readHead). The read-model rebuild replays from
// it and the restore drill verifies every chain from the same items, so the restored table is read
// once, in 1 MB pages, instead of one Query per stream per consumer and one more per verification.
// Memory: the items as DynamoDB returned them, each event parsed once on first use.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EVENTS_TABLE, EVENT_KEYS } from '../shared/tables';
import { type Item, fromEventItem, fromHeadItem } from './event-item';
import type { EventStore } from './event-store';
import type { VersionRange } from './read-versions';
import { type HeadOfStream, scanAllItems } from './scan';
import type { StoredEvent } from './types';

export interface LoadedEvents extends Pick<EventStore, 'readHead' | 'readStream' | 'readVersions'> {
  /** Every stream with a head, sorted by stream id. */
  heads: readonly HeadOfStream[];
  /** The stream's event items in version order, as stored (what a chain verification reads). */
  itemsOf(streamId: string): readonly Item[];
  /** Items scanned (events, heads, idempotency records, voucher counters). */
  itemCount: number;
  eventCount: number;
}

interface LoadedStream {
  head?: Item;
  items: Item[];
  parsed?: StoredEvent[];
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortKeyOf = (item: Item): string => item[EVENTS_TABLE.sortKey]?.S ?? '';

export const loadEvents = async (client: DynamoDBClient, eventsTableName: string, segments = 8): Promise<LoadedEvents> => {
  const streams = new Map<string, LoadedStream>();
  let itemCount = 0;
  let eventCount = 0;
  for (const item of await scanAllItems(client, { TableName: eventsTableName, ConsistentRead: true }, segments)) {
    itemCount++;
    const pk = item[EVENTS_TABLE.partitionKey]?.S;
    if (pk?.startsWith(EVENT_KEYS.streamPrefix) !== true) continue;
    const streamId = pk.slice(EVENT_KEYS.streamPrefix.length);
    const stream = streams.get(streamId) ?? { items: [] };
    streams.set(streamId, stream);
    const sk = sortKeyOf(item);
    if (sk === EVENT_KEYS.head) stream.head = item;
    else if (sk.startsWith(EVENT_KEYS.eventPrefix)) {
      stream.items.push(item);
      eventCount++;
    }
  }
  // Zero-padded versions: sort-key order is version order, as a Query returns them.
  for (const stream of streams.values()) stream.items.sort((a, b) => byKey(sortKeyOf(a), sortKeyOf(b)));

  const heads: HeadOfStream[] = [];
  for (const [streamId, { head }] of streams) {
    const version = head?.version?.N;
    if (version !== undefined) heads.push({ streamId, version: Number(version), lastHash: head?.lastHash?.S ?? '' });
  }
  heads.sort((a, b) => byKey(a.streamId, b.streamId));

  const eventsOf = (streamId: string): StoredEvent[] => {
    const stream = streams.get(streamId);
    if (stream === undefined) return [];
    stream.parsed ??= stream.items.map(fromEventItem);
    return stream.parsed;
  };
  const readStream = async (streamId: string, range: { fromVersion?: number; toVersion?: number } = {}): Promise<StoredEvent[]> =>
    eventsOf(streamId).filter((e) => e.version >= (range.fromVersion ?? 1) && e.version <= (range.toVersion ?? Number.MAX_SAFE_INTEGER));

  return {
    heads,
    itemCount,
    eventCount,
    itemsOf: (streamId) => streams.get(streamId)?.items ?? [],
    readHead: async (streamId) => {
      const head = streams.get(streamId)?.head;
      return head === undefined ? undefined : fromHeadItem(head);
    },
    readStream,
    readVersions: async (ranges: readonly VersionRange[]) => (await Promise.all(ranges.map((range) => readStream(range.streamId, range)))).flat(),
  };
};
