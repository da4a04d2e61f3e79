// `npm run demo [-- --url URL --seed N --scale X --months N --years 2024-2025]`: posts a realistic
// year 2024 (or several years, each closed before the next) for Liaocheng through the public HTTP
// API (docs/demo.md). Tokens are minted from DATA_DIR's local key as `npm run token` does, or given
// (--bureau-token/--checker-token/--manager-token) for a deployed stack.
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { localToken, DEFAULT_URL } from './lib/local-tokens';
import { createProgressBar } from './lib/progress-bar';
import { buildPlans, FUND_IDS } from './demo/plan';
import { type DemoResult, runDemo } from './demo/run';
import { demoSummary } from './demo/summary';

const options = z.strictObject({
  url: z.url().default(process.env.FUND_LEDGER_URL ?? DEFAULT_URL),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(2024),
  scale: z.coerce.number().min(0.001).max(2).default(1),
  months: z.coerce.number().int().min(2).max(12).default(12),
  years: z
    .string()
    .regex(/^\d{4}(-\d{4})?$/, { error: 'a year (2024) or a range (2024-2025)' })
    .transform((text) => {
      const [from, to = from] = text.split('-').map(Number) as [number, number?];
      return { from, count: to - from + 1 };
    })
    .refine((y) => y.from >= 2024 && y.count >= 1 && y.count <= 3, { error: 'from 2024, at most three years' })
    .default({ from: 2024, count: 1 }),
  concurrency: z.coerce.number().int().min(1).max(64).default(6),
  'fund-lanes': z.coerce.number().int().min(1).max(16).default(2),
  'bureau-token': z.string().min(1).optional(),
  'checker-token': z.string().min(1).optional(),
  'manager-token': z.string().min(1).optional(),
  help: z.boolean().optional(),
});

const USAGE = `usage: npm run demo -- [--url ${DEFAULT_URL}] [--seed 2024] [--scale 1] [--months 12] [--years 2024[-2025]]
                        [--concurrency 6] [--fund-lanes 2] [--bureau-token T --checker-token T --manager-token T]
  posts the demo year(s) through the API; re-running with the same seed adds nothing (docs/demo.md)`;

/** Whether this server's POST /v1/funds takes openedOn (issue 10; older servers refuse the field). */
const takesOpenedOn = async (url: string): Promise<boolean> => {
  const response = await fetch(`${url}/v1/openapi.json`);
  return response.ok && (await response.text()).includes('"openedOn"');
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: Object.fromEntries([...Object.keys(options.shape).filter((k) => k !== 'help').map((k) => [k, { type: 'string' as const }]), ['help', { type: 'boolean' as const }]]),
  });
  const parsed = options.safeParse(values);
  if (!parsed.success || parsed.data.help === true) {
    if (!parsed.success) for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(USAGE);
    process.exit(parsed.success ? 0 : 2);
  }
  const o = parsed.data;
  const url = o.url.replace(/\/$/, '');
  if (o.years.count > 1 && o.months !== 12) {
    console.error('--years with more than one year needs whole years (leave --months at 12)');
    process.exit(2);
  }
  const tokens = {
    bureau: o['bureau-token'] ?? (await localToken('finance-bureau')),
    // A second person of the bureau: approves what the API holds (never the maker).
    checker: o['checker-token'] ?? (await localToken('finance-bureau', [], undefined, 'local-finance-bureau-checker')),
    manager: o['manager-token'] ?? (await localToken('fund-manager', FUND_IDS)),
  };
  const plans = buildPlans({ seed: o.seed, scale: o.scale, months: o.months, year: o.years.from, years: o.years.count, withOpenedOn: await takesOpenedOn(url) });
  const bar = createProgressBar();
  const started = performance.now();
  let previous: DemoResult | undefined;
  for (const plan of plans) {
    const result = await runDemo({
      baseUrl: url,
      tokens,
      plan,
      concurrency: o.concurrency,
      perFund: o['fund-lanes'],
      onProgress: (phase, done, total) => bar.update(done, total, `${plan.period.year} ${phase}`),
      ...(previous === undefined ? {} : { openingCash: previous.cash }),
    });
    bar.done();
    console.log(demoSummary(plan, result, url).join('\n'));
    if (result.refusals.length > 0 || result.statements.refused.length > 0 || result.yearClose?.refused !== undefined) process.exitCode = 1;
    previous = result;
  }
  if (plans.length > 1) console.log(`\n${plans.length} demo years in ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
