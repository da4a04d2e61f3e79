// Month-end routes (issue 6): bank statements in, reconciliation on demand (started through
// deps.monthEnd: the month-end function in the cloud) and its report, period
// close, the monthly ledger report in JSON/CSV/XLSX, and the plan indicators.
import * as z from 'zod';
import { firstPolicyDate } from '../../../domain/business-date';
import { formatYuan } from '../../../events/money';
import { id, month as monthSchema, nonEmptyText } from '../../../events/primitives';
import { CloseRefused, closePeriods } from '../../month-end/period-close';
import { kpisForYear, kpisToJson } from '../../month-end/kpis';
import { monthlyReportCsv, monthlyReportJson, monthlyReportXlsx } from '../../month-end/monthly-report';
import { type FundMonthReport, fundMonthReport } from '../../month-end/report-schema';
import { parseStatementCsv, parseStatementJson, parseStatementTable, type StatementOutcome } from '../../month-end/statement-parse';
import { recordStatement, StatementTooLarge } from '../../month-end/statements';
import { createReconciliationReports } from '../../store/reconciliation-reports';
import type { JsonValue } from '../../store/types';
import type { Principal } from '../auth';
import type { ApiDeps } from '../deps';
import { negotiate } from '../accept';
import { ApiProblem, notFound, validationProblem } from '../problems';
import { XLSX_MEDIA_TYPE } from '../upload';
import { defineRoute, type Route, type RouteRequest } from '../route';
import { READERS, commandContext, json, requireFund } from './helpers';
import { closeResponse, kpisResponse, reconciliationResponse, reconciliationStartResponse, statementRecordedResponse } from '../responses';


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
const csvInJson = z.strictObject({ csv: z.string().min(1).max(1_400_000), month: z.string().optional(), openingBalance: z.string().optional(), closingBalance: z.string().optional() });
const statementBody = z.union([csvInJson, z.object({ lines: z.array(z.unknown()) }).loose()]);

/** Month and balances for a statement file: query parameters, or form fields of a multipart upload. */
const statementQuery = z.strictObject({
  month: z.string().optional().meta({ description: 'YYYY-MM; default: the month of the lines' }),
  openingBalance: z.string().optional().meta({ description: 'Yuan; default: first line\'s 余额 minus its amount' }),
  closingBalance: z.string().optional().meta({ description: 'Yuan; default: last line\'s 余额' }),
});

const STATEMENT_FIELDS = ['month', 'openingBalance', 'closingBalance'] as const;

/** The statement in whichever form it came: a file body, CSV in JSON, or JSON lines. */
const statementOutcome = (req: RouteRequest<z.infer<typeof statementBody>, unknown>): StatementOutcome => {
  if (req.file !== undefined) {
    const { fields } = req.file;
    const unknown = Object.keys(fields).filter((name) => !(STATEMENT_FIELDS as readonly string[]).includes(name));
    if (unknown.length > 0) throw validationProblem(unknown.map((name) => ({ field: `fields.${name}`, message: 'is not a known field (month, openingBalance, closingBalance)' })));
    return parseStatementTable(req.file, { month: fields.month, openingBalance: fields.openingBalance, closingBalance: fields.closingBalance });
  }
  const csv = csvInJson.safeParse(req.body);
  if (!csv.success) return parseStatementJson(req.body);
  const { month, openingBalance, closingBalance } = csv.data;
  return parseStatementCsv(Buffer.from(csv.data.csv, 'base64'), { month, openingBalance, closingBalance });
};

const closeBody = z.strictObject({ fundIds: z.array(id).min(1).max(100).optional(), overrideReason: nonEmptyText(500).optional() });
const reportQuery = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).optional().meta({ description: 'Overrides the Accept header; default: by Accept, else json' }) });

const REPORT_MEDIA_TYPES = { 'application/json': 'json', 'text/csv': 'csv', [XLSX_MEDIA_TYPE]: 'xlsx' } as const;

/** ?format= wins; else the Accept header; nothing acceptable → 406. */
const reportFormat = (req: RouteRequest<unknown, z.infer<typeof reportQuery>>): 'json' | 'csv' | 'xlsx' => {
  if (req.query.format !== undefined) return req.query.format;
  const offers = Object.keys(REPORT_MEDIA_TYPES);
  const chosen = negotiate(req.headers?.accept, offers);
  if (chosen === undefined) {
    throw new ApiProblem('not-acceptable', `The report is available as ${offers.join(', ')} (or choose with ?format=json|csv|xlsx)`);
  }
  return REPORT_MEDIA_TYPES[chosen as keyof typeof REPORT_MEDIA_TYPES];
};
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
    summary:
      "Record a month's bank statement of the fund's account: the bank's export file itself (text/csv in UTF-8 or GBK, XLSX, or multipart/form-data with a `file` part; month and balances as query or form fields or read from the file), or JSON (lines, or CSV in base64)",
    tag: 'month-end',
    roles: ['finance-bureau', 'fund-manager'],
    successStatus: 201,
    response: statementRecordedResponse,
    body: statementBody,
    query: statementQuery,
    files: true,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const outcome = statementOutcome(req);
      if (!outcome.ok) throw validationProblem(outcome.errors);
      try {
        const context = commandContext(req);
        const recorded = await recordStatement(req.deps.store, {
          fundId,
          statement: outcome.statement,
          meta: context.meta,
          ...(context.idempotencyKey === undefined || context.requestHash === undefined ? {} : { idempotency: { key: context.idempotencyKey, requestHash: context.requestHash } }),
        });
        const { statement } = outcome;
        return json(
          {
            ...(recorded as Record<string, JsonValue>),
            // What was recorded, so a clerk sees the balances a file's 余额 column gave.
            openingBalance: formatYuan(statement.openingBalance),
            closingBalance: formatYuan(statement.closingBalance),
            ...(req.file === undefined ? {} : { format: req.file.format, fileSha256: req.file.sha256 }),
            ...(statement.encoding === undefined ? {} : { encoding: statement.encoding }),
          },
          201,
        );
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
    summary:
      'Monthly ledger report: balances and movements by account, positions by fund kind, as JSON, CSV or XLSX (?format=json|csv|xlsx, else by Accept: application/json, text/csv or the XLSX media type; 406 if none is acceptable)',
    tag: 'month-end',
    roles: READERS,
    successStatus: 200,
    query: reportQuery,
    handler: async (req) => {
      const month = monthParam(req);
      const format = reportFormat(req);
      const reports = await monthReports(req, month);
      const file = `fund-ledger-${month}`;
      const vary = { vary: 'Accept' };
      if (format === 'csv') {
        return { status: 200, body: null, raw: { body: monthlyReportCsv(reports) }, headers: { ...vary, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` } };
      }
      if (format === 'xlsx') {
        const bytes = await monthlyReportXlsx(month, reports);
        return {
          status: 200,
          body: null,
          raw: { body: bytes.toString('base64'), base64: true },
          headers: { ...vary, 'content-type': XLSX_MEDIA_TYPE, 'content-disposition': `attachment; filename="${file}.xlsx"` },
        };
      }
      return { ...json(monthlyReportJson(month, reports)), headers: vary };
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
      const subsidyFunds = new Set((await req.deps.queries.listFunds()).filter((f) => f.kind === 'subsidy-budget').map((f) => f.fundId));
      return json(kpisToJson(await kpisForYear(req.deps.store, year, today, subsidyFunds)));
    },
  }),
];
