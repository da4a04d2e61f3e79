// The "duplicated and reordered deliveries" fault (issue 13 §2): every stored event delivered
// again to every consumer, each several times, in a shuffled order, in SQS batches — as an
// at-least-once bus may. The read models must not move by one item.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAlertsHandler } from '../../functions/projectors/alerts-handler';
import { createBooksHandler } from '../../functions/projectors/books-handler';
import { createPositionsHandler } from '../../functions/projectors/positions-handler';
import { streamHeads } from '../../functions/projectors/rebuild';
import { CONSUMERS, matches, ROUTES } from '../../functions/shared/routing';
import { createEventStore } from '../../functions/store/event-store';
import { batchesOf, busBody, seeded, sqsRecord } from '../integration/projectors-support';
import { ownedItems } from './book-checks';

export interface RedeliveryResult {
  messages: number;
  failures: number;
  /** Projector-owned read-model items that differ after the redelivery (must be 0). */
  changedItems: number;
  /** A few of them, before and after, for the failure message. */
  samples: string[];
}

export const redeliverEverything = async (
  tables: { client: DynamoDBClient; eventsTableName: string; readTableName: string },
  options: { copies?: number; seed?: number } = {},
): Promise<RedeliveryResult> => {
  const { client, eventsTableName, readTableName } = tables;
  const store = createEventStore({ client, tableName: eventsTableName });
  const bodies: string[] = [];
  for await (const head of streamHeads(client, eventsTableName)) {
    if (head.version > 0) for (const event of await store.readStream(head.streamId)) bodies.push(busBody(event));
  }
  const copies = options.copies ?? 2;
  const records = seeded(options.seed ?? 13).shuffle(Array.from({ length: copies }, () => bodies).flat().map(sqsRecord));
  const before = await ownedItems(client, readTableName);
  const config = { client, eventsTableName, readTableName };
  const handlers = { books: createBooksHandler(config), positions: createPositionsHandler(config), alerts: createAlertsHandler(config) };
  let failures = 0;
  let messages = 0;
  for (const consumer of CONSUMERS) {
    // What the bus rule would route to this consumer, as the real flow does.
    const routed = records.filter((record) => matches(ROUTES[consumer], JSON.parse(record.body) as { source: string; 'detail-type': string }));
    messages += routed.length;
    for (const batch of batchesOf(routed, 10)) failures += (await handlers[consumer](batch)).batchItemFailures.length;
  }
  const after = await ownedItems(client, readTableName);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key));
  const samples = changed.slice(0, 5).map((key) => `${key}: ${before.get(key)?.slice(0, 300) ?? 'absent'} → ${after.get(key)?.slice(0, 300) ?? 'absent'}`);
  return { messages, failures, changedItems: changed.length, samples };
};
