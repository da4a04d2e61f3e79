// `npm run demo [-- --url URL --seed N --scale X --months N --years 2024-2025 --cities 16]`: posts a
// realistic year 2024 (or several years, each closed before the next) for Liaocheng — or for several
// cities of the province, each with its own tokens — through the public HTTP API (docs/demo.md).
// Tokens are minted from DATA_DIR's local key as `npm run token` does, or given
// (--bureau-token/--checker-token/--manager-token) for a deployed stack.
import { CITY_NAMES_ZH, type CityId } from '../events/cities';
import { localToken } from './lib/local-tokens';
import { createProgressBar } from './lib/progress-bar';
import { cityPlans } from './demo/cities';
import { concurrencyOf, type DemoOptions, parseDemoArgs, USAGE } from './demo/options';
import { buildPlans, FUND_IDS, type PlanOptions } from './demo/plan';
import { refusedAnything, runYears, type DemoTokens } from './demo/run';
import { runCities } from './demo/run-cities';
import { citiesSummary, demoSummary } from './demo/summary';

/** Whether this server's POST /v1/funds takes openedOn (issue 10; older servers refuse the field). */
const takesOpenedOn = async (url: string): Promise<boolean> => {
  const response = await fetch(`${url}/v1/openapi.json`);
  return response.ok && (await response.text()).includes('"openedOn"');
};

/** A city's three people, minted from DATA_DIR's key unless given (no city: today's token, Liaocheng's). */
const demoTokens = async (city?: CityId, given: Partial<DemoTokens> = {}): Promise<DemoTokens> => ({
  bureau: given.bureau ?? (await localToken('finance-bureau', [], undefined, undefined, city)),
  // A second person of the bureau: approves what the API holds (never the maker).
  checker: given.checker ?? (await localToken('finance-bureau', [], undefined, 'local-finance-bureau-checker', city)),
  manager: given.manager ?? (await localToken('fund-manager', FUND_IDS, undefined, undefined, city)),
});

/** Today's demo: one city (Liaocheng), the summary of each year. */
const oneCity = async (o: DemoOptions, url: string, planOptions: PlanOptions): Promise<void> => {
  const given = { bureau: o['bureau-token'], checker: o['checker-token'], manager: o['manager-token'] };
  const tokens = await demoTokens(undefined, Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
  const plans = buildPlans(planOptions);
  const bar = createProgressBar();
  const started = performance.now();
  await runYears(plans, {
    baseUrl: url,
    tokens,
    concurrency: concurrencyOf(o),
    perFund: o['fund-lanes'],
    onProgress: (plan, phase, done, total) => bar.update(done, total, `${plan.period.year} ${phase}`),
    onYear: (plan, result) => {
      bar.done();
      console.log(demoSummary(plan, result, url).join('\n'));
      if (refusedAnything(result)) process.exitCode = 1;
    },
  });
  if (plans.length > 1) console.log(`\n${plans.length} demo years in ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

/** `--cities`: every city's years, `--city-lanes` cities at a time (default all), one line per city and year. */
const severalCities = async (o: DemoOptions, cities: readonly CityId[], url: string, planOptions: PlanOptions): Promise<void> => {
  const bar = createProgressBar();
  const started = performance.now();
  const runs = await runCities({
    baseUrl: url,
    cities,
    plansOf: (city) => cityPlans(planOptions, city),
    tokensOf: (city) => demoTokens(city),
    concurrency: concurrencyOf(o),
    perFund: o['fund-lanes'],
    // Other cities keep the stack busy while one waits for its read models.
    projectionTimeoutMs: 900_000,
    cityLanes: o['city-lanes'] ?? cities.length,
    onProgress: (done, total, citiesDone) => bar.update(done, total, `${citiesDone}/${cities.length} cities done`),
  });
  bar.done();
  console.log(citiesSummary(runs.map((r) => ({ ...r, nameZh: CITY_NAMES_ZH[r.city] })), performance.now() - started, url, o.scale).join('\n'));
  if (runs.some((r) => r.results.some(refusedAnything))) process.exitCode = 1;
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const parsed = parseDemoArgs(args);
  if (!parsed.ok || parsed.options.help === true) {
    if (!parsed.ok) for (const error of parsed.errors) console.error(error);
    console.error(USAGE);
    process.exit(parsed.ok ? 0 : 2);
  }
  const o = parsed.options;
  const url = o.url.replace(/\/$/, '');
  const planOptions: PlanOptions = { seed: o.seed, scale: o.scale, months: o.months, year: o.years.from, years: o.years.count, withOpenedOn: await takesOpenedOn(url) };
  if (o.cities === undefined) await oneCity(o, url, planOptions);
  else await severalCities(o, o.cities, url, planOptions);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
