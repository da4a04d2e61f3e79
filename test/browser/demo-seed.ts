// The demo as a newcomer runs it, against a test's local stack: `npm run demo -- --url <stack> …`
// through the CLI (its options are the stable contract, docs/demo.md; its internals may change),
// with the stack's own tokens for the bureau, the second bureau user who approves, and the funds'
// manager, so no data directory is needed.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LocalStack } from '../../infra/local/stack';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** The demo's funds (docs/demo.md): a manager token names them. */
export const DEMO_FUNDS = { pool: 'lc-risk-pool', bridge: 'lc-bridge-fund', guide: 'lc-guidance-fund', subsidy: 'lc-subsidy-budget' } as const;

export interface DemoRun {
  /** What the demo printed (its summary). */
  output: string;
  /** Wall time of the run, seconds. */
  seconds: number;
}

export const runDemoCli = async (stack: LocalStack, args: readonly string[]): Promise<DemoRun> => {
  const started = performance.now();
  const tokens = [
    '--bureau-token', await stack.token('finance-bureau'),
    '--checker-token', await stack.token('finance-bureau', [], 'local-finance-bureau-checker'),
    '--manager-token', await stack.token('fund-manager', Object.values(DEMO_FUNDS)),
  ];
  try {
    const { stdout } = await promisify(execFile)(TSX, ['scripts/demo.ts', '--url', stack.url, ...tokens, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    return { output: stdout, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    // Exit code 1: a request was refused; the summary says which.
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run demo -- ${args.join(' ')} failed: ${String(error)}\n${stdout}\n${stderr}`);
  }
};
