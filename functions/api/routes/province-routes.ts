// The province's view (issue 24 §3): the 省财政厅 reads every city's funds, indicators and open
// alerts in one answer each, city by city inside the city's own scope (functions/province). Only
// the province role may ask; it writes nothing anywhere.
import * as z from 'zod';
import { provinceAlerts } from '../../province/province-alerts';
import { provinceFunds } from '../../province/province-funds';
import { provinceKpisJson } from '../../province/province-kpis';
import { provinceAlertsResponse, provinceFundsResponse, provinceKpisResponse } from '../province-responses';
import { defineRoute, type Route } from '../route';
import { json } from './helpers';
import { kpiQuery } from './month-end-routes';

const PROVINCE = ['province'] as const;
/** No parameters: an unknown one is a 400 rather than silently ignored. */
const noQuery = z.strictObject({});

export const provinceRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/province/kpis',
    summary:
      "Every city's plan indicators for a year (?year=, default this year) against its own targets, and the province's totals: amounts and counts summed, ratios recomputed from the summed parts (never averaged); a city without business shows zeros",
    tag: 'province',
    roles: PROVINCE,
    successStatus: 200,
    response: provinceKpisResponse,
    query: kpiQuery,
    handler: async (req) => {
      const today = req.deps.today();
      return json(await provinceKpisJson(req.deps, req.query.year ?? Number(today.slice(0, 4)), today));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/province/funds',
    summary: "Every city's funds with cash at bank and key balances, each city's totals and the province's; a city without funds is listed with none and zero totals",
    tag: 'province',
    roles: PROVINCE,
    successStatus: 200,
    response: provinceFundsResponse,
    query: noQuery,
    handler: async (req) => json(await provinceFunds(req.deps.queries)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/province/alerts',
    summary: 'The open (not yet resolved) alerts of every city, each naming its city, and the count of each city (zero included)',
    tag: 'province',
    roles: PROVINCE,
    successStatus: 200,
    response: provinceAlertsResponse,
    query: noQuery,
    handler: async (req) => json(await provinceAlerts(req.deps.queries)),
  }),
];
