// The guide's 系统管理 chapters (docs/guide/admin-*.md), walked: every `npm run …` command any chapter
// tells its reader to run names a script of package.json and its CLI accepts the options as written
// (each run where it fails fast after reading them, and the same command with a misspelt option is
// seen refused, so the check can fail); and 备份与恢复 on the local stack done as the chapter says —
// `npm start`, stop (Ctrl-C), copy the data directory, start again, more business, stop, start from
// the copy: the books are those of the copy; and the drill (`npm run restore-drill -- --month …`)
// passes on the running stack.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GUIDE_DIR } from '../../scripts/guide-html';
import { findFreePort } from '../../infra/local/dynamo-local';

const root = path.resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const work = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-guide-admin-'));
const started: ChildProcess[] = [];

/** Every `npm …` / `npx …` command of the guide's chapters, from code blocks and inline code, as written. */
const guideCommands = (): { chapter: string; command: string }[] =>
  readdirSync(GUIDE_DIR)
    .filter((name) => name.endsWith('.md'))
    .flatMap((chapter) => {
      const text = readFileSync(path.join(GUIDE_DIR, chapter), 'utf8').replace(/\\\n\s*/g, ' ');
      const code = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n')).concat([...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? ''));
      return code.flatMap((line) => [...line.matchAll(/(?:^|[\s($])((?:[A-Z_]+=\S+ )*np[mx] [^#)`]*)/g)].map((m) => ({ chapter, command: (m[1] ?? '').trim() })));
    });

/** `npm run [-s] NAME [-- ARGS…]` split, or undefined for another npm/npx command. */
const npmRun = (command: string): { script: string; args: string[] } | undefined => {
  const m = /(?:^|\s)npm run (?:-s )?([\w:-]+)(?: -- (.*))?$/.exec(command);
  return m === null ? undefined : { script: m[1] ?? '', args: (m[2] ?? '').split(/\s+/).filter((a) => a !== '') };
};

/** A misspelt option (or word) per script whose CLI we run: the check must see it refused. */
const MISSPELT: Record<string, string[]> = {
  demo: ['--scal', '0.05'],
  token: ['finance-bureaux'],
  verify: ['--mnth', '2026-11'],
  'restore-drill': ['--mont', '2026-11'],
  import: ['x.csv', '--fnd', 'lc-risk-pool', '--kind', 'guarantees'],
};

/**
 * Runs a script's CLI where it cannot do its work (no stack, an empty data directory, a closed
 * port), so it stops right after reading its options: refused options are exit code 2 or a usage
 * or unknown-option message; anything else means the options were read as meant.
 */
const optionsRefused = async (script: string, args: string[]): Promise<string | undefined> => {
  const env = { ...process.env, DATA_DIR: path.join(work, 'empty'), FUND_LEDGER_URL: 'http://127.0.0.1:9', DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' };
  const answer = await promisify(execFile)('npm', ['run', '-s', script, '--', ...args], { cwd: root, env, timeout: 60_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? 1, stderr: error.stderr ?? '' }),
  );
  return answer.code === 2 || /usage:|unknown option/i.test(answer.stderr) ? `exit ${answer.code}: ${answer.stderr.trim().split('\n').slice(-2).join(' ')}` : undefined;
};

afterAll(async () => {
  for (const child of started) if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('the admin chapters’ commands (docs/guide)', () => {
  const commands = guideCommands();

  it('finds the commands the chapters give', () => {
    const runs = commands.map((c) => npmRun(c.command)?.script);
    for (const script of ['start', 'demo', 'token', 'restore-drill', 'verify', 'deploy:web']) expect(runs.includes(script) || commands.some((c) => c.command === `npm ${script}`), script).toBe(true);
  });

  it('names only scripts of package.json (or npm’s own commands and installed binaries)', () => {
    const wrong: string[] = [];
    for (const { chapter, command } of commands) {
      const run = npmRun(command);
      if (run !== undefined) {
        if (scripts[run.script] === undefined) wrong.push(`${chapter}: ${command}`);
        continue;
      }
      const [tool, verb] = command.replace(/^(?:[A-Z_]+=\S+ )*/, '').split(/\s+/);
      const ok = tool === 'npm' ? ['install', 'ci', 'start', 'test'].includes(verb ?? '') && (verb !== 'start' || scripts.start !== undefined) : readdirSync(path.join(root, 'node_modules/.bin')).includes(verb ?? '');
      if (!ok) wrong.push(`${chapter}: ${command}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives each CLI options it accepts; a misspelt option is refused', async () => {
    const wrong: string[] = [];
    const checked = new Set<string>();
    for (const { chapter, command } of commands) {
      const run = npmRun(command);
      // Placeholders (<基金编号…>) are not runnable as written; deploy:web publishes to AWS (its one argument is the stage).
      if (run === undefined || MISSPELT[run.script] === undefined || run.args.some((a) => a.includes('<'))) continue;
      checked.add(run.script);
      const refused = await optionsRefused(run.script, run.args);
      if (refused !== undefined) wrong.push(`${chapter}: ${command} — ${refused}`);
    }
    for (const [script, args] of Object.entries(MISSPELT)) if ((await optionsRefused(script, args)) === undefined) wrong.push(`npm run ${script} -- ${args.join(' ')} was not refused`);
    console.log(`guide commands: ${commands.length}; CLIs run with the chapters' options: ${[...checked].join(', ')}`);
    expect(wrong).toEqual([]);
    expect([...checked].sort()).toEqual(['demo', 'import', 'restore-drill', 'token', 'verify']);
  }, 240_000);
});

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
  closed: Promise<number | null>;
}

/** `npm start` on a data directory, leading its own process group as a terminal's job does. */
const npmStart = async (dataDir: string): Promise<Instance> => {
  const port = await findFreePort();
  const child = spawn('npm', ['start'], { cwd: root, detached: true, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  const begun = Date.now();
  while (!/is running at/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}: ${output}`);
    if (Date.now() - begun > 90_000) throw new Error(`npm start not running within 90 s: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, closed };
};

/** Ctrl-C in the terminal: SIGINT to the job's process group; resolves when it has stopped. */
const ctrlC = async (instance: Instance): Promise<void> => {
  process.kill(-(instance.child.pid ?? 0), 'SIGINT');
  await instance.closed;
};

/** `npm run -s <script> -- …args` on the data directory, answered with its exit code and output. */
const npmRunIn = async (dataDir: string, script: string, args: string[]): Promise<{ code: number; stdout: string }> =>
  promisify(execFile)('npm', ['run', '-s', script, '--', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, timeout: 180_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, stdout: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );

const post = async (instance: Instance, token: string, pathname: string, body: unknown): Promise<number> =>
  (await fetch(`${instance.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) })).status;

/** The fund's cash once the read model shows `expected` (bounded poll). */
const cashReaches = async (instance: Instance, token: string, expected: string): Promise<string> => {
  const deadline = Date.now() + 30_000;
  let cash = '';
  while (Date.now() < deadline) {
    const response = await fetch(`${instance.url}/v1/funds/lc-risk-pool`, { headers: { authorization: `Bearer ${token}` } });
    cash = response.ok ? String(((await response.json()) as { cash?: string }).cash) : `HTTP ${response.status}`;
    if (cash === expected) return cash;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return cash;
};

describe('备份与恢复 on the local stack, as docs/guide/admin-backup.md says', () => {
  it('a copy of the stopped data directory brings the books back as they were; the drill passes on the running stack', async () => {
    const chapter = readFileSync(path.join(GUIDE_DIR, 'admin-backup.md'), 'utf8');
    const drill = /`(npm run restore-drill -- --month (\d{4}-\d{2}))`/.exec(chapter);
    expect(drill, 'the chapter gives the local drill command').not.toBeNull();
    const month = drill?.[2] ?? '';
    const dataDir = path.join(work, 'data');
    const backup = path.join(work, 'backup');

    // npm start; some business in the drill's month.
    let stack = await npmStart(dataDir);
    const bureau = (await npmRunIn(dataDir, 'token', ['finance-bureau'])).stdout.trim();
    expect(await post(stack, bureau, '/v1/funds', { fundId: 'lc-risk-pool', kind: 'risk-pool', name: '聊城市政府性融资担保风险补偿资金池', openedOn: `${month}-01` })).toBe(201);
    expect(await post(stack, bureau, '/v1/funds/lc-risk-pool/capital-injections', { amount: '1000.00', occurredOn: `${month}-05`, source: 'city', reference: 'INJ-1' })).toBe(201);
    expect(await cashReaches(stack, bureau, '1000.00')).toBe('1000.00');

    // 步骤 3 (演练): while it runs.
    const drilled = await npmRunIn(dataDir, 'restore-drill', ['--month', month]);
    expect(drilled.stdout, drilled.stdout).toContain('RESTORE DRILL PASSED');
    expect(drilled.code).toBe(0);

    // 步骤 1 (备份): Ctrl-C, copy the whole data directory, npm start again; then more business.
    await ctrlC(stack);
    cpSync(dataDir, backup, { recursive: true });
    stack = await npmStart(dataDir);
    expect(await post(stack, bureau, '/v1/funds/lc-risk-pool/capital-injections', { amount: '2000.00', occurredOn: `${month}-06`, source: 'city', reference: 'INJ-2' })).toBe(201);
    expect(await cashReaches(stack, bureau, '3000.00')).toBe('3000.00');
    await ctrlC(stack);

    // 步骤 2 (恢复): DATA_DIR=<备份目录> npm start: the books of the copy, the later injection gone.
    stack = await npmStart(backup);
    expect(await cashReaches(stack, bureau, '1000.00')).toBe('1000.00');
    await ctrlC(stack);
  }, 400_000);
});
