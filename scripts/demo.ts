// `npm run demo [-- --url URL --seed N --scale X --months N]`: posts a realistic year 2024 for
// Liaocheng through the public HTTP API (docs/demo.md). Tokens are minted from DATA_DIR's local key
// as `npm run token` does, or given (--bureau-token/--manager-token) for a deployed stack.
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { localToken, DEFAULT_URL } from './lib/local-tokens';
import { createProgressBar } from './lib/progress-bar';
import { buildPlan, FUND_IDS } from './demo/plan';
import { runDemo } from './demo/run';
import { demoSummary } from './demo/summary';

const options = z.strictObject({
  url: z.url().default(process.env.FUND_LEDGER_URL ?? DEFAULT_URL),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(2024),
  scale: z.coerce.number().min(0.001).max(2).default(1),
  months: z.coerce.number().int().min(2).max(12).default(12),
  'pool-lanes': z.coerce.number().int().min(1).max(8).default(3),
  'bureau-token': z.string().min(1).optional(),
  'manager-token': z.string().min(1).optional(),
  help: z.boolean().optional(),
});

const USAGE = `usage: npm run demo -- [--url ${DEFAULT_URL}] [--seed 2024] [--scale 1] [--months 12] [--pool-lanes 3]
  posts the demo year through the API; re-running with the same seed adds nothing (docs/demo.md)`;

/** Whether this server's POST /v1/funds takes openedOn (issue 10; older servers refuse the field). */
const takesOpenedOn = async (url: string): Promise<boolean> => {
  const response = await fetch(`${url}/v1/openapi.json`);
  return response.ok && (await response.text()).includes('"openedOn"');
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, seed: { type: 'string' }, scale: { type: 'string' }, months: { type: 'string' }, 'pool-lanes': { type: 'string' }, 'bureau-token': { type: 'string' }, 'manager-token': { type: 'string' }, help: { type: 'boolean' } },
  });
  const parsed = options.safeParse(values);
  if (!parsed.success || parsed.data.help === true) {
    if (!parsed.success) for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(USAGE);
    process.exit(parsed.success ? 0 : 2);
  }
  const o = parsed.data;
  const url = o.url.replace(/\/$/, '');
  const tokens = {
    bureau: o['bureau-token'] ?? (await localToken('finance-bureau')),
    manager: o['manager-token'] ?? (await localToken('fund-manager', FUND_IDS)),
  };
  const plan = buildPlan({ seed: o.seed, scale: o.scale, months: o.months, year: 2024, withOpenedOn: await takesOpenedOn(url), poolLanes: o['pool-lanes'] });
  const bar = createProgressBar();
  const result = await runDemo({ baseUrl: url, tokens, plan, onProgress: (phase, done, total) => bar.update(done, total, phase) });
  bar.done();
  console.log(demoSummary(plan, result, url).join('\n'));
  if (result.refusals.length > 0 || result.statements.refused.length > 0) process.exitCode = 1;
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
