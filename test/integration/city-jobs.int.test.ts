// Issue 24 §1 and §3 on DynamoDB Local: two cities with data side by side in one pair of tables
// (liaocheng and jinan, the same fund ids, different histories). Month end runs for both and a third
// city without data is skipped; a city whose month end fails does not stop the other; seals are
// written per city and day (<DATA_DIR>/seals/<city>/…) and verified per city, as are the archives and
// the restore drill; tampering with one city's chain is reported for that city only, by the seal
// verification, the next seal, month end and `npm run verify -- --all-cities`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityId } from '../../events/cities';
import { streamIds } from '../../events/stream-ids';
import { archiveDepsFromEnv } from '../../functions/archive/context';
import { verifyArchive } from '../../functions/archive/verify-archive';
import { archiveJob } from '../../functions/jobs/archive-job';
import { cityHasFunds } from '../../functions/jobs/city-has-data';
import { runPerCity } from '../../functions/jobs/city-fan-out';
import { monthEndJob } from '../../functions/jobs/month-end';
import { monthEndDeps as depsOf } from '../../functions/month-end/context';
import type { MonthEndSummary } from '../../functions/month-end/reconcile';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { runRestoreDrill } from '../../functions/restore/restore-drill';
import { sealDepsFromEnv, sealStoreFromEnv } from '../../functions/seal/context';
import { sealDay } from '../../functions/seal/daily-seal';
import { verifySealOf } from '../../functions/seal/verify-seal';
import { currentCity, withCity } from '../../functions/shared/city-scope';
import { eventsTableDefinition, readTableDefinition } from '../../functions/shared/tables';
import { toEventItem } from '../../functions/store/event-item';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { createEventStore } from '../../functions/store/event-store';
import { scanAllItems } from '../../functions/store/scan';
import { GENESIS_HASH, eventHash } from '../../functions/store/hash';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { copyTable } from '../../infra/local/copy-table';
import { ensureTable } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { FUNDS, MONTH, appendMonthHistory } from './month-end-history';

const db = useDynamoLocal();
const SEAL_DATE = `${MONTH}-31`;
const CITIES: CityId[] = ['liaocheng', 'jinan'];
/** Each city's history: the same generator with another seed, so the two cities' figures differ. */
const SEEDS: Record<string, number> = { liaocheng: 7, jinan: 11 };

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'city-jobs-'));
  env = { ...process.env, DATA_DIR: dir, EVENTS_TABLE_NAME: db.eventsTableName, READ_TABLE_NAME: db.readTableName };
  delete env.SEAL_BUCKET_NAME;
  delete env.ARCHIVE_BUCKET_NAME;
  for (const city of CITIES) {
    await withCity(city, async () => {
      await appendMonthHistory(createEventStore({ client: db.client, tableName: db.eventsTableName }), SEEDS[city]);
      await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    });
  }
});

afterAll(() => {
  // The seals and archives are read-only files in writable directories: rm removes them.
  rmSync(dir, { recursive: true, force: true });
});

const seals = () => sealStoreFromEnv(env);
/** `npm run verify -- …` against this file's DynamoDB Local and data directory. */
const verify = (...args: string[]): { status: number | null; out: string } => {
  const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/verify.ts', ...args, '--endpoint', db.endpoint], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
};
const monthEndDeps = () => depsOf({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName }, { seals: seals() });
const hasData = () => cityHasFunds(db.client, db.readTableName);
/** Event items in the client's range: a city's (city-scoped client) or every city's (raw client). */
const eventItemCount = async (client: typeof db.client): Promise<number> =>
  (await scanAllItems(client, { TableName: db.eventsTableName, ConsistentRead: true }, 2)).filter((item) => item.SK?.S?.startsWith('E#') === true).length;
