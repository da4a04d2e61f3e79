// The city a province user is looking at (issue 24 §3): chosen by a city's link on the 全省 page
// (#/overview?city=jinan), kept for the browser tab, sent as ?city= with every API request while
// set (api/client.ts), cleared on the 全省 page. The API decides what the role may read; this only
// says which city's pages are on screen.
import { cityName } from '../format/city';

const CITY_KEY = 'fund-ledger.city';
const NAMES_KEY = 'fund-ledger.city-names';
const CITY_ID = /^[a-z]{2,32}$/;

export const viewedCity = (): string | undefined => sessionStorage.getItem(CITY_KEY) ?? undefined;

export const viewCity = (cityId: string | undefined): void => {
  if (cityId === undefined) sessionStorage.removeItem(CITY_KEY);
  else if (CITY_ID.test(cityId)) sessionStorage.setItem(CITY_KEY, cityId);
};

/** The cities' Chinese names as the 全省 page last read them, for the header. */
export const rememberCityNames = (names: Record<string, string>): void => sessionStorage.setItem(NAMES_KEY, JSON.stringify(names));

export const viewedCityName = (): string | undefined => {
  const cityId = viewedCity();
  if (cityId === undefined) return undefined;
  const names = JSON.parse(sessionStorage.getItem(NAMES_KEY) ?? '{}') as Record<string, string>;
  return cityName(cityId, names[cityId] ?? cityId);
};
