// The demo for several cities of the province (`npm run demo -- --cities 16 --scale 0.25`): each
// city gets the same catalogue's year, drawn from its own seed, at the same scale. Liaocheng's year
// is exactly the single-city demo's (same seed, same requests, same books to the fen); another
// city's differs only in its seed, its name in the texts (济南 for 聊城) and its counties. The fund
// ids are the same in every city (`lc-risk-pool`…): each city's are in its own key range, which is
// the isolation the province issue asks for (a city's token sees only its own).
import { CITY_IDS, CITY_NAMES_ZH, type CityId, DEFAULT_CITY } from '../../events/cities';
import type { PreparedRequest } from '../../client/post-requests';
import type { County } from './catalogue';
import type { DemoOp } from './demo-op';
import { buildPlans, type DemoPlan, type PlanOptions } from './plan';

/** Liaocheng keeps the seed; another city's seed is the next ones in CITY_IDS order (its own year). */
export const citySeed = (seed: number, city: CityId): number => (city === DEFAULT_CITY ? seed : seed + 1 + CITY_IDS.indexOf(city));

/**
 * The county a city's request names where Liaocheng's year names `county`: the one place that
 * decides (today every city keeps Liaocheng's codes, which the county schema accepts; once counties
 * are per city, map by position into the city's list here).
 */
export const countyFor = (_city: CityId, county: County): string => county;

const shortName = (city: CityId): string => CITY_NAMES_ZH[city].replace(/市$/, '');

/** Deep copy of a request body with the city's name for 聊城's and its counties for Liaocheng's. */
const rewrite = (value: unknown, city: CityId, key?: string): unknown => {
  if (typeof value === 'string') return key === 'county' ? countyFor(city, value as County) : value.replaceAll('聊城', shortName(city));
  if (Array.isArray(value)) return value.map((v) => rewrite(v, city));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, city, k)]));
  return value;
};

const requestFor = (request: PreparedRequest, city: CityId): PreparedRequest =>
  // A file body (a bank's CSV or XLSX statement) is sent as is; a JSON body is rewritten.
  request.contentType === undefined ? { ...request, body: rewrite(request.body, city) } : request;

const opFor = (op: DemoOp, city: CityId): DemoOp => ({ ...op, request: requestFor(op.request, city) });

/** The demo year(s) of one city. */
export const cityPlans = (options: PlanOptions, city: CityId): DemoPlan[] => {
  const plans = buildPlans({ ...options, seed: citySeed(options.seed, city) });
  if (city === DEFAULT_CITY) return plans;
  return plans.map((plan) => ({ ...plan, policy: requestFor(plan.policy, city), setup: plan.setup.map((op) => opFor(op, city)), ops: plan.ops.map((op) => opFor(op, city)) }));
};
