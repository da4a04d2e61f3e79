import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_CODES } from '../../domain/accounts';
import { balancesOfEvents } from '../../domain/ledger';
import { toEnvelope, type EventEnvelope } from '../../events/envelope';
import { fundIdOf } from '../../events/registry';
import { createAlertsProjection } from '../../functions/projectors/alerts';
import { readPolicyBook } from '../../functions/commands/policy-stream';
import { createBooksHandler } from '../../functions/projectors/books-handler';
import { type ConsumerConfig, createConsumerHandler, type SqsConsumerHandler } from '../../functions/projectors/consumer-handler';
import { createPositionsHandler } from '../../functions/projectors/positions-handler';
import { rebuildReadModels, streamHeads } from '../../functions/projectors/rebuild';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { createReadModelQueries, InvalidJournalCursor } from '../../functions/store/read-models/queries';
import type { StoredEvent } from '../../functions/store/types';
import { createTables } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { appendHistory, batchesOf, busBody, dumpTable, seeded, sqsRecord } from './projectors-support';

const db = useDynamoLocal();
const FUNDS = { pool: 'pool1', bridge: 'bridge1', guidance: 'guide1' };

let store: EventStore;
let stored: StoredEvent[];

const config = (readTableName: string): ConsumerConfig => ({ client: db.client, eventsTableName: db.eventsTableName, readTableName });
const consumersFor = (readTableName: string): SqsConsumerHandler[] => [
  createBooksHandler(config(readTableName)),
  createPositionsHandler(config(readTableName)),
  // The alerts projection without its judge (as a rebuild runs it): these scenarios deliver one store
  // to many read tables in different orders, and a live judge would append each order's alert
  // episodes to the one store the others read. The judge is tested in projectors-alerts.int.test.ts.
  createConsumerHandler(createAlertsProjection({ policyBook: () => readPolicyBook(store) }), config(readTableName)),
];

/** A fresh read table per delivery scenario, so scenarios can be compared item for item. */
const freshReadTable = async (name: string): Promise<string> => {
  const readTableName = `${db.readTableName}-${name}`;
  await createTables(db.client, { eventsTableName: db.eventsTableName, readTableName });
  return readTableName;
};

/** Delivers the batches to every consumer, one batch after the other, and returns all failures. */
const deliver = async (readTableName: string, batches: SQSEvent[]): Promise<string[]> => {
  const failures: string[] = [];
  for (const handler of consumersFor(readTableName)) {
    for (const batch of batches) failures.push(...(await handler(batch)).batchItemFailures.map((f) => f.itemIdentifier));
  }
  return failures;
};

const recordsOf = (events: StoredEvent[]): SQSRecord[] => events.map((e) => sqsRecord(busBody(e)));

/** Everything but the alert history, whose crossings follow arrival order (docs/projections.md). */
const orderIndependent = (dump: Record<string, unknown>[]) =>
  dump.filter((item) => item.PK !== 'ALERTS').map(({ openAlertSk: _ignored, ...rest }) => rest);

let inOrder: Record<string, unknown>[];
let inOrderTable: string;

beforeAll(async () => {
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  await appendHistory(store, 20240101, FUNDS);
  stored = [];
  for await (const head of streamHeads(db.client, db.eventsTableName)) stored.push(...(await store.readStream(head.streamId)));
  stored.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.streamId < b.streamId ? -1 : a.version - b.version));
  inOrderTable = await freshReadTable('a');
  expect(await deliver(inOrderTable, batchesOf(recordsOf(stored)))).toEqual([]);
  inOrder = await dumpTable(db.client, inOrderTable);
});

