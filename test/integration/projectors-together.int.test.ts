// The books and positions consumers commit a batch's streams together (cursor-projector.ts
// projectTogether): one transaction for many streams, each cursor conditioned on its old value, and
// on any cancellation the per-stream path. These tests count the transactions to see which path ran.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooksHandler } from '../../functions/projectors/books-handler';
import { createPositionsHandler } from '../../functions/projectors/positions-handler';
import { streamHeads } from '../../functions/projectors/rebuild';
import type { SqsConsumerHandler } from '../../functions/projectors/consumer-handler';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import type { StoredEvent } from '../../functions/store/types';
import { createTables } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { appendToFundAt, capitalInjected, foldCash, fundCreated, testMeta } from '../support/flow-events';
import { appendHistory, batchesOf, busBody, dumpTable, sqsRecord } from './projectors-support';

const db = useDynamoLocal();
const FUNDS = ['t1', 't2', 't3', 't4'];

let store: EventStore;
/** A client of its own, counting TransactWriteItems calls (and how many were cancelled) and PutItem calls. */
let counted: DynamoDBClient;
const transactions = { sent: 0, cancelled: 0, puts: 0 };

let tableCounter = 0;
const freshReadTable = async (): Promise<string> => {
  const readTableName = `${db.readTableName}-${++tableCounter}`;
  await createTables(db.client, { eventsTableName: db.eventsTableName, readTableName });
  return readTableName;
};
const booksHandler = (readTableName: string): SqsConsumerHandler => createBooksHandler({ client: counted, eventsTableName: db.eventsTableName, readTableName });
const batchOf = (events: readonly StoredEvent[]) => ({ Records: events.map((e) => sqsRecord(busBody(e))) });
const eventsAt = async (version: number): Promise<StoredEvent[]> => (await Promise.all(FUNDS.map((f) => store.readStream(`fund-${f}`, { fromVersion: version, toVersion: version })))).flat();
const failuresOf = async (handler: SqsConsumerHandler, events: readonly StoredEvent[]): Promise<string[]> =>
  (await handler(batchOf(events))).batchItemFailures.map((f) => f.itemIdentifier);

const expectBooksEqualTheStore = async (readTableName: string): Promise<void> => {
  const queries = createReadModelQueries({ client: db.client, tableName: readTableName });
  for (const fundId of FUNDS) expect((await queries.getFund(fundId))?.cash).toBe(await foldCash(store, fundId));
};

beforeAll(async () => {
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  counted = createDynamoClient(db.endpoint);
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutItemCommand') transactions.puts += 1;
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      transactions.sent += 1;
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') transactions.cancelled += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'countTransactions' },
  );
  for (const fundId of FUNDS) {
    await store.append([{ streamId: `fund-${fundId}`, expectedVersion: 0, events: [fundCreated(fundId)] }], { meta: testMeta });
    for (let version = 2; version <= 4; version++) await appendToFundAt(store, fundId, version, capitalInjected(fundId, BigInt(version) * 100n, `${fundId}-${version}`));
  }
});

afterAll(() => counted.destroy());

