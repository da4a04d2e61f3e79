// Sends several cities' demo years through one API: `cityLanes` cities at a time, each city with
// its own tokens (its city's claim) and its years one after the other, as a single-city run sends
// them. The stack is bound by CPU per request (docs/demo.md "Run time"): what shortens the run is
// many cities at once with few requests each in flight (each city's bridge fund goes one request at
// a time, so it ends sooner the shorter the queue in front of the stack).
import { type CityId } from '../../events/cities';
import type { DemoPlan } from './plan';
import { type DemoResult, type DemoTokens, runYears, type YearsRunOptions } from './run';

export interface CityRun {
  city: CityId;
  results: DemoResult[];
  elapsedMs: number;
}

export interface CitiesRunOptions extends Omit<YearsRunOptions, 'tokens' | 'onProgress' | 'onYear'> {
  cities: readonly CityId[];
  plansOf: (city: CityId) => DemoPlan[];
  tokensOf: (city: CityId) => Promise<DemoTokens>;
  /** Cities sent at once (default: all). */
  cityLanes?: number;
  /** Commands sent so far over all cities, of all their years' commands; and the cities finished. */
  onProgress?: (done: number, total: number, citiesDone: number) => void;
}

export const runCities = async (options: CitiesRunOptions): Promise<CityRun[]> => {
  const { cities, plansOf, tokensOf, cityLanes = cities.length, onProgress, ...rest } = options;
  const plans = new Map(cities.map((city) => [city, plansOf(city)]));
  const total = [...plans.values()].flat().reduce((s, p) => s + p.setup.length + p.ops.length, 0);
  let done = 0;
  let citiesDone = 0;
  const runs = new Map<CityId, CityRun>();
  const queue = [...cities];
  const lane = async (): Promise<void> => {
    for (let city = queue.shift(); city !== undefined; city = queue.shift()) {
      const started = performance.now();
      const cityPlans = plans.get(city) ?? [];
      const results = await runYears(cityPlans, {
        ...rest,
        tokens: await tokensOf(city),
        onProgress: (_plan, phase) => {
          if (phase === 'year') onProgress?.(++done, total, citiesDone);
        },
      });
      runs.set(city, { city, results, elapsedMs: performance.now() - started });
      onProgress?.(done, total, ++citiesDone);
    }
  };
  await Promise.all(Array.from({ length: Math.min(cityLanes, cities.length) }, lane));
  // In the order asked, whatever order they finished in.
  return cities.map((city) => runs.get(city)).filter((run): run is CityRun => run !== undefined);
};
