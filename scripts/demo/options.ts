// The command line of `npm run demo`, parsed with zod: every option a string from node:util's
// parseArgs, checked and converted here, so a mistake is one clear line per option and the usage
// (exit code 2) before anything is sent. scripts/demo.ts acts on the result.
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { CITY_IDS, type CityId, DEFAULT_CITY } from '../../events/cities';
import { DEFAULT_URL } from '../lib/local-tokens';

/**
 * `--cities 16` takes the first N cities with Liaocheng first (its year is the single-city demo's),
 * then the others in CITY_IDS order; `--cities jinan,liaocheng` names them.
 */
const citiesOption = z.string().transform((text, context): CityId[] => {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= CITY_IDS.length) return [DEFAULT_CITY, ...CITY_IDS.filter((c) => c !== DEFAULT_CITY)].slice(0, n);
    context.addIssue({ code: 'custom', message: `a number of cities from 1 to ${CITY_IDS.length}, or city ids separated by commas` });
    return z.NEVER;
  }
  const ids = text.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !(CITY_IDS as readonly string[]).includes(id));
  if (unknown.length > 0 || ids.length === 0) {
    context.addIssue({ code: 'custom', message: `unknown city ${unknown.map((u) => `"${u}"`).join(', ')}: a number (1–${CITY_IDS.length}) or ids of ${CITY_IDS.join(' ')}` });
    return z.NEVER;
  }
  if (new Set(ids).size !== ids.length) {
    context.addIssue({ code: 'custom', message: 'a city named twice' });
    return z.NEVER;
  }
  return ids as CityId[];
});

const optionsSchema = z
  .strictObject({
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
    // Default 6, or 2 a city with --cities (DEFAULT_CONCURRENCY): many cities at once share the stack's CPU.
    concurrency: z.coerce.number().int().min(1).max(64).optional(),
    'fund-lanes': z.coerce.number().int().min(1).max(16).default(2),
    cities: citiesOption.optional(),
    'city-lanes': z.coerce.number().int().min(1).max(CITY_IDS.length).optional(),
    'bureau-token': z.string().min(1).optional(),
    'checker-token': z.string().min(1).optional(),
    'manager-token': z.string().min(1).optional(),
    help: z.boolean().optional(),
  })
  .superRefine((o, context) => {
    if (o.years.count > 1 && o.months !== 12) context.addIssue({ code: 'custom', path: ['years'], message: 'more than one year needs whole years (leave --months at 12)' });
    if (o['city-lanes'] !== undefined && o.cities === undefined) context.addIssue({ code: 'custom', path: ['city-lanes'], message: 'only with --cities' });
    // A token carries one city; with several cities the demo mints each city's from DATA_DIR.
    const given = (['bureau-token', 'checker-token', 'manager-token'] as const).filter((k) => o[k] !== undefined);
    if (o.cities !== undefined && given.length > 0) context.addIssue({ code: 'custom', path: [given[0] ?? 'cities'], message: 'not with --cities: a token is one city\'s, so each city\'s tokens are minted from DATA_DIR' });
  });

export type DemoOptions = z.output<typeof optionsSchema>;

/**
 * Requests in flight, per city. One city: 6 (docs/demo.md "Sending"). Several: 2 each, so that all
 * cities at once keep the stack's CPU busy without queueing: a city's bridge fund sends one request
 * at a time, so its year takes as long as each answer, and the answer as long as the queue in front.
 */
export const concurrencyOf = (o: DemoOptions): number => o.concurrency ?? (o.cities === undefined ? 6 : 2);

export const USAGE = `usage: npm run demo -- [--url ${DEFAULT_URL}] [--seed 2024] [--scale 1] [--months 12] [--years 2024[-2025]]
                        [--concurrency 6] [--fund-lanes 2] [--bureau-token T --checker-token T --manager-token T]
                        [--cities 16|jinan,qingdao,… [--city-lanes 16]]
  posts the demo year(s) through the API; re-running with the same seed adds nothing (docs/demo.md)`;

export type ParsedDemoArgs = { ok: true; options: DemoOptions } | { ok: false; errors: string[] };

/** argv without the node and script names (process.argv.slice(2)). */
export const parseDemoArgs = (args: readonly string[]): ParsedDemoArgs => {
  let values: unknown;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: Object.fromEntries([...Object.keys(optionsSchema.shape).filter((k) => k !== 'help').map((k) => [k, { type: 'string' as const }]), ['help', { type: 'boolean' as const }]]),
    }));
  } catch (error) {
    // An unknown option or a missing value: node's own message names it.
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`) };
  return { ok: true, options: parsed.data };
};