/** The current city's events of the month, through the month index. */
const monthEventCount = async (): Promise<number> => {
  let n = 0;
  for await (const _ of createEventStore({ client: db.client, tableName: db.eventsTableName }).readMonth(MONTH)) n++;
  return n;
};
/** A city's stored month-end reports of the month. */
const reportsOf = (city: CityId) => withCity(city, () => createReconciliationReports({ client: db.client, tableName: db.readTableName }).listMonth(MONTH));

describe('seals per city and day', () => {
  it("writes each city's seal of the day under its city, each over that city's streams only, and each verifies", async () => {
    const results = await Promise.all(CITIES.map((city) => withCity(city, () => sealDay({ ...sealDepsFromEnv(env, db.client), now: () => new Date('2026-10-31T16:05:00Z') }, SEAL_DATE))));
    for (const city of CITIES) expect(existsSync(path.join(dir, 'seals', city, '2026', `${SEAL_DATE}.json`)), city).toBe(true);
    expect(existsSync(path.join(dir, 'seals', '2026'))).toBe(false);
    expect(results.map((r) => r.status)).toEqual(['written', 'written']);
    // The same stream ids in both cities (the same fund ids), but not the same events: different roots.
    expect(results[0]?.streams).toBe(results[1]?.streams);
    expect(results[0]?.root).not.toBe(results[1]?.root);
    for (const city of CITIES) {
      const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
      expect(await withCity(city, () => verifySealOf({ store, seals: seals() }, SEAL_DATE)), city).toMatchObject({ ok: true, mismatches: [], sealProblems: [] });
    }
    // A city without data has no seal.
    expect(await withCity('heze', () => seals().get(SEAL_DATE))).toBeUndefined();
  });
});