describe('projectors over a generated history of the three funds', () => {
  it('balances equal the fold of postingsFor over the store, for every fund and account', async () => {
    const queries = createReadModelQueries({ client: db.client, tableName: inOrderTable });
    const envelopes = stored.map(toEnvelope);
    for (const fundId of Object.values(FUNDS)) {
      const expected = balancesOfEvents(envelopes.filter((e) => fundIdOf(e) === fundId));
      const { accounts } = await queries.getBalances(fundId);
      expect(accounts.map((a) => a.code)).toEqual([...ACCOUNT_CODES]);
      for (const a of accounts) {
        expect({ code: a.code, debit: a.debit, credit: a.credit }).toEqual({ code: a.code, debit: expected[a.code]?.debit ?? 0n, credit: expected[a.code]?.credit ?? 0n });
      }
    }
    expect(stored.length).toBeGreaterThan(40);
  });

  it('point-in-time balances equal the fold of events dated on or before asOf', async () => {
    const queries = createReadModelQueries({ client: db.client, tableName: inOrderTable });
    const envelopes: EventEnvelope[] = stored.map(toEnvelope);
    for (const asOf of ['2024-01-01', '2024-02-06', '2024-02-29', '2023-12-31']) {
      for (const fundId of Object.values(FUNDS)) {
        const expected = balancesOfEvents(envelopes.filter((e) => fundIdOf(e) === fundId), asOf);
        const { accounts, asOf: answeredAsOf } = await queries.getBalances(fundId, asOf);
        expect(answeredAsOf).toBe(asOf);
        for (const a of accounts) expect([a.code, a.debit, a.credit]).toEqual([a.code, expected[a.code]?.debit ?? 0n, expected[a.code]?.credit ?? 0n]);
      }
    }
  });

  it('delivering every message twice leaves the read table identical', async () => {
    const table = await freshReadTable('b');
    const records = recordsOf(stored).flatMap((r) => [r, sqsRecord(r.body)]);
    expect(await deliver(table, batchesOf(records))).toEqual([]);
    expect(await dumpTable(db.client, table)).toEqual(inOrder);
  });

  it('shuffled delivery leaves books and positions identical and indicators at the same sums and levels', async () => {
    const table = await freshReadTable('c');
    const records = seeded(7).shuffle(recordsOf(stored));
    expect(await deliver(table, batchesOf(records, 7))).toEqual([]);
    expect(orderIndependent(await dumpTable(db.client, table))).toEqual(orderIndependent(inOrder));
  });

  it('concurrent shuffled batches to the same consumers converge on the same read models', async () => {
    const table = await freshReadTable('concurrent');
    const handlers = consumersFor(table);
    const rnd = seeded(11);
    // Two "workers" per consumer, each with its own shuffle, racing on the same cursors and balances.
    const runs = handlers.flatMap((handler) => [0, 1].map(async () => {
      const failures: string[] = [];
      for (const batch of batchesOf(rnd.shuffle(recordsOf(stored)), 10)) failures.push(...(await handler(batch)).batchItemFailures.map((f) => f.itemIdentifier));
      return failures;
    }));
    expect((await Promise.all(runs)).flat()).toEqual([]);
    expect(orderIndependent(await dumpTable(db.client, table))).toEqual(orderIndependent(inOrder));
  });

  it('a stream whose earlier messages were lost is caught up from the store by its last message', async () => {
    const table = await freshReadTable('lost');
    const lastOfEachStream = [...new Map(stored.map((e) => [e.streamId, e])).values()];
    expect(lastOfEachStream.length).toBeLessThan(stored.length);
    expect(await deliver(table, batchesOf(recordsOf(lastOfEachStream)))).toEqual([]);
    expect(orderIndependent(await dumpTable(db.client, table))).toEqual(orderIndependent(inOrder));
  });

  it('a poison message fails alone: only it is reported, the rest of its batch applies', async () => {
    const table = await freshReadTable('d');
    const good = recordsOf(stored);
    const unparseable = sqsRecord('{"not": "a bus event"');
    const unknownStream = sqsRecord(busBody({ streamId: 'fund-nobody', version: 1, type: 'FundCreated', occurredOn: '2024-01-01', recordedAt: '2024-01-01T00:00:00.000Z' }));
    const beyondHead = sqsRecord(busBody({ ...(stored[0] as StoredEvent), version: 999 }));
    const records = [...good.slice(0, 5), unparseable, unknownStream, beyondHead, ...good.slice(5)];
    const failures = await deliver(table, batchesOf(records, 10));
    // Each consumer reports each poison message once.
    expect([...failures].sort()).toEqual([unparseable, unknownStream, beyondHead, unparseable, unknownStream, beyondHead, unparseable, unknownStream, beyondHead].map((r) => r.messageId).sort());
    expect(await dumpTable(db.client, table)).toEqual(inOrder);
  });

  it('rebuilding from the store ends identical to live projection', async () => {
    const table = await freshReadTable('rebuild');
    // Start from a live table with a partial projection, so the rebuild has something to wipe.
    await deliver(table, batchesOf(recordsOf(stored.slice(0, 20))));
    const results = await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: table });
    expect(results.map((r) => r.consumer)).toEqual(['books', 'positions', 'alerts']);
    expect(results.find((r) => r.consumer === 'books')?.itemsDeleted).toBeGreaterThan(0);
    expect(orderIndependent(await dumpTable(db.client, table))).toEqual(orderIndependent(inOrder));
  });

  it('a rebuild replays in memory and writes in bulk: no transaction, each item once; cut short, a rerun ends identical', async () => {
    const table = await freshReadTable('rebuild-bulk');
    const client = createDynamoClient(db.endpoint);
    const calls = new Map<string, number>();
    let failBatchWrite = 3;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? '?';
        calls.set(name, (calls.get(name) ?? 0) + 1);
        // The third bulk write fails, as a dropped connection would: the rebuild stops part-written.
        if (name === 'BatchWriteItemCommand' && --failBatchWrite === 0) throw new Error('connection reset');
        return next(args);
      },
      { step: 'initialize', name: 'countAndCut' },
    );
    try {
      await expect(rebuildReadModels({ client, eventsTableName: db.eventsTableName, readTableName: table, writeConcurrency: 1 })).rejects.toThrow('connection reset');
      calls.clear();
      const results = await rebuildReadModels({ client, eventsTableName: db.eventsTableName, readTableName: table });
      expect(orderIndependent(await dumpTable(db.client, table))).toEqual(orderIndependent(inOrder));
      expect(calls.get('TransactWriteItemsCommand') ?? 0).toBe(0);
      expect(calls.get('GetItemCommand') ?? 0).toBe(0);
      // Every item of the table is one rebuilt item (read models and cursors), written once.
      expect(results.reduce((sum, r) => sum + r.itemsWritten, 0)).toBe((await dumpTable(db.client, table)).length);
      expect(results.every((r) => r.eventsApplied === stored.length)).toBe(true);
    } finally {
      client.destroy();
    }
  });
});

