// Month-end routes (issue 6): reconciliation on demand (started through deps.monthEnd: the
// month-end function in the cloud) and its report, period close, and the plan indicators. Bank
// statements and the monthly ledger report are files, served by apiFiles (bank-statement-routes.ts,
// report-routes.ts).
import * as z from 'zod';
import { firstPolicyDate } from '../../../domain/business-date';
import { id, month as monthSchema, nonEmptyText } from '../../../events/primitives';
import { CloseRefused, closePeriods } from '../../month-end/period-close';
import { kpisToJson, ledgerKpis } from '../../month-end/kpis';
import { fundMonthReport } from '../../month-end/report-schema';
import type { JsonValue } from '../../store/types';
import { ApiProblem, notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { READERS, commandContext, fundsToClose, json } from './helpers';
import { monthParam, monthReports } from './month-reports';
import { closeResponse, kpisResponse, reconciliationResponse, reconciliationStartResponse } from '../responses';

const closeBody = z.strictObject({ fundIds: z.array(id).min(1).max(100).optional(), overrideReason: nonEmptyText(500).optional() });

// A year before the first policy version has no targets to measure against (issue 13: a 400, not a 500).
const firstPolicyYear = Number(firstPolicyDate().slice(0, 4));
export const kpiQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, { error: 'must be a year YYYY' })
    .transform(Number)
    .refine((year) => year >= firstPolicyYear, { error: `must be ${firstPolicyYear} or later (no policy version covers earlier years)` })
    .optional(),
});

export const monthEndRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/reconciliations',
    summary:
      'Start the month-end reconciliation of every fund for a month (the schedule runs it on the 1st). 202: status "accepted" (running in the month-end function; poll the Location) or "completed" with its summary',
    tag: 'month-end',
    roles: ['finance-bureau'],
    successStatus: 202,
    response: reconciliationStartResponse,
    body: z.strictObject({ month: monthSchema }),
    handler: async (req) => {
      const { month } = req.body;
      // The idempotency key names the run: a retried request appends no second outcome.
      const runId = `api-${req.idempotencyKey ?? req.requestId}`;
      const started = await req.deps.monthEnd.start({ month, runId, actor: req.principal?.subject ?? 'api' });
      const summary: JsonValue | undefined =
        started.status === 'completed'
          ? { ...started.summary, funds: started.summary.funds.map((f) => ({ ...f })), unplacedEvents: started.summary.unplacedEvents.map((e) => ({ ...e })) }
          : undefined;
      return {
        status: 202,
        body: { month, runId, status: started.status, ...(summary === undefined ? {} : { summary }) },
        headers: { location: `/v1/reconciliations/${month}` },
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/v1/reconciliations/{month}',
    summary: "The month's reconciliation report of every fund (latest run)",
    tag: 'month-end',
    roles: READERS,
    successStatus: 200,
    response: reconciliationResponse,
    handler: async (req) => {
      const month = monthParam(req);
      const reports = await monthReports(req, month);
      return json({ month, funds: reports.map((r) => fundMonthReport.encode(r) as unknown as JsonValue) });
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/v1/periods/{month}/close',
    summary: 'Close a month for some or all funds (needs a clean reconciliation or an override reason)',
    tag: 'month-end',
    roles: ['finance-bureau'],
    successStatus: 200,
    response: closeResponse,
    body: closeBody,
    handler: async (req) => {
      const month = monthParam(req);
      const fundIds = await fundsToClose(req, req.body.fundIds);
      try {
        const outcomes = await closePeriods(req.deps.commands.pipeline, {
          month,
          fundIds,
          ...(req.body.overrideReason === undefined ? {} : { overrideReason: req.body.overrideReason }),
          context: commandContext(req),
        });
        return json({ month, funds: outcomes.map((o) => ({ ...o })) });
      } catch (error) {
        if (!(error instanceof CloseRefused)) throw error;
        throw new ApiProblem('business-rule', error.message, {
          code: 'reconciliation-not-clean',
          errors: error.refusals.map((r) => ({ field: `fund ${r.fundId}`, message: `${r.error.message} (${r.error.actual ?? ''})` })),
        });
      }
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/v1/kpis',
    summary: "The plan's indicators for a year: targets, actuals, progress and alert state",
    tag: 'month-end',
    roles: READERS,
    successStatus: 200,
    response: kpisResponse,
    query: kpiQuery,
    handler: async (req) => {
      const today = req.deps.today();
      const year = req.query.year ?? Number(today.slice(0, 4));
      return json(kpisToJson(await ledgerKpis(req.deps, year, today)));
    },
  }),
];
