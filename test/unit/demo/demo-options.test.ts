// npm run demo's command line (scripts/demo/options.ts): --cities and --scale parsed with zod, one
// clear line per mistake; without --cities the options are today's.
import { describe, expect, it } from 'vitest';
import { CITY_IDS } from '../../../events/cities';
import { concurrencyOf, parseDemoArgs } from '../../../scripts/demo/options';

const ok = (args: string[]) => {
  const parsed = parseDemoArgs(args);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.options;
};
const errors = (args: string[]): string[] => {
  const parsed = parseDemoArgs(args);
  if (parsed.ok) throw new Error(`accepted ${args.join(' ')}`);
  return parsed.errors;
};

describe('npm run demo options', () => {
  it("without --cities: one city, today's defaults", () => {
    const o = ok([]);
    expect(o.cities).toBeUndefined();
    expect(o).toMatchObject({ seed: 2024, scale: 1, months: 12, years: { from: 2024, count: 1 }, 'fund-lanes': 2 });
    expect(concurrencyOf(o)).toBe(6);
    expect(ok(['--scale', '0.02', '--months', '3']).scale).toBe(0.02);
  });

  it('--cities 16 --scale 0.25: every city, Liaocheng first', () => {
    const o = ok(['--cities', '16', '--scale', '0.25']);
    expect(o.scale).toBe(0.25);
    expect(o.cities).toHaveLength(16);
    expect(concurrencyOf(o)).toBe(2);
    expect(concurrencyOf(ok(['--cities', '16', '--concurrency', '4']))).toBe(4);
    expect(o.cities?.[0]).toBe('liaocheng');
    expect(new Set(o.cities)).toEqual(new Set(CITY_IDS));
    expect(ok(['--cities', '2']).cities).toEqual(['liaocheng', CITY_IDS.find((c) => c !== 'liaocheng')]);
  });

  it('--cities names cities, in the order given', () => {
    expect(ok(['--cities', 'jinan,liaocheng', '--city-lanes', '2']).cities).toEqual(['jinan', 'liaocheng']);
  });

  it('refuses a bad --cities or --scale with the option named', () => {
    expect(errors(['--cities', '0'])).toEqual(['--cities: a number of cities from 1 to 16, or city ids separated by commas']);
    expect(errors(['--cities', '17'])[0]).toMatch(/^--cities: a number of cities from 1 to 16/);
    expect(errors(['--cities', 'jinan,gotham'])[0]).toMatch(/^--cities: unknown city "gotham"/);
    expect(errors(['--cities', 'jinan,jinan'])).toEqual(['--cities: a city named twice']);
    expect(errors(['--scale', 'big'])[0]).toMatch(/^--scale: /);
    expect(errors(['--scale', '0'])[0]).toMatch(/^--scale: /);
    expect(errors(['--scale', '3'])[0]).toMatch(/^--scale: /);
  });

  it('refuses --city-lanes without --cities, and given tokens with --cities', () => {
    expect(errors(['--city-lanes', '2'])).toEqual(['--city-lanes: only with --cities']);
    expect(errors(['--cities', '2', '--bureau-token', 't'])[0]).toMatch(/^--bureau-token: not with --cities/);
    expect(errors(['--cities', '2', '--city-lanes', '17'])[0]).toMatch(/^--city-lanes: /);
  });

  it('refuses an unknown option, a missing value and a partial year range', () => {
    expect(errors(['--citys', '2'])[0]).toMatch(/--citys/);
    expect(errors(['--cities'])[0]).toMatch(/--cities/);
    expect(errors(['--years', '2024-2025', '--months', '3'])).toEqual(['--years: more than one year needs whole years (leave --months at 12)']);
  });
});
