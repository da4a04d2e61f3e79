// Month-end routes (issue 6): bank statements in, reconciliation on demand (started through
// deps.monthEnd: the month-end function in the cloud) and its report, period
// close, the monthly ledger report in JSON/CSV/XLSX, and the plan indicators.
import * as z from 'zod';
import { firstPolicyDate } from '../../../domain/business-date';
import { id, month as monthSchema, nonEmptyText } from '../../../events/primitives';
import { CloseRefused, closePeriods } from '../../month-end/period-close';
import { kpisForYear, kpisToJson } from '../../month-end/kpis';
import { monthlyReportCsv, monthlyReportJson, monthlyReportXlsx } from '../../month-end/monthly-report';
import { type FundMonthReport, fundMonthReport } from '../../month-end/report-schema';
import { type CsvHeaderValues, parseStatementCsv, parseStatementJson } from '../../month-end/statement-parse';
import { recordStatement, StatementTooLarge } from '../../month-end/statements';
import { createReconciliationReports } from '../../store/reconciliation-reports';
import type { JsonValue } from '../../store/types';
import type { Principal } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiProblem, notFound, validationProblem } from '../problems';
import { defineRoute, type Route, type RouteRequest } from '../route';
import { READERS, commandContext, json, requireFund } from './helpers';


const reportsOf = (deps: ApiDeps) => {
  if (deps.readTable === undefined) throw new Error('month-end routes need deps.readTable');
  return createReconciliationReports(deps.readTable);
};

/** The {month} path parameter, checked (the router only checks it looks like an id). */
const monthParam = (req: RouteRequest<unknown, unknown>): string => {
  const parsed = monthSchema.safeParse(req.params.month);
  if (!parsed.success) throw validationProblem([{ field: 'path.month', message: 'must be a month YYYY-MM' }]);
  return parsed.data;
};

/** A fund manager sees only its funds' reports; the bureau and auditors see all. */
const visible = (principal: Principal | undefined, reports: FundMonthReport[]): FundMonthReport[] =>
  principal === undefined || principal.roles.includes('finance-bureau') || principal.roles.includes('auditor')
    ? reports
    : reports.filter((r) => principal.funds.includes(r.fundId));

const monthReports = async (req: RouteRequest<unknown, unknown>, month: string): Promise<FundMonthReport[]> => {
  const reports = visible(req.principal, await reportsOf(req.deps).listMonth(month));
  if (reports.length === 0) throw notFound(`No month-end report for ${month}: run POST /v1/reconciliations {"month": "${month}"} first`);
  return reports;
};

/**
 * JSON statement {month, openingBalance, closingBalance, lines:[…]}, or a CSV file carried in JSON:
 * {month, openingBalance, closingBalance, csv: "<base64 of the file bytes>"} (UTF-8 or GBK).
 */
const statementBody = z.union([
  z.object({ csv: z.string().min(1).max(1_400_000), month: z.string().optional(), openingBalance: z.string().optional(), closingBalance: z.string().optional() }).strict(),
  z.object({ lines: z.array(z.unknown()) }).loose(),
]);

const closeBody = z.strictObject({ fundIds: z.array(id).min(1).max(100).optional(), overrideReason: nonEmptyText(500).optional() });
const reportQuery = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).default('json') });
// A year before the first policy version has no targets to measure against (issue 13: a 400, not a 500).
const firstPolicyYear = Number(firstPolicyDate().slice(0, 4));
const kpiQuery = z.strictObject({
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
    path: '/v1/funds/{fundId}/bank-statements',
    summary: "Record a month's bank statement of the fund's account (JSON, or CSV in base64, UTF-8 or GBK)",
    tag: 'month-end',
    roles: ['finance-bureau', 'fund-manager'],
    successStatus: 201,
    body: statementBody,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const body = req.body;
      const outcome =
        'csv' in body && typeof body.csv === 'string'
          ? parseStatementCsv(Buffer.from(body.csv, 'base64'), { month: body.month, openingBalance: body.openingBalance, closingBalance: body.closingBalance } as CsvHeaderValues)
          : parseStatementJson(body);
      if (!outcome.ok) throw validationProblem(outcome.errors);
      try {
        const context = commandContext(req);
        const recorded = await recordStatement(req.deps.store, {
          fundId,
          statement: outcome.statement,
          meta: context.meta,
          ...(context.idempotencyKey === undefined || context.requestHash === undefined ? {} : { idempotency: { key: context.idempotencyKey, requestHash: context.requestHash } }),
        });
        return json({ ...(recorded as Record<string, JsonValue>), ...(outcome.statement.encoding === undefined ? {} : { encoding: outcome.statement.encoding }) }, 201);
      } catch (error) {
        if (error instanceof StatementTooLarge) throw new ApiProblem('payload-too-large', error.message);
        throw error;
      }
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/v1/reconciliations',
    summary:
      'Start the month-end reconciliation of every fund for a month (the schedule runs it on the 1st). 202: status "accepted" (running in the month-end function; poll the Location) or "completed" with its summary',
    tag: 'month-end',
    roles: ['finance-bureau'],
    successStatus: 202,
    body: z.strictObject({ month: monthSchema }),
    handler: async (req) => {
      const { month } = req.body;
      // The idempotency key names the run: a retried request appends no second outcome.
      const runId = `api-${req.idempotencyKey ?? req.requestId}`;
      const started = await req.deps.monthEnd.start({ month, runId, actor: req.principal?.subject ?? 'api' });
      const summary: JsonValue | undefined = started.status === 'completed' ? { ...started.summary, funds: started.summary.funds.map((f) => ({ ...f })) } : undefined;
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
    body: closeBody,
    handler: async (req) => {
      const month = monthParam(req);
      const fundIds = req.body.fundIds ?? (await req.deps.queries.listFunds()).map((f) => f.fundId);
      for (const fundId of fundIds) {
        if ((await req.deps.store.readHead(`fund-${fundId}`)) === undefined) throw notFound(`Unknown fund ${fundId}`);
      }
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
    path: '/v1/reports/monthly/{month}',
    summary: 'Monthly ledger report: balances and movements by account, positions by fund kind (?format=json|csv|xlsx)',
    tag: 'month-end',
    roles: READERS,
    successStatus: 200,
    query: reportQuery,
    handler: async (req) => {
      const month = monthParam(req);
      const reports = await monthReports(req, month);
      const file = `fund-ledger-${month}`;
      if (req.query.format === 'csv') {
        return { status: 200, body: null, raw: { body: monthlyReportCsv(reports) }, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` } };
      }
      if (req.query.format === 'xlsx') {
        const bytes = await monthlyReportXlsx(month, reports);
        return {
          status: 200,
          body: null,
          raw: { body: bytes.toString('base64'), base64: true },
          headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="${file}.xlsx"` },
        };
      }
      return json(monthlyReportJson(month, reports));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/v1/kpis',
    summary: "The plan's indicators for a year: targets, actuals, progress and alert state",
    tag: 'month-end',
    roles: READERS,
    successStatus: 200,
    query: kpiQuery,
    handler: async (req) => {
      const today = req.deps.today();
      const year = req.query.year ?? Number(today.slice(0, 4));
      return json(kpisToJson(await kpisForYear(req.deps.store, year, today)));
    },
  }),
];
