// A store that chains and seals with SM3 (issue 23 §2), end to end on DynamoDB Local: the month-end
// history written through the real event store with HASH_ALGORITHM=sm3, every chain, the day's seal,
// month end, the archive and the restore drill verified; then one stored item edited with a raw
// UpdateItem, and every check names that event.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { archiveDepsFromEnv } from '../../functions/archive/context';
import { archiveMonth } from '../../functions/archive/month-archive';
import { verifyArchive } from '../../functions/archive/verify-archive';
import type { FundMonthReport } from '../../functions/month-end/report-schema';
import { runMonthEnd } from '../../functions/month-end/reconcile';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { runRestoreDrill } from '../../functions/restore/restore-drill';
import { sealDepsFromEnv } from '../../functions/seal/context';
import { type SealDeps, sealDay } from '../../functions/seal/daily-seal';
import { merkleRoot } from '../../functions/seal/merkle';
import type { SealStore } from '../../functions/seal/seal';
import { verifySealOf } from '../../functions/seal/verify-seal';
import { eventsTableDefinition, readTableDefinition } from '../../functions/shared/tables';
import { canonicalJson } from '../../functions/store/canonical-json';
import { eventKey, streamKey } from '../../functions/store/event-item';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { digestHex } from '../../functions/store/hash-algorithm';
import { readAllStreamHeads } from '../../functions/store/scan';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { copyTable } from '../../infra/local/copy-table';
import { ensureTable } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { FUNDS, MONTH, appendMonthHistory } from './month-end-history';

const db = useDynamoLocal();
const SEAL_DATE = `${MONTH}-31`;
const POOL = streamIds.fund(FUNDS.pool);

let dir: string;
let store: EventStore;
let sealDeps: SealDeps;
let seals: SealStore;
// What a Lambda of an sm3 deployment (-c hashAlgorithm=sm3) reads its dependencies from.
const env = (): NodeJS.ProcessEnv => ({ HASH_ALGORITHM: 'sm3', DATA_DIR: dir, EVENTS_TABLE_NAME: db.eventsTableName, READ_TABLE_NAME: db.readTableName });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sm3-chain-'));
  sealDeps = { ...sealDepsFromEnv(env(), db.client), now: () => new Date('2026-10-31T16:05:00Z') };
  store = createEventStore({ client: db.client, tableName: db.eventsTableName, hashAlgorithm: 'sm3' });
  seals = sealDeps.seals;
  await appendMonthHistory(store);
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
});

afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const rawEvent = async (streamId: string, version: number): Promise<Record<string, unknown>> => {
  const { Item } = await db.client.send(new GetItemCommand({ TableName: db.eventsTableName, Key: { PK: { S: streamKey(streamId) }, SK: { S: eventKey(version) } } }));
  return unmarshall(Item!);
};

const monthEnd = async (runId: string) => {
  const reports: FundMonthReport[] = [];
  const deps = {
    store,
    queries: createReadModelQueries({ client: db.client, tableName: db.readTableName }),
    reports: createReconciliationReports({ client: db.client, tableName: db.readTableName }),
    seals,
    onReport: (report: FundMonthReport) => reports.push(report),
  };
  const summary = await runMonthEnd(deps, { month: MONTH, runId });
  return { summary, reports };
};

