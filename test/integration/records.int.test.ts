// Issue 15 on DynamoDB Local: the daily seal and its verification, month end checking the month's
// seals, the monthly archive read back and verified against its seal, the restore drill, and the
// point of it all: an event rewritten together with its whole chain is caught by the next check.
// One history (three funds, October 2026) serves every test; the tampering test comes last.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { archiveMonth } from '../../functions/archive/month-archive';
import { ARCHIVE_FILES } from '../../functions/archive/manifest';
import { verifyArchive } from '../../functions/archive/verify-archive';
import { runMonthEnd } from '../../functions/month-end/reconcile';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { runRestoreDrill } from '../../functions/restore/restore-drill';
import { type SealDeps, sealDay } from '../../functions/seal/daily-seal';
import { createSealStore, sealHash, type SealStore } from '../../functions/seal/seal';
import { verifySealOf } from '../../functions/seal/verify-seal';
import { eventsTableDefinition, readTableDefinition } from '../../functions/shared/tables';
import { toEventItem } from '../../functions/store/event-item';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { GENESIS_HASH, eventHash } from '../../functions/store/hash';
import { fileLockedObjects, type LockedObjects } from '../../functions/store/locked-objects';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { scanAllItems } from '../../functions/store/scan';
import { copyTable } from '../../infra/local/copy-table';
import { ensureTable } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { FUNDS, MONTH, appendMonthHistory } from './month-end-history';

const db = useDynamoLocal();
const SEAL_DATE = `${MONTH}-31`;

let dir: string;
let store: EventStore;
let seals: SealStore;
let archive: LockedObjects;
let sealDeps: SealDeps;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'records-'));
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  seals = createSealStore(fileLockedObjects(path.join(dir, 'seals')));
  archive = fileLockedObjects(path.join(dir, 'archive'));
  sealDeps = { client: db.client, eventsTableName: db.eventsTableName, store, seals, now: () => new Date('2026-10-31T16:05:00Z') };
  await appendMonthHistory(store);
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
});

afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const monthEndDeps = () => ({
  store,
  queries: createReadModelQueries({ client: db.client, tableName: db.readTableName }),
  reports: createReconciliationReports({ client: db.client, tableName: db.readTableName }),
  seals,
});

describe('the daily seal', () => {
  it('seals every stream head once, with a Merkle root, and a rerun of the day writes nothing', async () => {
    const first = await sealDay(sealDeps, SEAL_DATE);
    const heads = (await seals.get(SEAL_DATE))?.streams ?? [];
    expect(first).toMatchObject({ status: 'written', streams: heads.length, previousSealDate: null, diverged: [] });
    expect(heads.length).toBeGreaterThan(10);
    expect(heads.map((h) => h.streamId)).toEqual([...heads.map((h) => h.streamId)].sort());
    const fund = heads.find((h) => h.streamId === streamIds.fund(FUNDS.pool));
    expect(fund?.lastHash).toBe((await store.readHead(streamIds.fund(FUNDS.pool)))?.lastHash);
    expect(await sealDay(sealDeps, SEAL_DATE)).toMatchObject({ status: 'exists', root: first.root });
  });

  it('verifies a seal against the events and chains the next seal to it', async () => {
    expect(await verifySealOf({ store, seals }, SEAL_DATE)).toMatchObject({ ok: true, mismatches: [], sealProblems: [] });
    const next = await sealDay({ ...sealDeps, now: () => new Date('2026-11-01T16:05:00Z') }, '2026-11-01');
    const [october, november] = [await seals.get(SEAL_DATE), await seals.get('2026-11-01')];
    expect(next.previousSealDate).toBe(SEAL_DATE);
    expect(november?.previousSealHash).toBe(sealHash(october!));
    expect((await verifySealOf({ store, seals }, '2026-11-01')).ok).toBe(true);
  });

  it('month end checks that the month\'s seals verify', async () => {
    const summary = await runMonthEnd(monthEndDeps(), { month: MONTH, runId: 'records-1' });
    expect(summary.seals).toEqual({ dates: [SEAL_DATE], ok: true, mismatchedStreams: [], sealProblems: [] });
  });
});

