// Events of several streams by key: the consumers know which versions they miss (cursor+1 up to
// the version a message names), so one consistent BatchGetItem per 100 keys reads a whole batch's
// gaps, where a Query per stream would cost one call each.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EVENTS_TABLE } from '../shared/tables';
import { batchGetAll } from './batch-get';
import { eventKey, fromEventItem, streamKey } from './event-item';
import type { StoredEvent } from './types';

export interface VersionRange {
  streamId: string;
  fromVersion: number;
  toVersion: number;
}

/**
 * The stored events in the ranges, ordered by stream (as listed) then version. Versions that do
 * not exist are absent from the answer: the caller compares with what it asked for.
 */
export const readVersions = async (client: DynamoDBClient, tableName: string, ranges: readonly VersionRange[]): Promise<StoredEvent[]> => {
  const keys = ranges.flatMap(({ streamId, fromVersion, toVersion }) =>
    Array.from({ length: Math.max(0, toVersion - fromVersion + 1) }, (_, i) => ({
      [EVENTS_TABLE.partitionKey]: { S: streamKey(streamId) },
      [EVENTS_TABLE.sortKey]: { S: eventKey(fromVersion + i) },
    })),
  );
  const found = (await batchGetAll(client, tableName, keys)).map(fromEventItem);
  const order = new Map(ranges.map((range, index) => [range.streamId, index]));
  return found.sort((a, b) => (order.get(a.streamId) ?? 0) - (order.get(b.streamId) ?? 0) || a.version - b.version);
};
