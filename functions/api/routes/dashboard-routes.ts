// Reads the dashboard needs beyond the books' own routes: a fund's cash at each month's end, for
// the overview's monthly cash chart (one request per fund instead of one per month).
import * as z from 'zod';
import { CASH_ACCOUNT } from '../../../domain/accounts';
import { formatYuan } from '../../../domain/money';
import { defineRoute, type Route } from '../route';
import { cashByMonthResponse } from '../responses';
import { READERS, json, requireFund } from './helpers';

const cashByMonthQuery = z.strictObject({ year: z.string().regex(/^\d{4}$/, { error: 'must be a year YYYY' }).transform(Number).optional() });

/** Last calendar day of a month, YYYY-MM-DD (day 0 of the next month). */
export const monthEnd = (year: number, month: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;

export const dashboardRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/cash-by-month',
    summary: "Cash at bank (1001) at each month's end of a year (?year=, default this year), up to the current month",
    tag: 'books',
    roles: READERS,
    successStatus: 200,
    response: cashByMonthResponse,
    query: cashByMonthQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const today = req.deps.today();
      const year = req.query.year ?? Number(today.slice(0, 4));
      const lastMonth = year === Number(today.slice(0, 4)) ? Number(today.slice(5, 7)) : year > Number(today.slice(0, 4)) ? 0 : 12;
      const months = await Promise.all(
        Array.from({ length: lastMonth }, async (_unused, index) => {
          const view = await req.deps.queries.getBalances(fundId, monthEnd(year, index + 1));
          const cash = view.accounts.find((a) => a.code === CASH_ACCOUNT);
          return { month: `${year}-${String(index + 1).padStart(2, '0')}`, cash: formatYuan((cash?.debit ?? 0n) - (cash?.credit ?? 0n)) };
        }),
      );
      return json({ fundId, year, months });
    },
  }),
];
