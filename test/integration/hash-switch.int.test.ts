// The switch-over day (issue 23 §2): a store whose oldest events and seal name no algorithm (written
// before the setting existed), then sha256 days, then HASH_ALGORITHM=sm3 from 2026-11-29 on, each day
// sealed by that day's deployment; `npm run verify` checks every segment with its own algorithm, and
// names the edited events and a move back to sha256.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainTracker } from '../../functions/month-end/chain-check';
import { sealDay } from '../../functions/seal/daily-seal';
import { buildSeal, createSealStore, type SealStore } from '../../functions/seal/seal';
import { eventKey, streamKey, toEventItem, toHeadItem } from '../../functions/store/event-item';
import { createEventStore } from '../../functions/store/event-store';
import { GENESIS_HASH, linkEvent } from '../../functions/store/hash';
import type { HashAlgorithm } from '../../functions/store/hash-algorithm';
import { fileLockedObjects } from '../../functions/store/locked-objects';
import { readAllStreamHeads } from '../../functions/store/scan';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
const STREAMS = ['fund-a', 'fund-b', 'fund-c'];
const META = { actor: 'finance-1', role: 'finance-bureau', requestId: 'r', correlationId: 'c' };
const LEGACY_DAY = '2026-11-26';
/** Each later day, the algorithm its deployment ran with; fund-c is not written on the switch-over day. */
const DAYS: [string, HashAlgorithm][] = [
  ['2026-11-27', 'sha256'],
  ['2026-11-28', 'sha256'],
  ['2026-11-29', 'sm3'],
  ['2026-11-30', 'sm3'],
];

let dir: string;
let seals: SealStore;

/** The store a deployment with `algorithm` builds, its clock at 10:00 Shanghai of `day`. */
const storeOn = (day: string, algorithm: HashAlgorithm) =>
  createEventStore({ client: db.client, tableName: db.eventsTableName, hashAlgorithm: algorithm, now: () => new Date(`${day}T02:00:00Z`) });

/** The day's seal job, run at 00:05 Shanghai the next day (16:05 UTC). */
const seal = (day: string, algorithm: HashAlgorithm) =>
  sealDay({ client: db.client, eventsTableName: db.eventsTableName, store: storeOn(day, algorithm), seals, hashAlgorithm: algorithm, now: () => new Date(`${day}T16:05:00Z`) }, day);

const interest = (day: string, n: number) => ({ type: 'InterestReceived', schemaVersion: 1, data: { amount: `${n}.00`, reference: `INT-${day}` }, occurredOn: day });

/** `npm run verify -- …` against this file's DynamoDB Local and seal directory. */
const verify = (...args: string[]): { status: number | null; out: string } => {
  const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/verify.ts', ...args, '--endpoint', db.endpoint], {
    env: { ...process.env, DATA_DIR: dir, EVENTS_TABLE_NAME: db.eventsTableName, READ_TABLE_NAME: db.readTableName },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hash-switch-'));
  seals = createSealStore(fileLockedObjects(path.join(dir, 'seals')));

  // Before the setting: events and heads as the old code stored them, and a seal naming no algorithm.
  for (const streamId of STREAMS) {
    const event = linkEvent(GENESIS_HASH, { streamId, version: 1, ...interest(LEGACY_DAY, 1), meta: META, recordedAt: `${LEGACY_DAY}T02:00:00.000Z` });
    await db.client.send(new PutItemCommand({ TableName: db.eventsTableName, Item: toEventItem(event, 8) }));
    await db.client.send(new PutItemCommand({ TableName: db.eventsTableName, Item: toHeadItem({ streamId, version: 1, lastHash: event.hash, updatedAt: event.recordedAt }) }));
  }
  const { hashAlgorithm: _none, ...legacySeal } = buildSeal(LEGACY_DAY, await readAllStreamHeads(db.client, db.eventsTableName, 1), undefined, new Date(`${LEGACY_DAY}T16:05:00Z`));
  await seals.put(legacySeal);

  for (const [day, algorithm] of DAYS) {
    const store = storeOn(day, algorithm);
    for (const streamId of STREAMS) {
      if (streamId === 'fund-c' && day === '2026-11-29') continue;
      const head = await store.readHead(streamId);
      await store.append([{ streamId, expectedVersion: head!.version, events: [interest(day, head!.version + 1)] }], { meta: META });
    }
    expect(await seal(day, algorithm)).toMatchObject({ status: 'written', diverged: [] });
  }
}, 120_000);

afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('the switch from sha256 to sm3 at a seal boundary', () => {
  it('chains each stream\'s first sm3 event onto its last sha256 hash, and every seal names its algorithm', async () => {
    const store = storeOn('2026-12-01', 'sm3');
    const a = await store.readStream('fund-a');
    expect(a.map((e) => e.hashAlgorithm)).toEqual([undefined, 'sha256', 'sha256', 'sm3', 'sm3']);
    expect(a[3]!.prevHash).toBe(a[2]!.hash);
    const c = await store.readStream('fund-c');
    expect(c.map((e) => e.hashAlgorithm)).toEqual([undefined, 'sha256', 'sha256', 'sm3']);
    expect(c[3]!.occurredOn).toBe('2026-11-30');
    const named = await Promise.all([LEGACY_DAY, ...DAYS.map(([day]) => day)].map(async (day) => (await seals.get(day))?.hashAlgorithm));
    expect(named).toEqual([undefined, 'sha256', 'sha256', 'sm3', 'sm3']);
    for (const streamId of STREAMS) expect(await store.verifyStream(streamId)).toMatchObject({ ok: true });
    // Month end's chain check over the month as it streams past.
    const tracker = createChainTracker();
    for await (const event of store.readMonth('2026-11')) tracker.see(event, 'f');
    expect(await tracker.verify(store, 2)).toEqual([]);
  });

  it('verifies the month, and the switch-over day alone, with `npm run verify`', () => {
    const month = verify('--month', '2026-11');
    expect(month.out).toContain('seals 2026-11-26 (sha256), 2026-11-27 (sha256), 2026-11-28 (sha256), 2026-11-29 (sm3), 2026-11-30 (sm3): 3 stream(s) recomputed from their events (9 sha256, 5 sm3)');
    expect(month.out).toContain('OK: every sealed stream still reaches its sealed hash');
    expect(month.status).toBe(0);
    const day = verify('2026-11-29');
    expect(day.out).toContain('seals 2026-11-29 (sm3)');
    expect(day.status).toBe(0);
  });

  it('names an edited sm3 event and an edited event stored before the setting', async () => {
    const edit = (streamId: string, version: number) =>
      db.client.send(
        new UpdateItemCommand({
          TableName: db.eventsTableName,
          Key: { PK: { S: streamKey(streamId) }, SK: { S: eventKey(version) } },
          UpdateExpression: 'SET #data.#amount = :amount',
          ExpressionAttributeNames: { '#data': 'data', '#amount': 'amount' },
          ExpressionAttributeValues: { ':amount': { S: '999.00' } },
        }),
      );
    await edit('fund-a', 4);
    await edit('fund-b', 1);
    const result = verify('--month', '2026-11');
    expect(result.status).toBe(1);
    expect(result.out).toContain('STREAM fund-a (sealed 2026-11-29 at v4, EVENT v4): the events up to version 4 no longer hash to the sealed last hash; version 4 is the first that does not hold: the stored hash does not match the event content (sm3)');
    expect(result.out).toContain('STREAM fund-b (sealed 2026-11-26 at v1, EVENT v1)');
    expect(result.out).toContain('the stored hash does not match the event content (sha256)');
    expect(result.out).not.toContain('STREAM fund-c');
    expect(result.out).toContain('MISMATCH');
  });

  it('refuses a stream and a seal that go back from sm3 to sha256', async () => {
    // A deployment that lost its -c hashAlgorithm=sm3 writes fund-c and seals 2026-12-01 in sha256.
    const store = storeOn('2026-12-01', 'sha256');
    await store.append([{ streamId: 'fund-c', expectedVersion: 4, events: [interest('2026-12-01', 5)] }], { meta: META });
    expect(await store.verifyStream('fund-c')).toEqual({ ok: false, streamId: 'fund-c', brokenAtVersion: 5, reason: 'the hash algorithm goes back from sm3 to sha256' });
    await seal('2026-12-01', 'sha256');
    const result = verify('2026-12-01');
    expect(result.status).toBe(1);
    expect(result.out).toContain('SEAL 2026-12-01: after the seal of 2026-11-30, the hash algorithm goes back from sm3 to sha256');
    expect(result.out).toContain('STREAM fund-c (sealed 2026-12-01 at v5, EVENT v5): version 5: the hash algorithm goes back from sm3 to sha256');
  });
});
