// The province's reads (issue 24 §3) run one city at a time inside that city's scope (withCity), so
// every read goes through the same city-scoped client as the city's own users: the province sees a
// city's data through that city's key range and nothing else. At most CITY_CONCURRENCY cities are
// read at once, so sixteen cities do not open sixteen times the connections of one request.
import { CITY_IDS, CITY_NAMES_ZH, type CityId } from '../../events/cities';
import { eachConcurrently } from '../seal/each-concurrently';
import { withCity } from '../shared/city-scope';

/** Cities read at once by one province request. */
export const CITY_CONCURRENCY = 4;

export interface CityResult<R> {
  cityId: CityId;
  /** The city's Chinese name (济南市 …). */
  nameZh: string;
  value: R;
}

/** `work` for every city of the province, each inside its city's scope, answered in CITY_IDS order. */
export const eachCity = async <R>(work: (cityId: CityId) => Promise<R>, concurrency = CITY_CONCURRENCY): Promise<CityResult<R>[]> => {
  const results = new Map<CityId, R>();
  await eachConcurrently(CITY_IDS, concurrency, async (cityId) => {
    results.set(cityId, await withCity(cityId, () => work(cityId)));
  });
  return CITY_IDS.map((cityId) => ({ cityId, nameZh: CITY_NAMES_ZH[cityId], value: results.get(cityId) as R }));
};
