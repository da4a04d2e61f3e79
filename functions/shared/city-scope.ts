// The city a piece of work acts for (issue 24). A request runs inside its caller's city, a consumer
// inside the city of the event it projects, a job once per city; every DynamoDB call made meanwhile
// reads and writes only that city's key range (functions/store/city-keys.ts). AsyncLocalStorage
// carries the city through every await, so code between the edge and the store never passes it on.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type CityId, DEFAULT_CITY } from '../../events/cities';

const scope = new AsyncLocalStorage<CityId>();

/** Set on the deployed functions: work outside a city's scope is a bug there, never a default. */
export const CITY_SCOPE_REQUIRED_ENV = 'CITY_SCOPE_REQUIRED';

export class NoCityScope extends Error {
  override readonly name = 'NoCityScope';
  constructor() {
    super('DynamoDB was reached outside any city scope (withCity) while CITY_SCOPE_REQUIRED=1');
  }
}

/** Runs fn (and everything it awaits) as the work of `city`. */
export const withCity = <T>(city: CityId, fn: () => T): T => scope.run(city, fn);

/** The city in scope, or the default city outside any scope (tests and one-city scripts) unless a scope is required. */
export const currentCity = (): CityId => {
  const city = scope.getStore();
  if (city !== undefined) return city;
  if (process.env[CITY_SCOPE_REQUIRED_ENV] === '1') throw new NoCityScope();
  return DEFAULT_CITY;
};

/** The key prefix of a city's range in both tables. */
export const cityKeyPrefix = (city: CityId): string => `C#${city}#`;
