// GET /v1/reports/monthly/{month} (served by apiFiles): the monthly ledger report rendered as
// JSON, CSV or XLSX, chosen by ?format= or the Accept header.
import type * as z from 'zod';
import { monthlyReportCsv, monthlyReportJson, monthlyReportXlsx } from '../../month-end/monthly-report';
import { readMonthJournal } from '../../month-end/month-journal';
import { negotiate } from '../accept';
import { ApiProblem } from '../problems';
import { defineRoute, type Route, type RouteRequest } from '../route';
import type { JsonObject } from '../../store/types';
import { XLSX_MEDIA_TYPE } from '../upload';
import { annualReportSpec, monthlyReportSpec } from './file-route-specs';
import { json, limitedToFunds } from './helpers';
import { annualReport } from '../../year-end/annual-report';
import { fundStandardsOn } from '../../year-end/fund-standards';
import { lastDayOf } from '../../month-end/reconcile';
import { annualReportCsv, annualReportXlsx } from '../../year-end/annual-files';
import { createAnnualReports } from '../../store/annual-reports';
import { yearParam } from './year-param';
import { monthParam, monthReports } from './month-reports';

type ReportQuery = z.infer<NonNullable<typeof monthlyReportSpec.query>>;

const REPORT_MEDIA_TYPES = { 'application/json': 'json', 'text/csv': 'csv', [XLSX_MEDIA_TYPE]: 'xlsx' } as const;

/** ?format= wins; else the Accept header; nothing acceptable → 406. */
const reportFormat = (req: RouteRequest<unknown, ReportQuery>): 'json' | 'csv' | 'xlsx' => {
  if (req.query.format !== undefined) return req.query.format;
  const offers = Object.keys(REPORT_MEDIA_TYPES);
  const chosen = negotiate(req.headers?.accept, offers);
  if (chosen === undefined) {
    throw new ApiProblem('not-acceptable', `The report is available as ${offers.join(', ')} (or choose with ?format=json|csv|xlsx)`);
  }
  return REPORT_MEDIA_TYPES[chosen as keyof typeof REPORT_MEDIA_TYPES];
};

/** The answer in the format asked for: CSV text, XLSX bytes (base64) or JSON. */
const reportAnswer = async (format: 'json' | 'csv' | 'xlsx', file: string, render: { csv: () => string; xlsx: () => Promise<Buffer>; json: () => JsonObject }) => {
  const vary = { vary: 'Accept' };
  if (format === 'csv') {
    return { status: 200, body: null, raw: { body: render.csv() }, headers: { ...vary, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}.csv"` } };
  }
  if (format === 'xlsx') {
    const bytes = await render.xlsx();
    return {
      status: 200,
      body: null,
      raw: { body: bytes.toString('base64'), base64: true },
      headers: { ...vary, 'content-type': XLSX_MEDIA_TYPE, 'content-disposition': `attachment; filename="${file}.xlsx"` },
    };
  }
  return { ...json(render.json()), headers: vary };
};

export const reportRoutes: Route[] = [
  defineRoute({
    ...monthlyReportSpec,
    handler: async (req) => {
      const month = monthParam(req);
      const format = reportFormat(req);
      const reports = await monthReports(req, month);
      const journal = await readMonthJournal(req.deps.queries, reports.map((r) => r.fundId), month);
      const standards = await fundStandardsOn(req.deps.store, lastDayOf(month));
      return reportAnswer(format, `fund-ledger-${month}`, { csv: () => monthlyReportCsv(reports, journal, standards), xlsx: () => monthlyReportXlsx(month, reports, journal, standards), json: () => monthlyReportJson(month, reports, journal, standards) });
    },
  }),
  defineRoute({
    ...annualReportSpec,
    handler: async (req) => {
      const year = yearParam(req);
      const format = reportFormat(req);
      const { store, queries, readTable } = req.deps;
      const only = limitedToFunds(req.principal);
      const report = await annualReport({ store, queries, ...(readTable === undefined ? {} : { reports: createAnnualReports(readTable) }) }, year, req.deps.today(), (fundId) => only === undefined || only.includes(fundId));
      return reportAnswer(format, `fund-ledger-annual-${year}`, { csv: () => annualReportCsv(report), xlsx: () => annualReportXlsx(report), json: () => report });
    },
  }),
];