describe('read-model queries over the projected history', () => {
  it('lists the three funds with their cash (1001 debit − credit)', async () => {
    const queries = createReadModelQueries({ client: db.client, tableName: inOrderTable });
    const funds = await queries.listFunds();
    expect(funds.map((f) => f.fundId).sort()).toEqual(Object.values(FUNDS).sort());
    for (const fund of funds) {
      const cash = (await queries.getBalances(fund.fundId)).accounts.find((a) => a.code === '1001');
      expect(fund.cash).toBe((cash?.debit ?? 0n) - (cash?.credit ?? 0n));
      expect(fund.cash).toBeGreaterThan(0n);
    }
    expect((await queries.getFund(FUNDS.bridge))?.kind).toBe('bridge-fund');
    expect(await queries.getFund('nobody')).toBeUndefined();
  });

  it('pages through the journal in business-date order without losing or repeating a line', async () => {
    const queries = createReadModelQueries({ client: db.client, tableName: inOrderTable });
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await queries.listJournal(FUNDS.pool, { limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const expectedLines = stored.filter((e) => e.streamId.includes('pool1')).map(toEnvelope).flatMap((e) => e.type === 'FundCreated' ? [] : [e]);
    const keys = all.map((l) => `${l.streamId}@${l.version}#${l.line}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.map((l) => l.occurredOn)).toEqual([...all.map((l) => l.occurredOn)].sort());
    const debits = all.reduce((s, l) => s + (l.account.startsWith('9') ? 0n : l.debit - l.credit), 0n);
    expect(debits).toBe(0n); // every non-memo entry balances, so the whole journal does
    expect(expectedLines.length).toBeGreaterThan(0);
    const feb = await queries.listJournal(FUNDS.bridge, { from: '2024-02-01', to: '2024-02-06', limit: 100 });
    expect(feb.items.every((l) => l.occurredOn >= '2024-02-01' && l.occurredOn <= '2024-02-06')).toBe(true);
    await expect(queries.listJournal(FUNDS.bridge, { limit: 3, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidJournalCursor);
  });

  it('positions follow each lifecycle: guarantees, bridge loans and commitments', async () => {
    const queries = createReadModelQueries({ client: db.client, tableName: inOrderTable });
    const guarantees = await queries.listGuarantees(FUNDS.pool);
    const issued = stored.filter((e) => e.type === 'GuaranteeIssued').length;
    expect(guarantees).toHaveLength(issued);
    const defaulted = stored.filter((e) => e.type === 'GuaranteeDefaulted').length;
    expect(await queries.listGuarantees(FUNDS.pool, { status: 'defaulted' })).toHaveLength(defaulted);
    for (const g of guarantees) expect(g.feesCollected).toBe(g.principal / 100n);
    expect((await queries.listGuarantees(FUNDS.pool, { county: 'linqing' })).every((g) => g.borrower.county === 'linqing')).toBe(true);

    const loans = await queries.listBridgeLoans(FUNDS.bridge);
    expect(loans).toHaveLength(stored.filter((e) => e.type === 'BridgeLoanGranted').length);
    expect(await queries.listBridgeLoans(FUNDS.bridge, { status: 'repaid' })).toHaveLength(stored.filter((e) => e.type === 'BridgeLoanSettled').length);
    const first = loans[0];
    if (first !== undefined) expect(await queries.getBridgeLoan(FUNDS.bridge, first.loanId)).toEqual(first);

    for (const c of await queries.listCommitments(FUNDS.guidance)) {
      expect(c.unfunded).toBe(c.committed - c.called);
      expect(c.called).toBe(c.calls.reduce((s, call) => s + call.amount, 0n));
      expect(c.paidIn).toBe(c.calls.filter((call) => call.paidOn !== undefined).reduce((s, call) => s + call.amount, 0n));
    }
    expect(await queries.getGuarantee(FUNDS.pool, 'nope')).toBeUndefined();
  });

  it('cursors stand at every stream head', async () => {
    const queries = createReadModelQueries({ client: db.client, tableName: inOrderTable });
    for await (const head of streamHeads(db.client, db.eventsTableName)) {
      expect(await queries.getCursor('books', head.streamId)).toBe(head.version);
    }
  });
});
