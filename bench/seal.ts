// The daily seal at scale (issue 15 §3): 10,000 streams (BENCH_SEAL_STREAMS) of 3 events each,
// written straight to DynamoDB Local as the store lays them out; then the seal job's head scan,
// Merkle root and write, the next day's seal (with its continuity check against the first), and a
// full verification that recomputes every stream's chain. Prints times and the seal's size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { sealDay } from '../functions/seal/daily-seal';
import { createSealStore } from '../functions/seal/seal';
import { verifySealOf } from '../functions/seal/verify-seal';
import { batchWriteAll } from '../functions/store/batch-write';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { toEventItem, toHeadItem } from '../functions/store/event-item';
import { createEventStore } from '../functions/store/event-store';
import { GENESIS_HASH, eventHash } from '../functions/store/hash';
import { fileLockedObjects } from '../functions/store/locked-objects';
import type { StoredEvent } from '../functions/store/types';

const STREAMS = Number(process.env['BENCH_SEAL_STREAMS'] ?? 10_000);
const EVENTS_PER_STREAM = 3;
const seconds = (from: number): string => `${((performance.now() - from) / 1000).toFixed(1)} s`;

const streamItems = (n: number) => {
  const streamId = `guarantee-bench:G${String(n).padStart(6, '0')}`;
  const items = [];
  let prevHash = GENESIS_HASH;
  for (let version = 1; version <= EVENTS_PER_STREAM; version++) {
    const body = {
      streamId,
      version,
      type: 'GuaranteeIssued',
      schemaVersion: 1,
      data: { fundId: 'bench', guaranteeId: `G${n}`, principal: '1000000.00', version },
      meta: { actor: 'bench', role: 'fund-manager', requestId: `r${n}`, correlationId: `c${n}` },
      occurredOn: '2026-11-30',
      recordedAt: new Date(Date.UTC(2026, 10, 30, 2, 0, n % 60)).toISOString(),
    };
    const hash = eventHash(prevHash, body);
    const event: StoredEvent = { ...body, prevHash, hash };
    items.push({ PutRequest: { Item: toEventItem(event, 8) } });
    prevHash = hash;
  }
  items.push({ PutRequest: { Item: toHeadItem({ streamId, version: EVENTS_PER_STREAM, lastHash: prevHash, updatedAt: '2026-11-30T02:00:00.000Z' }) } });
  return items;
};

export default async function bench(): Promise<void> {
  const local = await startDynamoLocal({ jvmOptions: [] });
  const client = createDynamoClient(local.endpoint);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-seal-'));
  try {
    const { eventsTableName } = await createTables(client);
    let started = performance.now();
    const writers = 8;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = w; n < STREAMS; n += writers * 25) {
          const batch = [];
          for (let k = n; k < Math.min(STREAMS, n + writers * 25); k += writers) batch.push(...streamItems(k));
          await batchWriteAll(client, eventsTableName, batch);
        }
      }),
    );
    console.log(`loaded ${STREAMS} streams × ${EVENTS_PER_STREAM} events (+ heads) in ${seconds(started)}`);

    const seals = createSealStore(fileLockedObjects(dir));
    const store = createEventStore({ client, tableName: eventsTableName });
    const deps = { client, eventsTableName, store, seals };
    started = performance.now();
    const first = await sealDay({ ...deps, now: () => new Date('2026-11-30T16:05:00Z') }, '2026-11-30');
    const sealTime = seconds(started);
    const body = (await fileLockedObjects(dir).get('2026/2026-11-30.json')) ?? Buffer.alloc(0);
    console.log(`seal of ${first.streams} streams: ${sealTime}; ${(first.bytes / 1024).toFixed(0)} KB JSON (${(gzipSync(body).length / 1024).toFixed(0)} KB gzipped)`);
    started = performance.now();
    const next = await sealDay({ ...deps, now: () => new Date('2026-12-01T16:05:00Z') }, '2026-12-01');
    console.log(`next day's seal with continuity check (no stream moved): ${seconds(started)}, diverged ${next.diverged.length}`);
    started = performance.now();
    const verified = await verifySealOf(deps, '2026-11-30');
    console.log(`full verification (every chain recomputed from its events): ${seconds(started)}, ok ${verified.ok}, ${verified.streamsChecked} streams`);
  } finally {
    client.destroy();
    await local.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