describe('a store that chains with SM3', () => {
  it('names sm3 on every stored event and hashes it with SM3 over the label and the content', async () => {
    const item = await rawEvent(POOL, 2);
    expect(item.hashAlgorithm).toBe('sm3');
    const { streamId, version, type, schemaVersion, data, meta, occurredOn, recordedAt, hashAlgorithm, prevHash } = item;
    const content = canonicalJson({ streamId, version, type, schemaVersion, data, meta, occurredOn, recordedAt, hashAlgorithm });
    expect(item.hash).toBe(digestHex('sm3', `${String(prevHash)}${content}`));
    const heads = await readAllStreamHeads(db.client, db.eventsTableName);
    expect(heads.length).toBeGreaterThan(10);
    for (const head of heads) expect(await store.verifyStream(head.streamId)).toEqual({ ok: true, streamId: head.streamId, version: head.version });
  });

  it('seals the day with an SM3 Merkle tree, and the seal, month end, the archive and the restore drill verify', async () => {
    expect(await sealDay(sealDeps, SEAL_DATE)).toMatchObject({ status: 'written', diverged: [] });
    const seal = (await seals.get(SEAL_DATE))!;
    expect(seal.hashAlgorithm).toBe('sm3');
    expect(seal.root).toBe(merkleRoot(seal.streams, 'sm3'));
    const verified = await verifySealOf({ store, seals }, SEAL_DATE);
    expect(verified).toMatchObject({ ok: true, sealAlgorithms: ['sm3'], eventsByAlgorithm: { sha256: 0 } });
    expect(verified.eventsByAlgorithm.sm3).toBeGreaterThan(40);

    const { summary, reports } = await monthEnd('sm3-1');
    expect(summary.seals).toEqual({ dates: [SEAL_DATE], ok: true, mismatchedStreams: [], sealProblems: [] });
    expect(reports.flatMap((report) => report.streams.broken)).toEqual([]);

    const archive = archiveDepsFromEnv(env(), db.client);
    expect((await archiveMonth(archive, MONTH)).status).toBe('written');
    expect((await verifyArchive(archive.objects, seals, MONTH)).problems).toEqual([]);

    const restored = { eventsTableName: `${db.eventsTableName}-restored`, readTableName: `${db.readTableName}-restored` };
    await copyTable(db.client, db.eventsTableName, eventsTableDefinition(restored.eventsTableName));
    await ensureTable(db.client, readTableDefinition(restored.readTableName));
    const drill = await runRestoreDrill({ client: db.client, original: { eventsTableName: db.eventsTableName, readTableName: db.readTableName }, restored, month: MONTH, seals });
    expect(drill.chains.broken).toEqual([]);
    expect(drill.seal).toMatchObject({ date: SEAL_DATE, ok: true });
  });

  it('names the event whose data was edited in the table, in verifyStream, the seal check and month end', async () => {
    // CapitalInjected of the risk pool (version 2): 50,000,000.00 becomes 5,000,000.00.
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.eventsTableName,
        Key: { PK: { S: streamKey(POOL) }, SK: { S: eventKey(2) } },
        UpdateExpression: 'SET #data.#amount = :amount',
        ExpressionAttributeNames: { '#data': 'data', '#amount': 'amount' },
        ExpressionAttributeValues: { ':amount': { S: '5000000.00' } },
      }),
    );
    expect(await store.verifyStream(POOL)).toEqual({ ok: false, streamId: POOL, brokenAtVersion: 2, reason: 'the stored hash does not match the event content (sm3)' });
    const verified = await verifySealOf({ store, seals }, SEAL_DATE);
    expect(verified.mismatches).toMatchObject([{ streamId: POOL, brokenAtVersion: 2 }]);
    expect(verified.mismatches[0]?.reason).toMatch(/version 2 is the first that does not hold: the stored hash does not match the event content \(sm3\)/);
    const { summary, reports } = await monthEnd('sm3-2');
    expect(summary.seals).toMatchObject({ ok: false, mismatchedStreams: [POOL] });
    expect(reports.flatMap((report) => report.streams.broken)).toEqual([{ streamId: POOL, brokenAtVersion: 2, reason: 'the stored hash does not match the event content (sm3)' }]);
  });

  it('names the event whose algorithm label was changed in the table', async () => {
    const guarantee = streamIds.guarantee(FUNDS.pool, 'G1');
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.eventsTableName,
        Key: { PK: { S: streamKey(guarantee) }, SK: { S: eventKey(1) } },
        UpdateExpression: 'SET hashAlgorithm = :sha256',
        ExpressionAttributeValues: { ':sha256': { S: 'sha256' } },
      }),
    );
    expect(await store.verifyStream(guarantee)).toEqual({ ok: false, streamId: guarantee, brokenAtVersion: 1, reason: 'the stored hash does not match the event content (sha256)' });
    expect((await verifySealOf({ store, seals }, SEAL_DATE)).mismatches.map((m) => [m.streamId, m.brokenAtVersion])).toEqual([
      [POOL, 2],
      [guarantee, 1],
    ].sort());
  });
});
