// Runs a job once per city (issue 24 §3), each inside withCity(city) so it reads and writes only that
// city's key range, seals and archives, at most `concurrency` cities at once. A city whose run throws
// is recorded as failed with its error and the others go on; a city without data is skipped after one
// cheap check. The outcomes, one per city in the order given, are the run's summary.
import type { CityId } from '../../events/cities';
import { withCity } from '../shared/city-scope';
import { eachConcurrently } from '../seal/each-concurrently';

export type CityOutcome<T> =
  | { city: CityId; status: 'done'; result: T }
  | { city: CityId; status: 'skipped'; reason: string }
  | { city: CityId; status: 'failed'; error: string };

export interface EachCityOptions {
  /** Cities run at once (default 2: the machine's, or the function's, share for a job). */
  concurrency?: number;
  /** Whether the current city has data at all; a city without is skipped (default: every city runs). */
  hasData?: () => Promise<boolean>;
}

export const NO_DATA = 'no data: the city has no fund';

export const DEFAULT_CITY_CONCURRENCY = 2;

export const eachCity = async <T>(cities: readonly CityId[], task: (city: CityId) => Promise<T>, options: EachCityOptions = {}): Promise<CityOutcome<T>[]> => {
  const outcomes = new Map<CityId, CityOutcome<T>>();
  await eachConcurrently(cities, options.concurrency ?? DEFAULT_CITY_CONCURRENCY, (city) =>
    withCity(city, async () => {
      try {
        if (options.hasData !== undefined && !(await options.hasData())) outcomes.set(city, { city, status: 'skipped', reason: NO_DATA });
        else outcomes.set(city, { city, status: 'done', result: await task(city) });
      } catch (error) {
        // One city's failure is its own: recorded here, the other cities go on.
        outcomes.set(city, { city, status: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return cities.map((city) => outcomes.get(city) as CityOutcome<T>);
};

/** The outcomes in a few words for a log line: which cities ran, were skipped, failed (and why). */
export const citySummary = (outcomes: readonly CityOutcome<unknown>[]): { done: CityId[]; skipped: CityId[]; failed: { city: CityId; error: string }[] } => ({
  done: outcomes.filter((o) => o.status === 'done').map((o) => o.city),
  skipped: outcomes.filter((o) => o.status === 'skipped').map((o) => o.city),
  failed: outcomes.flatMap((o) => (o.status === 'failed' ? [{ city: o.city, error: o.error }] : [])),
});
