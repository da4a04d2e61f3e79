// The upgrade of a local data directory written by the last release before cities
// (test/fixtures/single-city/, made at commit 14336be) with `npm run migrate:cities`: refused while the
// directory is locked; migrated; the new stack starts on it, publishes the stream's records — the old
// release's, without a city, and the copies' — and changes no read-model item, answers every question the old release answered the same,
// and takes a new posting; a second run says there is nothing to migrate.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { scanAllItems } from '../../functions/store/scan';
import { lockDataDir } from '../../infra/local/data-dir-lock';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { eventually } from './api-support';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/fixtures/single-city');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-upgrade-'));
const answers = JSON.parse(readFileSync(path.join(fixture, 'answers.json'), 'utf8')) as Record<string, unknown>;
const stacks: LocalStack[] = [];

afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const storeFile = path.join(dataDir, 'dynamodb', 'shared-local-instance.db');
const fileHash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const lastSequence = (): bigint => {
  const positions = JSON.parse(readFileSync(path.join(dataDir, 'stream-positions.json'), 'utf8')) as { shards: Record<string, { lastSequence?: string }> };
  return Object.values(positions.shards).reduce((most, shard) => (shard.lastSequence !== undefined && BigInt(shard.lastSequence) > most ? BigInt(shard.lastSequence) : most), 0n);
};

/** `npm run migrate:cities -- --data-dir <dataDir>`, as an operator runs it (asynchronously: this process may hold the lock it asks about). */
const migrateCli = (...args: string[]): Promise<{ status: number | null; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/migrate-to-cities.ts', '--data-dir', dataDir, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (status) => resolve({ status, output }));
  });

const start = async (eventFlow: boolean, onMessage?: () => void): Promise<LocalStack> => {
  const stack = await startLocalStack({
    dataDir,
    eventFlow,
    logLevel: 'SILENT',
    ...(onMessage === undefined
      ? {}
      : {
          wrapHandler: (_consumer, handler) => async (event, context) => {
            for (const _ of event.Records) onMessage();
            return handler(event, context);
          },
        }),
  });
  stacks.push(stack);
  return stack;
};

const stop = async (stack: LocalStack): Promise<void> => {
  await stack.stop();
  stacks.splice(stacks.indexOf(stack), 1);
};

/** Every item of the read table, keyed, as the raw client sees it. */
const readTable = async (stack: LocalStack): Promise<Map<string, string>> => {
  const raw = createRawDynamoClient(stack.dynamoEndpoint);
  try {
    const items = await scanAllItems(raw, { TableName: stack.readTableName, ConsistentRead: true }, 2);
    return new Map(items.map((item) => [`${item.PK?.S}|${item.SK?.S}`, JSON.stringify(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))]));
  } finally {
    raw.destroy();
  }
};

describe('upgrading a single-city data directory', () => {
  it('migrates the old release\'s data to liaocheng, and the new stack answers as the old one did', async () => {
    expect(spawnSync('tar', ['-xzf', path.join(fixture, 'data-dir.tar.gz'), '-C', dataDir]).status).toBe(0);
    const positionsBefore = lastSequence();

    // Refused while the directory is locked (the stack running on it), and nothing touched.
    const untouched = fileHash(storeFile);
    const held = await lockDataDir(dataDir);
    if (!held.ok) throw new Error('the test could not take the lock');
    try {
      const refused = await migrateCli();
      expect(refused.status).toBe(2);
      expect(refused.output).toMatch(/is in use by fund-ledger \(pid \d+\): stop the local stack first .* Nothing was changed\./);
    } finally {
      await held.lock.release();
    }
    expect(fileHash(storeFile)).toBe(untouched);

    const first = await migrateCli();
    expect(first.output).toMatch(/migrated: [\d,]+ copies written, 0 copies already in place, [\d,]+ originals deleted; liaocheng holds/);
    expect(first.status).toBe(0);

    // The read models as migrated, then as they are once the first start has published the copies.
    const quiet = await start(false);
    const migratedReadModels = await readTable(quiet);
    await stop(quiet);
    // Without saved positions the first start publishes the whole stream: the old release's records
    // (no city: published as liaocheng's) as well as the copies (a stack stopped with work in flight).
    rmSync(path.join(dataDir, 'stream-positions.json'));
    let delivered = 0;
    const stack = await start(true, () => delivered++);
    await stack.flow?.drained();
    expect(lastSequence()).toBeGreaterThan(positionsBefore);
    expect(delivered).toBeGreaterThan(0);
    expect(await readTable(stack)).toEqual(migratedReadModels);

    // Every question the old release answered, answered the same (a token without a city is liaocheng's).
    const bureau = await stack.token('finance-bureau');
    const get = async (url: string): Promise<unknown> => {
      const answer = await fetch(`${stack.url}${url}`, { headers: { authorization: `Bearer ${bureau}` } });
      expect(answer.status, url).toBe(200);
      return answer.json();
    };
    for (const [question, answer] of Object.entries(answers)) expect(await get(question), question).toEqual(answer);

    // A new posting works on the migrated books: 52,181,745.67 + 1,000.00 = 52,182,745.67.
    const posted = await fetch(`${stack.url}/v1/funds/rp1/capital-injections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json', 'idempotency-key': 'after-the-upgrade' },
      body: JSON.stringify({ amount: '1000.00', occurredOn: stack.deps.today(), source: 'city', reference: 'INJ-AFTER' }),
    });
    expect(posted.status).toBe(201);
    await eventually(
      () => get('/v1/funds/rp1'),
      (fund) => (fund as { cash: string }).cash === '52182745.67',
    );
    await stop(stack);

    const second = await migrateCli();
    expect(second.status).toBe(0);
    expect(second.output).toMatch(/nothing to migrate: no item without a city prefix .* Already done: nothing changed\./);
  }, 300_000);
});
