// The upgrade of single-city data to the cities layout (functions/store/city-migration.ts, issue 24
// §1) on DynamoDB Local with the real SDK. The old layout is what the release before cities wrote:
// the same write path (event store, projectors' rebuild, month end) through the UNSCOPED client, so
// every key is unprefixed, and no event item carries a city. Before the migration the chains, the
// month end of October 2026 and the read models' answers are recorded through the unscoped client
// (as the old release read them); after it, the same questions inside liaocheng's scope through the
// scoped client answer the same, a second run changes nothing, a run killed mid-copy or mid-delete is
// finished by the next one, and a conflict in the city's range stops the run before it writes.
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CITY } from '../../events/cities';
import { type MonthEndSummary, runMonthEnd } from '../../functions/month-end/reconcile';
import type { FundMonthReport } from '../../functions/month-end/report-schema';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { withCity } from '../../functions/shared/city-scope';
import { type CityMigration, type CityMigrationOptions, cityCopyOf, migrateToCity } from '../../functions/store/city-migration';
import { createDynamoClient, createRawDynamoClient } from '../../functions/store/dynamo-client';
import type { Item } from '../../functions/store/event-item';
import { createEventStore } from '../../functions/store/event-store';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { readAllStreamHeads, scanAllItems, scanItems } from '../../functions/store/scan';
import { createTables } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { FUNDS, MONTH, appendMonthHistory } from './month-end-history';

const db = useDynamoLocal();
const CITY = DEFAULT_CITY;

interface Tables {
  eventsTableName: string;
  readTableName: string;
}