describe('the monthly archive', () => {
  it('exports the month once and reads it back, verified against the seal of its last day', async () => {
    const written = await archiveMonth({ store, reports: monthEndDeps().reports, seals, objects: archive }, MONTH);
    expect(written.status).toBe('written');
    expect(written.seal?.date).toBe(SEAL_DATE);
    // 30 years for vouchers and ledgers, 10 for statements, reconciliation reports and the 台账,
    // counted from the end of 2026: 2057-01-01 and 2037-01-01.
    expect(Object.fromEntries(written.files.map((f) => [f.name, f.retainUntil.slice(0, 10)]))).toEqual({
      events: '2057-01-01',
      statements: '2037-01-01',
      reconciliationReports: '2037-01-01',
      ledgerXlsx: '2037-01-01',
    });
    const verified = await verifyArchive(archive, seals, MONTH);
    expect(verified.problems).toEqual([]);
    expect(verified.eventsChecked).toBeGreaterThan(20);
    expect(verified.streamsVouchedBySeal).toBeGreaterThan(5);
    const xlsx = readFileSync(path.join(dir, 'archive', MONTH, ARCHIVE_FILES.ledgerXlsx.file(MONTH)));
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    expect((await archiveMonth({ store, reports: monthEndDeps().reports, seals, objects: archive }, MONTH)).status).toBe('exists');
  });

  it('names an archived file that was altered after the export', async () => {
    const file = path.join(dir, 'archive', MONTH, ARCHIVE_FILES.events.file(MONTH));
    const original = readFileSync(file, 'utf8');
    chmodSync(file, 0o644);
    writeFileSync(file, original.replace(/"amount":"(\d)/, '"amount":"9$1'));
    expect((await verifyArchive(archive, seals, MONTH)).problems).toEqual([`${MONTH}/${ARCHIVE_FILES.events.file(MONTH)} does not match its sha-256 in the manifest`]);
    writeFileSync(file, original);
  });
});

describe('the restore drill', () => {
  it('rebuilds the read models from a restored copy, verifies every chain and the seal, and reconciles the month', async () => {
    const restored = { eventsTableName: `${db.eventsTableName}-restored`, readTableName: `${db.readTableName}-restored` };
    await copyTable(db.client, db.eventsTableName, eventsTableDefinition(restored.eventsTableName));
    await ensureTable(db.client, readTableDefinition(restored.readTableName));
    const report = await runRestoreDrill({ client: db.client, original: { eventsTableName: db.eventsTableName, readTableName: db.readTableName }, restored, month: MONTH, seals });
    expect(report.chains.broken).toEqual([]);
    expect(report.seal).toMatchObject({ date: '2026-11-01', ok: true });
    expect(report.month.events.differing).toEqual([]);
    expect(report.month.events.restored).toBe(report.month.events.original);
    expect(report.month.balances).toEqual({ funds: 3, differing: [] });
    expect(report.month.reports).toEqual({ compared: 3, differing: [] });
    expect(report.rebuilt.map((r) => r.consumer)).toEqual(['books', 'positions', 'alerts']);
    expect(report.phases.map((p) => p.phase)).toEqual(['load', 'rebuild', 'verify', 'compare']);
    expect(report.ok).toBe(true);
  });

  it('fails, naming the stream and version, when one event was rewritten in the table before the backup', async () => {
    const original = { eventsTableName: db.eventsTableName, readTableName: db.readTableName };
    const restored = { eventsTableName: `${db.eventsTableName}-tampered`, readTableName: `${db.readTableName}-tampered` };
    const [before, readBefore] = await Promise.all([scanAllItems(db.client, { TableName: original.eventsTableName, ConsistentRead: true }, 2), scanAllItems(db.client, { TableName: original.readTableName, ConsistentRead: true }, 2)]);
    await copyTable(db.client, db.eventsTableName, eventsTableDefinition(restored.eventsTableName));
    // Someone with write access doubled a guarantee's principal in its stored event, hash left alone.
    const streamId = streamIds.guarantee(FUNDS.pool, 'G1');
    const [first] = await createEventStore({ client: db.client, tableName: restored.eventsTableName }).readStream(streamId, { toVersion: 1 });
    if (first === undefined) throw new Error('no event to tamper with');
    await db.client.send(new PutItemCommand({ TableName: restored.eventsTableName, Item: toEventItem({ ...first, data: { ...first.data, principal: '99999999.00' } }, 8) }));
    await ensureTable(db.client, readTableDefinition(restored.readTableName));
    const report = await runRestoreDrill({ client: db.client, original, restored, month: MONTH, seals });
    expect(report.chains.broken).toEqual([{ streamId, brokenAtVersion: 1, reason: expect.stringMatching(/^the stored hash does not match the event content/) }]);
    expect(report.ok).toBe(false);
    // The drill only read the originals.
    const sorted = (items: Record<string, unknown>[]) => items.map((item) => JSON.stringify(item)).sort();
    expect(sorted(await scanAllItems(db.client, { TableName: original.eventsTableName, ConsistentRead: true }, 2))).toEqual(sorted(before));
    expect(sorted(await scanAllItems(db.client, { TableName: original.readTableName, ConsistentRead: true }, 2))).toEqual(sorted(readBefore));
  });
});

describe('tampering', () => {
  it('catches an event rewritten together with its whole chain at the next verification and the next seal', async () => {
    // Whoever can write the table doubles a guarantee's principal in its first event and re-chains
    // every later event and the head, so the stream verifies on its own.
    const streamId = streamIds.guarantee(FUNDS.pool, 'G1');
    const events = await store.readStream(streamId);
    let prevHash = GENESIS_HASH;
    for (const [index, event] of events.entries()) {
      const data = index === 0 ? { ...event.data, principal: '99999999.00' } : event.data;
      const rewritten = { ...event, data, prevHash };
      const hash = eventHash(prevHash, rewritten);
      await db.client.send(new PutItemCommand({ TableName: db.eventsTableName, Item: toEventItem({ ...rewritten, hash }, 8) }));
      prevHash = hash;
    }
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.eventsTableName,
        Key: { PK: { S: `S#${streamId}` }, SK: { S: 'HEAD' } },
        UpdateExpression: 'SET lastHash = :h',
        ExpressionAttributeValues: { ':h': { S: prevHash } },
      }),
    );
    expect(await store.verifyStream(streamId)).toMatchObject({ ok: true });

    const verification = await verifySealOf({ store, seals }, SEAL_DATE);
    expect(verification.ok).toBe(false);
    expect(verification.mismatches.map((m) => m.streamId)).toEqual([streamId]);
    const nextSeal = await sealDay({ ...sealDeps, now: () => new Date('2026-11-02T16:05:00Z') }, '2026-11-02');
    expect(nextSeal.diverged.map((d) => d.streamId)).toEqual([streamId]);
    const monthEnd = await runMonthEnd(monthEndDeps(), { month: MONTH, runId: 'records-2' });
    expect(monthEnd.seals).toMatchObject({ ok: false, mismatchedStreams: [streamId] });
  });
});
