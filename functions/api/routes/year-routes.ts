// Year end (issue 21 §1): ask to close a year (held for a second person), and where each fund's year
// stands. The annual accounts are files (JSON, CSV, XLSX), served by apiFiles (annual-report-routes.ts).
import * as z from 'zod';
import { CHART_OF_ACCOUNTS, type AccountCode } from '../../../domain/accounts';
import { monthsOfYear } from '../../../domain/year-end';
import { formatYuan } from '../../../events/money';
import { id, nonEmptyText } from '../../../events/primitives';
import { decodeEvent } from '../../../events/registry';
import { streamIds } from '../../../events/stream-ids';
import { YearCloseRefused } from '../../commands/year-commands';
import type { JsonObject } from '../../store/types';
import { ApiProblem } from '../problems';
import { defineRoute, type Route, type RouteRequest } from '../route';
import { yearParam } from './year-param';
import { commandContext, fundsToClose, json, READERS, visibleFunds } from './helpers';

const closeYearBody = z.strictObject({ fundIds: z.array(id).min(1).max(100).optional(), reason: nonEmptyText(500).optional() });

const closingLine = z.object({ account: z.string(), nameZh: z.string(), side: z.enum(['debit', 'credit']), amount: z.string() });
export const yearStatusResponse = z.object({
  year: z.number().int(),
  funds: z.array(
    z.object({
      fundId: id,
      kind: z.string(),
      name: z.string(),
      status: z.enum(['open', 'closed']),
      /** Months of the year still open (from the fund's opening month). */
      openMonths: z.array(z.string()),
      requestedBy: z.string().optional(),
      approvedBy: z.string().optional(),
      closedAt: z.string().optional().meta({ description: 'UTC instant the closing entries were recorded' }),
      reason: z.string().optional(),
      closingEntries: z.array(closingLine),
    }),
  ),
});

const closeYearResponse = z.object({
  year: z.number().int(),
  status: z.literal('pending-approval'),
  approvals: z.array(z.object({ approvalId: z.string(), status: z.literal('pending-approval'), fundId: z.string(), income: z.string(), expense: z.string(), surplus: z.string() }).loose()),
});

/** One fund's year, read from its streams (the store, never the lagging read model). */
export async function fundYear(req: RouteRequest<unknown, unknown>, fund: { fundId: string; kind: string; name: string; openedOn: string }, year: number): Promise<z.output<typeof yearStatusResponse>['funds'][number]> {
  const { store } = req.deps;
  const months = monthsOfYear(fund.openedOn, year);
  const periods = await Promise.all(months.map((m) => store.readStream(streamIds.period(fund.fundId, m))));
  const openMonths = months.filter((_, i) => !(periods[i] ?? []).some((e) => e.type === 'PeriodClosed'));
  const [closing] = await store.readStream(streamIds.year(fund.fundId, year), { fromVersion: 1, toVersion: 1 });
  const base = { fundId: fund.fundId, kind: fund.kind, name: fund.name, openMonths };
  if (closing === undefined) return { ...base, status: 'open', closingEntries: [] };
  const event = decodeEvent(closing);
  if (event.type !== 'YearClosingPosted') throw new Error(`year stream of ${fund.fundId} starts with ${event.type}`);
  return {
    ...base,
    status: 'closed',
    requestedBy: event.data.requestedBy,
    approvedBy: closing.meta.actor,
    closedAt: closing.recordedAt,
    ...(event.data.reason === undefined ? {} : { reason: event.data.reason }),
    closingEntries: event.data.lines.map((l) => ({ account: l.account, nameZh: CHART_OF_ACCOUNTS[l.account as AccountCode]?.nameZh ?? '', side: l.side, amount: formatYuan(l.amount) })),
  };
}


export const yearRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/years/{year}/close',
    summary:
      'Ask to close a year (年度结账) for some or all funds: held for a second person (202 pending-approval, one approval per fund); on approval the closing entries (结转) move every income and expense balance to 3101 on 31 December, and nothing may be dated in the year any more (409 year-closed). 409 months-open names the months and funds still open',
    tag: 'year-end',
    roles: ['finance-bureau'],
    successStatus: 202,
    response: closeYearResponse,
    body: closeYearBody,
    handler: async (req) => {
      const year = yearParam(req);
      const explicit = req.body.fundIds !== undefined;
      const fundIds = await fundsToClose(req, req.body.fundIds);
      try {
        return await req.deps.commands.closeYear({ year, fundIds, explicit, ...(req.body.reason === undefined ? {} : { reason: req.body.reason }) }, commandContext(req));
      } catch (error) {
        if (!(error instanceof YearCloseRefused)) throw error;
        const funds: JsonObject[] = error.funds.map((f) => ({ fundId: f.fundId, months: f.months }));
        throw new ApiProblem(error.code, error.message, {
          code: error.code,
          actual: funds,
          errors: error.funds.map((f) => ({ field: `fund ${f.fundId}`, message: error.code === 'months-open' ? `months not closed: ${f.months.join(', ')}` : `year ${year} already closed` })),
        });
      }
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/v1/years/{year}',
    summary: "Where each fund's year stands: open or closed (who asked, who approved, when), the months still open, and the closing entries (结转)",
    tag: 'year-end',
    roles: READERS,
    successStatus: 200,
    response: yearStatusResponse,
    handler: async (req) => {
      const year = yearParam(req);
      const funds = (await visibleFunds(req)).filter((f) => monthsOfYear(f.openedOn, year).length > 0);
      const out = await Promise.all(funds.map((f) => fundYear(req, f, year)));
      return json(yearStatusResponse.parse({ year, funds: out }) as unknown as JsonObject);
    },
  }),
];
