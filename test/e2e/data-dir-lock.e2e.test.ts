// The data-directory lock of `npm start` (issue 10 §5): a second live instance is refused, and a
// stack killed with SIGKILL — node, tsx and all — leaves nothing that blocks the next start. The
// kill strikes while clients post (issue 13 §2): they retry with the same Idempotency-Key against
// the stack restarted on the same data, and the book checks then hold on what it kept.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../functions/api/auth';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import { EVENTS_TABLE, READ_TABLE } from '../../functions/shared/tables';
import { lockDataDir } from '../../infra/local/data-dir-lock';
import { findFreePort } from '../../infra/local/dynamo-local';
import { readSecret } from '../../infra/local/local-auth';
import { checkBooks, describeBooks } from '../support/book-checks';
import { describeWorkload, fundIdsOf, runWorkload, setUpFunds, type Target } from '../support/workload';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-lock-'));
const started: ChildProcess[] = [];

interface Instance {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start`'s entry, leading its own process group so the test can kill the whole stack. */
const startInstance = async (port: number): Promise<Instance> => {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': the process may exit before the test has read the last of its output.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
};

/** Resolves once the instance says it is running (or rejects when it exits or the bound passes). */
const running = async (instance: Instance, timeoutMs: number): Promise<number> => {
  const begun = Date.now();
  for (;;) {
    if (/is running at/.test(instance.output())) return Date.now() - begun;
    if (instance.child.exitCode !== null) throw new Error(`exited ${instance.child.exitCode}: ${instance.output()}`);
    if (Date.now() - begun > timeoutMs) throw new Error(`not running within ${timeoutMs} ms: ${instance.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const answers = async (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );

/** Polls until nothing answers at `url` (bounded). */
const gone = async (url: string): Promise<void> => {
  const deadline = Date.now() + 15_000;
  while (await answers(url)) {
    if (Date.now() > deadline) throw new Error(`${url} outlived the stack that started it`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

afterAll(async () => {
  for (const child of started) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const urlOf = (instance: Instance): string => /is running at (\S+)/.exec(instance.output())?.[1] ?? '';

describe('the data-directory lock', () => {
  it('refuses a second live instance, and after SIGKILL of the whole stack under load the next start is not blocked and loses nothing', async () => {
    const first = await startInstance(await findFreePort());
    await running(first, 120_000);
    const dynamoEndpoint = readFileSync(path.join(dataDir, 'dynamodb-endpoint.txt'), 'utf8').trim();
    let url = urlOf(first);
    const secret = readSecret(dataDir);
    const funds = fundIdsOf('crash', 1);
    const target: Target = {
      url: () => url,
      bureau: await signLocalToken(secret, { role: 'finance-bureau' }),
      manager: await signLocalToken(secret, { role: 'fund-manager', funds: [...funds.pools, ...funds.bridges, ...funds.guides] }),
    };
    await setUpFunds(target, 'crash', 1);

    // Same data directory, another port: refused at once, naming the holder.
    const second = await startInstance(await findFreePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/is in use by fund-ledger \(pid \d+\)/);
    expect(await answers(dynamoEndpoint)).toBe(true); // the first instance was not disturbed

    // Clients post; 3 s in, the whole stack is SIGKILLed. SIGKILL runs no exit hook: the JVM (its
    // own process group) must still go, and the lock too. The clients keep retrying their commands
    // with the same keys until the stack restarted on the same data answers.
    let third: Instance | undefined;
    let tookMs = 0;
    const began = performance.now();
    const stats = await runWorkload(target, {
      clients: 4,
      durationMs: 6_000,
      prefix: 'crash',
      fundsPerKind: 1,
      attempts: 200,
      onTick: async (elapsed) => {
        if (third !== undefined || elapsed < 3_000) return;
        process.kill(-(first.child.pid ?? 0), 'SIGKILL');
        await first.exited;
        await gone(dynamoEndpoint);
        third = await startInstance(await findFreePort());
        tookMs = await running(third, 120_000);
        url = urlOf(third);
      },
    });
    console.log(describeWorkload(stats, performance.now() - began));
    if (third === undefined) throw new Error('the stack was never killed');
    expect(third.output()).not.toMatch(/in use/);
    console.log(`restart after SIGKILL on the same data: running in ${tookMs} ms`);
    expect(stats.acknowledged.size).toBeGreaterThan(0);
    expect(stats.byOutcome['server-error']).toBe(0);
    const client = createDynamoClient(readFileSync(path.join(dataDir, 'dynamodb-endpoint.txt'), 'utf8').trim());
    try {
      const books = await checkBooks({ client, eventsTableName: EVENTS_TABLE.name, readTableName: READ_TABLE.name, acknowledged: stats.acknowledged, catchUpMs: 120_000 });
      console.log(describeBooks(books));
      expect(books.lost).toEqual([]);
      expect(books.doubled).toEqual([]);
      expect(books).toMatchObject({ brokenChains: [], unbalancedFunds: [], balanceMismatches: [], readModelDiffs: [], monthEndProblems: [], ok: true });
    } finally {
      client.destroy();
    }
    // Ctrl-C (SIGINT to the group) still stops everything: no java is left behind.
    const thirdEndpoint = readFileSync(path.join(dataDir, 'dynamodb-endpoint.txt'), 'utf8').trim();
    process.kill(-(third.child.pid ?? 0), 'SIGINT');
    await third.exited;
    expect(third.output()).toMatch(/SIGINT: stopping fund-ledger/);
    await gone(thirdEndpoint);
  }, 300_000);

  it('a socket file left by a killed holder is stale, not a lock (the non-Linux form)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-lock-file-'));
    try {
      const socketFile = path.join(dir, 'fund-ledger.lock.sock');
      const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketFile)}, () => console.log('up'))`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise((resolve) => holder.stdout?.once('data', resolve));
      const whileHeld = await lockDataDir(dir, 'darwin');
      expect(whileHeld.ok).toBe(false);

      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
      expect(existsSync(socketFile)).toBe(true); // the dead holder could not clean up
      const taken = await lockDataDir(dir, 'darwin');
      expect(taken.ok).toBe(true);
      if (taken.ok) await taken.lock.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