const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Items by key, each serialised with its attributes sorted, in key order: tables compare whole. */
const byKey = (items: Item[]): Map<string, string> =>
  new Map(
    items
      .map((item): [string, string] => [`${item.PK?.S}|${item.SK?.S}`, JSON.stringify(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

const contents = async (client: DynamoDBClient, tableName: string): Promise<Map<string, string>> =>
  byKey(await scanAllItems(client, { TableName: tableName, ConsistentRead: true }, 2));

/** The file's unscoped view of the tables: every key as stored. */
let rawClient: DynamoDBClient | undefined;
const rawView = (): DynamoDBClient => (rawClient ??= createRawDynamoClient(db.endpoint));
afterAll(() => rawClient?.destroy());

const everything = async (tables: Tables): Promise<{ read: Map<string, string>; events: Map<string, string> }> => ({
  read: await contents(rawView(), tables.readTableName),
  events: await contents(rawView(), tables.eventsTableName),
});

/**
 * A store as the release before cities left it: October's history appended, the read models
 * projected and October's month end run, all through the unscoped client (no key has a city), and
 * no event item carrying a `city` (the old release wrote none).
 */
const buildSingleCityStore = async (raw: DynamoDBClient, tables: Tables): Promise<MonthEndSummary> => {
  const store = createEventStore({ client: raw, tableName: tables.eventsTableName });
  await appendMonthHistory(store);
  await rebuildReadModels({ client: raw, ...tables });
  const monthEnd = await runMonthEnd(monthEndDeps(raw, tables), { month: MONTH, runId: 'before-the-upgrade' });
  for (const item of await scanAllItems(raw, { TableName: tables.eventsTableName, ConsistentRead: true }, 2)) {
    if (item.city === undefined) continue;
    await raw.send(new UpdateItemCommand({ TableName: tables.eventsTableName, Key: { PK: item.PK ?? { S: '' }, SK: item.SK ?? { S: '' } }, UpdateExpression: 'REMOVE city' }));
  }
  return monthEnd;
};

const monthEndDeps = (client: DynamoDBClient, tables: Tables) => ({
  store: createEventStore({ client, tableName: tables.eventsTableName }),
  queries: createReadModelQueries({ client, tableName: tables.readTableName }),
  reports: createReconciliationReports({ client, tableName: tables.readTableName }),
});

/** The figures of a month-end report that must not depend on when it ran (as the restore drill compares them). */
const figures = (report: FundMonthReport): string =>
  json({ fundId: report.fundId, accounts: report.accounts, trialBalance: report.trialBalance, eventsInMonth: report.eventsInMonth, matched: report.bank.matchedTotal, positions: report.positions });

/** What the books say through `client`: every chain's verdict, October's stored reports, and the read models' answers. */
const theBooks = async (client: DynamoDBClient, tables: Tables) => {
  const store = createEventStore({ client, tableName: tables.eventsTableName });
  const queries = createReadModelQueries({ client, tableName: tables.readTableName });
  const heads = await readAllStreamHeads(client, tables.eventsTableName);
  const chains = await Promise.all(heads.map(async ({ streamId }) => ({ streamId, verdict: await store.verifyStream(streamId) })));
  const reports = await createReconciliationReports({ client, tableName: tables.readTableName }).listMonth(MONTH);
  const answers: Record<string, string> = { funds: json(await queries.listFunds()), alerts: json(await queries.listAlerts()) };
  for (const fundId of Object.values(FUNDS)) {
    answers[`${fundId} fund`] = json(await queries.getFund(fundId));
    answers[`${fundId} balances`] = json(await queries.getBalances(fundId));
    answers[`${fundId} balances mid-month`] = json(await queries.getBalances(fundId, `${MONTH}-15`));
    answers[`${fundId} journal`] = json(await queries.listJournal(fundId, { from: `${MONTH}-01`, to: `${MONTH}-31`, limit: 500 }));
  }
  answers.guarantees = json(await queries.listGuarantees(FUNDS.pool));
  answers.loans = json(await queries.listBridgeLoans(FUNDS.bridge));
  answers.commitments = json(await queries.listCommitments(FUNDS.guidance));
  return { chains, reports: reports.map(figures), answers };
};

/** A fresh pair of tables on the file's DynamoDB Local. */
let tableCount = 0;
const freshTables = async (): Promise<Tables> => {
  tableCount++;
  return createTables(db.client, { eventsTableName: `${db.eventsTableName}-${tableCount}`, readTableName: `${db.readTableName}-${tableCount}` });
};

/** Items of a table without a city prefix. */
const originals = async (tableName: string): Promise<Item[]> =>
  (await scanAllItems(rawView(), { TableName: tableName, ConsistentRead: true }, 2)).filter((item) => item.PK?.S?.startsWith('C#') !== true);

/** A raw client whose `command` fails after `allowed` calls of it, as a run killed there would stop. */
const failingAfter = (command: string, allowed: number): DynamoDBClient => {
  const client = createRawDynamoClient(db.endpoint);
  let calls = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command && ++calls > allowed) throw new Error(`injected: the run dies at ${command} #${calls}`);
      return next(args);
    },
    { step: 'initialize', name: 'injectFailure' },
  );
  return client;
};

const migrate = (raw: DynamoDBClient, tables: Tables, options: Partial<CityMigrationOptions> = {}): Promise<CityMigration> =>
  migrateToCity({ raw, scoped: createDynamoClient(db.endpoint), ...tables, city: CITY, segments: 3, ...options });

/** One write at a time, so an injected failure stops the run at exactly that write. */
const oneAtATime = { segments: 1, concurrency: 1 };

describe('migrating single-city data to liaocheng', () => {
  it('keeps the chains, the month end and every read-model answer, then a second run changes nothing', async () => {
    const tables = await freshTables();
    const raw = createRawDynamoClient(db.endpoint);
    const monthEndBefore = await buildSingleCityStore(raw, tables);
    const before = await theBooks(raw, tables);
    expect(before.chains.length).toBeGreaterThan(20);
    expect(before.chains.every(({ verdict }) => verdict.ok)).toBe(true);
    expect(before.reports).toHaveLength(3);
    const originalEvents = await originals(tables.eventsTableName);
    const originalRead = await originals(tables.readTableName);

    const outcome = await migrate(raw, tables);

    expect(outcome.status).toBe('migrated');
    expect(outcome.tables.read).toMatchObject({ originals: originalRead.length, copied: originalRead.length, alreadyCopied: 0, deleted: originalRead.length, conflicts: [], mismatches: [] });
    expect(outcome.tables.events).toMatchObject({ originals: originalEvents.length, copied: originalEvents.length, alreadyCopied: 0, deleted: originalEvents.length });
    expect(outcome.chains).toEqual({ streams: before.chains.length, broken: [] });
    expect(outcome.cityItems).toEqual({ read: originalRead.length, events: originalEvents.length });
    // Every item is its original with the city prefix (and, on events, the city), nothing else changed.
    const after = await everything(tables);
    expect(after.events).toEqual(byKey(originalEvents.map((item) => cityCopyOf(item, CITY))));
    expect(after.read).toEqual(byKey(originalRead.map((item) => cityCopyOf(item, CITY))));

    // Inside liaocheng's scope the scoped client sees the old books exactly.
    const scoped = createDynamoClient(db.endpoint);
    const inCity = await withCity(CITY, () => theBooks(scoped, tables));
    expect(inCity).toEqual(before);
    // Month end run again on the migrated store reproduces October figure for figure.
    const rerun = await withCity(CITY, () => runMonthEnd(monthEndDeps(scoped, tables), { month: MONTH, runId: 'after-the-upgrade' }));
    // (No bank statement was loaded, so both runs find the same unmatched cash movements.)
    const verdicts = (summary: MonthEndSummary) => ({ discrepancies: summary.discrepancyCount, funds: summary.funds.map(({ fundId, clean, discrepancyCount }) => ({ fundId, clean, discrepancyCount })), eventsInMonth: summary.eventsInMonth });
    expect(verdicts(rerun)).toEqual(verdicts(monthEndBefore));
    expect((await withCity(CITY, () => createReconciliationReports({ client: scoped, tableName: tables.readTableName }).listMonth(MONTH))).map(figures)).toEqual(before.reports);
    // Outside any city's key range the old release's view is empty: nothing was left behind.
    expect(await originals(tables.eventsTableName)).toEqual([]);
    expect(await originals(tables.readTableName)).toEqual([]);

    const untouched = await everything(tables);
    const second = await migrate(raw, tables);
    expect(second.status).toBe('already-migrated');
    expect(second.tables.events).toMatchObject({ originals: 0, copied: 0, deleted: 0 });
    expect(await everything(tables)).toEqual(untouched);
    raw.destroy();
    scoped.destroy();
  }, 120_000);

  it('finishes a run killed mid-copy or mid-delete when run again, deleting nothing before every copy is checked', async () => {
    const tables = await freshTables();
    const raw = createRawDynamoClient(db.endpoint);
    await buildSingleCityStore(raw, tables);
    const before = await theBooks(raw, tables);
    const originalRead = await originals(tables.readTableName);
    const originalEvents = await originals(tables.eventsTableName);

    // Killed after 40 copies: some copies written, no original deleted, the old release still reads everything.
    await expect(migrate(failingAfter('PutItemCommand', 40), tables, oneAtATime)).rejects.toThrow(/injected/);
    expect(await originals(tables.readTableName)).toHaveLength(originalRead.length);
    expect(await originals(tables.eventsTableName)).toHaveLength(originalEvents.length);
    expect(await theBooks(raw, tables)).toEqual(before);

    // Killed at the second batch of deletes (all copies in place by then).
    await expect(migrate(failingAfter('BatchWriteItemCommand', 1), tables, oneAtATime)).rejects.toThrow(/injected/);
    const left = (await originals(tables.readTableName)).length + (await originals(tables.eventsTableName)).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(originalRead.length + originalEvents.length);

    const finished = await migrate(raw, tables);
    expect(finished.status).toBe('migrated');
    expect(finished.tables.read.copied + finished.tables.events.copied).toBe(0);
    expect(finished.tables.read.deleted + finished.tables.events.deleted).toBe(left);
    expect(finished.cityItems).toEqual({ read: originalRead.length, events: originalEvents.length });
    const scoped = createDynamoClient(db.endpoint);
    expect(await withCity(CITY, () => theBooks(scoped, tables))).toEqual(before);
    raw.destroy();
    scoped.destroy();
  }, 120_000);

  it('stops before writing anything when liaocheng already holds something else at a key it needs', async () => {
    const tables = await freshTables();
    const raw = createRawDynamoClient(db.endpoint);
    await buildSingleCityStore(raw, tables);
    // A head the new release wrote for liaocheng before the upgrade ran (its writers were not stopped).
    const squatter = { PK: { S: `C#${CITY}#S#fund-${FUNDS.pool}` }, SK: { S: 'HEAD' }, streamId: { S: `fund-${FUNDS.pool}` }, version: { N: '1' }, lastHash: { S: 'f'.repeat(64) }, updatedAt: { S: '2026-12-07T00:00:00.000Z' } };
    await raw.send(new PutItemCommand({ TableName: tables.eventsTableName, Item: squatter }));
    const held = await everything(tables);

    const stopped = await migrate(raw, tables);
    expect(stopped.status).toBe('stopped');
    expect(stopped.tables.events.conflicts).toEqual([`C#${CITY}#S#fund-${FUNDS.pool} HEAD`]);
    expect(await everything(tables)).toEqual(held);

    await raw.send(new DeleteItemCommand({ TableName: tables.eventsTableName, Key: { PK: squatter.PK, SK: squatter.SK } }));
    expect((await migrate(raw, tables)).status).toBe('migrated');
    raw.destroy();
  }, 120_000);

  it('lets a city\'s scan page past the originals and other cities\' items (the check runs with both in the table)', async () => {
    const tables = await freshTables();
    const raw = createRawDynamoClient(db.endpoint);
    const item = (pk: string, n: number): Item => ({ PK: { S: pk }, SK: { S: `E#${n}` } });
    // Interleaved in key order, so most pages of one item end on an item the city's filter drops.
    for (let n = 0; n < 12; n++) {
      for (const pk of ['S#fund-a', `C#${CITY}#S#fund-a`, 'C#jinan#S#fund-a']) await raw.send(new PutItemCommand({ TableName: tables.eventsTableName, Item: item(pk, n) }));
    }
    const scoped = createDynamoClient(db.endpoint);
    const seen = await withCity(CITY, async () => {
      const keys: string[] = [];
      for await (const found of scanItems(scoped, { TableName: tables.eventsTableName, Limit: 1 })) keys.push(`${found.PK?.S} ${found.SK?.S}`);
      return keys.sort();
    });
    expect(seen).toEqual(Array.from({ length: 12 }, (_, n) => `S#fund-a E#${n}`).sort());
    raw.destroy();
    scoped.destroy();
  });

  it('counts without writing on a dry run', async () => {
    const tables = await freshTables();
    const raw = createRawDynamoClient(db.endpoint);
    await buildSingleCityStore(raw, tables);
    const held = await everything(tables);
    const counted = await migrateToCity({ raw, scoped: createDynamoClient(db.endpoint), ...tables, city: CITY, dryRun: true });
    expect(counted.status).toBe('dry-run');
    expect(counted.tables.events.originals).toBe(held.events.size);
    expect(counted.tables.read.originals).toBe(held.read.size);
    expect(await everything(tables)).toEqual(held);
    raw.destroy();
  }, 120_000);
});
