// The demo for several cities of the province (`npm run demo -- --cities 16 --scale 0.25`): each
// city gets the same catalogue's year, drawn from its own seed, at the same scale. Liaocheng's year
// is exactly the single-city demo's (same seed, same requests, same books to the fen); another
// city's differs only in its seed, its names in the texts (济南 for 聊城, its districts for
// Liaocheng's) and its county codes (its own list, events/city-counties.ts). The fund
// ids are the same in every city (`lc-risk-pool`…): each city's are in its own key range, which is
// the isolation the province issue asks for (a city's token sees only its own).
import { CITY_IDS, CITY_NAMES_ZH, type CityId, DEFAULT_CITY } from '../../events/cities';
import type { PreparedRequest } from '../../client/post-requests';
import { type CityCounty, countiesOf } from '../../events/city-counties';
import { COUNTIES, COUNTY_NAMES_ZH, type County } from './catalogue';
import type { DemoOp } from './demo-op';
import { buildPlans, type DemoPlan, type PlanOptions } from './plan';

/** Liaocheng keeps the seed; another city's seed is the next ones in CITY_IDS order (its own year). */
export const citySeed = (seed: number, city: CityId): number => (city === DEFAULT_CITY ? seed : seed + 1 + CITY_IDS.indexOf(city));

/**
 * The county a city's request names where Liaocheng's year names `county`: the one place that
 * decides. By position: Liaocheng's n-th (its official order, events/city-counties.ts) is the
 * city's n-th, round the city's list when it is shorter; so the urban district leads everywhere.
 */
export const countyFor = (city: CityId, county: County): CityCounty => {
  const list = countiesOf(city);
  return list[Math.max(0, COUNTIES.indexOf(county)) % list.length] ?? { code: county, name: COUNTY_NAMES_ZH[county], nameEn: county };
};

/** Liaocheng's place names in the texts (聊城, its counties, and their stems of two characters or more, as agencies and banks use them) → the city's. */
const placeNames = (city: CityId): Map<string, string> => {
  const names = new Map<string, string>([['聊城', CITY_NAMES_ZH[city].replace(/市$/, '')]]);
  for (const county of COUNTIES) {
    const theirs = countyFor(city, county).name;
    names.set(COUNTY_NAMES_ZH[county], theirs);
    const stem = COUNTY_NAMES_ZH[county].replace(/[区市县]$/, '');
    if (stem.length >= 2 && stem !== COUNTY_NAMES_ZH[county]) names.set(stem, theirs.length > 2 ? theirs.replace(/[区市县]$/, '') : theirs);
  }
  return names;
};

/** Deep copy of a request body with the city's names and county codes for Liaocheng's, in one pass (no name is replaced twice). */
const rewrite = (value: unknown, city: CityId, names: Map<string, string>, pattern: RegExp, key?: string): unknown => {
  if (typeof value === 'string') return key === 'county' ? countyFor(city, value as County).code : value.replace(pattern, (name) => names.get(name) ?? name);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, city, names, pattern));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, city, names, pattern, k)]));
  return value;
};

/** The demo year(s) of one city. */
export const cityPlans = (options: PlanOptions, city: CityId): DemoPlan[] => {
  const plans = buildPlans({ ...options, seed: citySeed(options.seed, city) });
  if (city === DEFAULT_CITY) return plans;
  const names = placeNames(city);
  // Longest first, so 东昌府区 is taken whole before its stem 东昌府.
  const pattern = new RegExp([...names.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');
  // A file body (a bank's CSV or XLSX statement) would be sent as is; a JSON body is rewritten.
  const requestFor = (request: PreparedRequest): PreparedRequest => (request.contentType === undefined ? { ...request, body: rewrite(request.body, city, names, pattern) } : request);
  const opFor = (op: DemoOp): DemoOp => ({ ...op, request: requestFor(op.request) });
  return plans.map((plan) => ({ ...plan, policy: requestFor(plan.policy), setup: plan.setup.map(opFor), ops: plan.ops.map(opFor) }));
};