describe('month end for every city', () => {
  it('runs once per city with data, each reconciling its own funds, and skips a city without', async () => {
    const run = await runPerCity({ month: MONTH }, (payload) => monthEndJob(payload, monthEndDeps()), { cities: [...CITIES, 'heze'], hasData });
    if (run.action !== 'every-city') throw new Error(`unexpected ${run.action}`);
    expect(run.outcomes.map((o) => [o.city, o.status])).toEqual([['liaocheng', 'done'], ['jinan', 'done'], ['heze', 'skipped']]);
    for (const outcome of run.outcomes.slice(0, 2)) {
      const summary = (outcome as { result: MonthEndSummary }).result;
      expect(summary.funds.map((f) => f.fundId).sort()).toEqual([FUNDS.bridge, FUNDS.guidance, FUNDS.pool].sort());
      expect(summary.streamsVerified, outcome.city).toBeGreaterThan(10);
      expect(summary.seals).toMatchObject({ ok: true, dates: [SEAL_DATE] });
    }
    const [liaocheng, jinan] = [await reportsOf('liaocheng'), await reportsOf('jinan')];
    expect(liaocheng).toHaveLength(3);
    expect(jinan).toHaveLength(3);
    const pool = (reports: typeof liaocheng) => JSON.stringify(reports.find((r) => r.fundId === FUNDS.pool)?.accounts, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(pool(liaocheng)).not.toBe(pool(jinan));
    expect(await withCity('heze', () => createReconciliationReports({ client: db.client, tableName: db.readTableName }).listMonth(MONTH))).toEqual([]);
  });

  it("a city whose month end fails does not stop the other: the failure is named, the other city's run completes", async () => {
    const failing = { ...monthEndDeps(), store: createEventStore({ client: db.client, tableName: 'no-such-table' }) };
    const run = await runPerCity({ month: MONTH, runId: 'city-jobs-failure' }, (payload) => monthEndJob(payload, currentCity() === 'liaocheng' ? failing : monthEndDeps()), { cities: CITIES, hasData });
    if (run.action !== 'every-city') throw new Error(`unexpected ${run.action}`);
    expect(run.outcomes[0]).toMatchObject({ city: 'liaocheng', status: 'failed', error: expect.stringMatching(/non-existent table|not found|ResourceNotFound/i) });
    expect(run.outcomes[1]).toMatchObject({ city: 'jinan', status: 'done', result: { runId: 'city-jobs-failure' } });
    expect((await reportsOf('jinan')).every((r) => r.runId === 'city-jobs-failure')).toBe(true);
    expect((await reportsOf('liaocheng')).some((r) => r.runId === 'city-jobs-failure')).toBe(false);
  });
});

describe('archives per city', () => {
  it("archives each city's month under its city, holding that city's events only, and each reads back against its seal", async () => {
    const deps = archiveDepsFromEnv(env, db.client);
    for (const city of CITIES) {
      const archived = await withCity(city, () => archiveJob({ month: MONTH }, deps, new Date('2026-11-01T04:00:00Z')));
      expect(archived, city).toMatchObject({ action: 'archive', status: 'written', seal: { date: SEAL_DATE } });
      expect(existsSync(path.join(dir, 'archive', city, MONTH, 'manifest.json')), city).toBe(true);
      const verified = await withCity(city, () => verifyArchive(deps.objects, deps.seals, MONTH));
      expect(verified.problems, city).toEqual([]);
      // Exactly the city's events of the month: none of the other city's.
      expect(verified.eventsChecked, city).toBeGreaterThan(20);
      expect(verified.eventsChecked, city).toBe(await withCity(city, () => monthEventCount()));
    }
  });
});

describe('the restore drill per city', () => {
  it("restores, rebuilds, verifies and reconciles one city's key range against its own seal (and so does the script)", async () => {
    const original = { eventsTableName: db.eventsTableName, readTableName: db.readTableName };
    const restored = { eventsTableName: `${db.eventsTableName}-jinan`, readTableName: `${db.readTableName}-jinan` };
    const report = await withCity('jinan', async () => {
      await copyTable(db.client, db.eventsTableName, eventsTableDefinition(restored.eventsTableName));
      await ensureTable(db.client, readTableDefinition(restored.readTableName));
      return runRestoreDrill({ client: db.client, original, restored, month: MONTH, seals: seals() });
    });
    // Jinan's events, every one of them, and fewer than the table holds for both cities.
    const jinanEvents = await withCity('jinan', () => eventItemCount(db.client));
    expect(report.loaded.events).toBe(jinanEvents);
    const raw = createRawDynamoClient(db.endpoint);
    expect(report.loaded.events).toBeLessThan(await eventItemCount(raw));
    raw.destroy();
    expect(report.chains.broken).toEqual([]);
    expect(report.seal).toMatchObject({ date: SEAL_DATE, ok: true });
    expect(report.month.balances).toEqual({ funds: 3, differing: [] });
    expect(report.month.events.differing).toEqual([]);
    expect(report.ok).toBe(true);
    // `npm run restore-drill -- --city jinan` does the same, on a copy it makes and drops.
    const script = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/restore-drill.ts', '--city', 'jinan', '--month', MONTH, '--endpoint', db.endpoint], { env, encoding: 'utf8', timeout: 120_000 });
    expect(script.stdout).toContain('restore drill of jinan');
    expect(script.stdout).toMatch(/seal of 2026-10-31: \d+ streams reach their sealed hashes/);
    expect(script.stdout).toContain('RESTORE DRILL PASSED');
    expect(script.status).toBe(0);
    // The copy holds jinan's events only: liaocheng's range of it is empty.
    expect(await withCity('liaocheng', () => createEventStore({ client: db.client, tableName: restored.eventsTableName }).readHead(streamIds.fund(FUNDS.pool)))).toBeUndefined();
  }, 120_000);
});

describe('a read model rebuilt per city', () => {
  it("npx tsx scripts/rebuild.ts books --city jinan wipes and re-projects jinan's books only: both cities' balances come out as before", async () => {
    const queries = () => createReadModelQueries({ client: db.client, tableName: db.readTableName });
    const balances = (city: CityId) => withCity(city, async () => JSON.stringify((await queries().getBalances(FUNDS.pool)).accounts, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    const before = { liaocheng: await balances('liaocheng'), jinan: await balances('jinan') };
    const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/rebuild.ts', 'books', '--city', 'jinan', '--endpoint', db.endpoint], { env, encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout).toContain("rebuilding jinan's books");
    expect(run.stdout).toMatch(/books: deleted [1-9]\d* item\(s\), replayed [1-9]\d* event\(s\)/);
    expect(run.status).toBe(0);
    expect({ liaocheng: await balances('liaocheng'), jinan: await balances('jinan') }).toEqual(before);
    expect(before.liaocheng).not.toBe(before.jinan);
  }, 120_000);
});

describe("tampering in one city's chain", () => {
  it('is reported for that city only: seal verification, the next seal, month end and npm run verify -- --all-cities', async () => {
    const streamId = streamIds.guarantee(FUNDS.pool, 'G1');
    await withCity('jinan', async () => {
      // Whoever can write the table doubles a jinan guarantee's principal and re-chains its stream and head.
      const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
      let prevHash = GENESIS_HASH;
      for (const [index, event] of (await store.readStream(streamId)).entries()) {
        const rewritten = { ...event, data: index === 0 ? { ...event.data, principal: '99999999.00' } : event.data, prevHash };
        const hash = eventHash(prevHash, rewritten);
        await db.client.send(new PutItemCommand({ TableName: db.eventsTableName, Item: toEventItem({ ...rewritten, hash }, 8) }));
        prevHash = hash;
      }
      await db.client.send(
        new UpdateItemCommand({ TableName: db.eventsTableName, Key: { PK: { S: `S#${streamId}` }, SK: { S: 'HEAD' } }, UpdateExpression: 'SET lastHash = :h', ExpressionAttributeValues: { ':h': { S: prevHash } } }),
      );
      expect(await store.verifyStream(streamId)).toMatchObject({ ok: true });
    });
    const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
    const verified = Object.fromEntries(await Promise.all(CITIES.map(async (city) => [city, await withCity(city, () => verifySealOf({ store, seals: seals() }, SEAL_DATE))] as const)));
    expect(verified.jinan?.mismatches.map((m) => m.streamId)).toEqual([streamId]);
    expect(verified.liaocheng).toMatchObject({ ok: true, mismatches: [] });

    const next = Object.fromEntries(
      await Promise.all(CITIES.map(async (city) => [city, await withCity(city, () => sealDay({ ...sealDepsFromEnv(env, db.client), now: () => new Date('2026-11-01T16:05:00Z') }, '2026-11-01'))] as const)),
    );
    expect(next.jinan?.diverged.map((d) => d.streamId)).toEqual([streamId]);
    expect(next.liaocheng?.diverged).toEqual([]);

    const run = await runPerCity({ month: MONTH, runId: 'city-jobs-tampered' }, (payload) => monthEndJob(payload, monthEndDeps()), { cities: CITIES, hasData });
    if (run.action !== 'every-city') throw new Error(`unexpected ${run.action}`);
    const sealsOf = (city: CityId) => (run.outcomes.find((o) => o.city === city) as { result: MonthEndSummary }).result.seals;
    expect(sealsOf('jinan')).toMatchObject({ ok: false, mismatchedStreams: [streamId] });
    expect(sealsOf('liaocheng')).toMatchObject({ ok: true, mismatchedStreams: [] });

    const all = verify('--month', MONTH, '--all-cities');
    expect(all.status).toBe(1);
    expect(all.out).toContain('jinan: MISMATCH');
    expect(all.out).toContain('liaocheng: OK');
    expect(all.out).toContain('heze: no data');
    expect(all.out).toContain(`STREAM ${streamId}`);
    const single = verify('--month', MONTH, '--city', 'liaocheng');
    expect(single.status).toBe(0);
    expect(single.out).toContain('OK: every sealed stream still reaches its sealed hash');
    expect(verify('--month', MONTH, '--city', 'beijing').status).toBe(2);
  }, 60_000);
});