describe('books: a batch of several streams in one transaction', () => {
  it('commits the streams of a batch together, and a second delivery of it writes nothing', async () => {
    const table = await freshReadTable();
    const handler = booksHandler(table);
    expect(await failuresOf(handler, await eventsAt(1))).toEqual([]);
    const sent = transactions.sent;
    // v2 and v3 of every stream: four streams, gaps of two, one transaction.
    const batch = [...(await eventsAt(2)), ...(await eventsAt(3))];
    expect(await failuresOf(handler, batch)).toEqual([]);
    expect(transactions.sent - sent).toBe(1);
    const once = await dumpTable(db.client, table);
    // The same messages again (SQS delivers at least once), shuffled: duplicates, no transaction.
    expect(await failuresOf(handler, [...batch].reverse())).toEqual([]);
    expect(transactions.sent - sent).toBe(1);
    expect(await dumpTable(db.client, table)).toEqual(once);
  });

  it('a message ahead of its predecessors catches their versions up in the same transaction', async () => {
    const table = await freshReadTable();
    const handler = booksHandler(table);
    expect(await failuresOf(handler, await eventsAt(1))).toEqual([]);
    // Only v4 of each stream is delivered, before v2 and v3; those arrive afterwards as duplicates.
    expect(await failuresOf(handler, await eventsAt(4))).toEqual([]);
    expect(await failuresOf(handler, [...(await eventsAt(3)), ...(await eventsAt(2))])).toEqual([]);
    await expectBooksEqualTheStore(table);
  });

  it('a cursor moved by another worker cancels the shared transaction, and each stream then lands exactly once', async () => {
    const table = await freshReadTable();
    const first = booksHandler(table);
    const other = booksHandler(table);
    expect(await failuresOf(first, await eventsAt(1))).toEqual([]);
    // The other worker applies t2's v2: `first` still believes t2's cursor is at 1.
    const [t2v2] = (await eventsAt(2)).filter((e) => e.streamId === 'fund-t2');
    expect(await failuresOf(other, [t2v2 as StoredEvent])).toEqual([]);
    const cancelled = transactions.cancelled;
    const sent = transactions.sent;
    expect(await failuresOf(first, await eventsAt(2))).toEqual([]);
    // The shared transaction was cancelled by t2's cursor; t1, t3 and t4 then went one by one.
    expect(transactions.cancelled - cancelled).toBe(1);
    expect(transactions.sent - sent).toBe(1 + 3);
    expect(await failuresOf(first, [...(await eventsAt(3)), ...(await eventsAt(4))])).toEqual([]);
    await expectBooksEqualTheStore(table);
  });

  it('a poison message in a batch fails alone while the other streams still land', async () => {
    const table = await freshReadTable();
    const handler = booksHandler(table);
    expect(await failuresOf(handler, await eventsAt(1))).toEqual([]);
    const good = await eventsAt(2);
    const beyondHead = sqsRecord(busBody({ ...(good[0] as StoredEvent), version: 99 }));
    const answer = await handler({ Records: [...batchOf(good).Records, beyondHead] });
    expect(answer.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([beyondHead.messageId]);
    expect(await failuresOf(handler, [...(await eventsAt(3)), ...(await eventsAt(4))])).toEqual([]);
    await expectBooksEqualTheStore(table);
  });
});

describe('positions: a batch of several streams in one read and one transaction', () => {
  const positionsOf = (dump: Record<string, unknown>[]) => dump.filter((item) => !String(item.PK).startsWith('CURSOR#'));

  it('ends where one message at a time ends, in fewer transactions than streams; a second delivery writes nothing', async () => {
    await appendHistory(store, 20240202, { pool: 'ppool', bridge: 'pbridge', guidance: 'pguide' });
    const stored: StoredEvent[] = [];
    for await (const head of streamHeads(db.client, db.eventsTableName)) stored.push(...(await store.readStream(head.streamId)));
    stored.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.streamId < b.streamId ? -1 : a.version - b.version));
    const records = stored.map((event) => sqsRecord(busBody(event)));

    const oneByOne = await freshReadTable();
    const single = createPositionsHandler({ client: db.client, eventsTableName: db.eventsTableName, readTableName: oneByOne });
    for (const record of records) expect((await single({ Records: [record] })).batchItemFailures).toEqual([]);

    const together = await freshReadTable();
    const batched = createPositionsHandler({ client: counted, eventsTableName: db.eventsTableName, readTableName: together });
    const sent = transactions.sent;
    for (const batch of batchesOf(records)) expect((await batched(batch)).batchItemFailures).toEqual([]);
    const positions = positionsOf(await dumpTable(db.client, together));
    expect(positions).toEqual(positionsOf(await dumpTable(db.client, oneByOne)));
    const streamsWithPositions = new Set(positions.map((item) => `${String(item.PK)}|${String(item.SK)}`)).size;
    expect(streamsWithPositions).toBeGreaterThanOrEqual(10);
    // Each batch of ten messages in one transaction (a few more where a batch holds one stream's versions twice).
    expect(transactions.sent - sent).toBeLessThanOrEqual(Math.ceil(records.length / 10) + 5);
    expect(transactions.sent - sent).toBeLessThan(streamsWithPositions);

    const once = await dumpTable(db.client, together);
    const again = transactions.sent;
    for (const batch of batchesOf(records)) expect((await batched(batch)).batchItemFailures).toEqual([]);
    expect(transactions.sent - again).toBe(0);
    expect(await dumpTable(db.client, together)).toEqual(once);
  });

  it('moves a cursor past events without effects with one conditional PutItem, not a transaction', async () => {
    const table = await freshReadTable();
    const handler = createPositionsHandler({ client: counted, eventsTableName: db.eventsTableName, readTableName: table });
    const [created] = (await eventsAt(1)).filter((e) => e.streamId === 'fund-t1');
    const sent = transactions.sent;
    const puts = transactions.puts;
    expect(await failuresOf(handler, [created as StoredEvent])).toEqual([]);
    expect(transactions.sent - sent).toBe(0);
    expect(transactions.puts - puts).toBe(1);
    expect(await createReadModelQueries({ client: db.client, tableName: table }).getCursor('positions', 'fund-t1')).toBe(1);
    // Its condition holds the cursor as a transaction's would: a second delivery is a duplicate.
    expect(await failuresOf(handler, [created as StoredEvent])).toEqual([]);
    expect(transactions.puts - puts).toBe(1);
  });
});
