// `npm run bench -- idle`: what an idle `npm start` costs, and how fast it wakes. Starts the real
// `npm start` (tsx infra/local/start.ts, its own PORT and DATA_DIR) as a child, lets it settle,
// then reads the CPU time of its whole process tree (node + DynamoDB Local's JVM) from /proc over
// a window in which nothing happens. Then it creates funds one at a time through the API and
// times each until the books projector has made it readable: the lag of a first event after idle.
// BENCH_IDLE_BASELINE=<dir of another checkout> measures that one first, in the same run, so the
// figures compare under the same machine load (this machine is shared).
//   BENCH_IDLE_SETTLE_S=20 BENCH_IDLE_WINDOW_S=60 BENCH_IDLE_PORT=3105 BENCH_IDLE_BASELINE=/tmp/base
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSecret } from '../infra/local/local-auth';
import { signLocalToken } from '../functions/api/auth';
import { cpuBetween, treeCpu } from './support/proc-cpu';

const SETTLE_S = Number(process.env['BENCH_IDLE_SETTLE_S'] ?? 20);
const WINDOW_S = Number(process.env['BENCH_IDLE_WINDOW_S'] ?? 60);
const PORT = Number(process.env['BENCH_IDLE_PORT'] ?? 3105);
const WAKE_SAMPLES = 5;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const started = (child: ChildProcess): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('fund-ledger is running')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });

const stopped = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Creates a fund and polls (every 5 ms, bounded) until the books projector made it readable. */
const wakeLag = async (url: string, token: string): Promise<{ post: number; readable: number }> => {
  const fundId = `idle-${randomUUID().slice(0, 8)}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const t0 = performance.now();
  const created = await fetch(`${url}/v1/funds`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ fundId, kind: 'risk-pool', name: fundId }),
  });
  if (created.status !== 201) throw new Error(`POST /v1/funds answered ${created.status}`);
  const post = performance.now() - t0;
  while (performance.now() - t0 < 30_000) {
    if ((await fetch(`${url}/v1/funds/${fundId}`, { headers })).status === 200) return { post, readable: performance.now() - t0 };
    await sleep(5);
  }
  throw new Error(`fund ${fundId} not readable within 30 s`);
};

export default async function idle(): Promise<void> {
  const baseline = process.env['BENCH_IDLE_BASELINE'];
  if (baseline !== undefined) await measure(path.resolve(baseline), 'baseline');
  await measure(REPO_ROOT, 'this checkout');
}

const measure = async (root: string, label: string): Promise<void> => {
  console.log(`-- ${label} (${root})`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'h5-idle-'));
  const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['infra/local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await started(child);
    const pid = child.pid ?? -1;
    await sleep(SETTLE_S * 1000);
    const load = loadavg()[0] ?? NaN;
    const before = treeCpu(pid);
    const t0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const spent = cpuBetween(before, treeCpu(pid));
    const seconds = (performance.now() - t0) / 1000;
    const byName = new Map<string, number>();
    for (const proc of spent) byName.set(proc.name, (byName.get(proc.name) ?? 0) + proc.seconds);
    const total = spent.reduce((sum, proc) => sum + proc.seconds, 0);
    const parts = [...byName].sort(([, a], [, b]) => b - a).map(([name, s]) => `${name} ${((100 * s) / seconds).toFixed(2)} %`);
    console.log(`idle npm start, ${WINDOW_S} s window after ${SETTLE_S} s settle, load average ${load.toFixed(2)} → ${(loadavg()[0] ?? NaN).toFixed(2)}`);
    console.log(`CPU of the process tree  ${((100 * total) / seconds).toFixed(2)} % of one core (${total.toFixed(2)} s in ${seconds.toFixed(0)} s): ${parts.join(', ')}`);

    const token = await signLocalToken(readSecret(dataDir), { role: 'finance-bureau', funds: [] });
    const url = `http://127.0.0.1:${PORT}`;
    const lags: { post: number; readable: number }[] = [];
    for (let i = 0; i < WAKE_SAMPLES; i += 1) {
      await sleep(10_000); // idle again, so the flow has backed off
      lags.push(await wakeLag(url, token));
    }
    console.log(`after 10 s idle, POST fund answered → readable in GET  ${lags.map((l) => `${l.post.toFixed(0)}→${l.readable.toFixed(0)} ms`).join(', ')}`);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([stopped(child), sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
};
