// The routes the apiFiles function serves (CSV/XLSX/XLS in, CSV/XLSX out), without their handlers. The
// main API documents them in its OpenAPI document and answers 405 on their paths from these
// specs alone, so it never bundles csv-parse, the XLSX code or the statement and register readers.
// Their handlers bind to these specs in bank-statement-routes.ts, report-routes.ts and register-routes.ts.
import * as z from 'zod';
import { defineSpec, type RouteSpec } from '../route';
import { statementRecordedResponse } from '../responses';
import { annualReportResponse } from '../annual-report-response';
import { MANAGERS, READERS } from './helpers';

/**
 * JSON statement {month, openingBalance, closingBalance, lines:[…]}, or the bank's file carried in
 * JSON: {month, openingBalance, closingBalance, csv: "<base64 of the file bytes>"} (CSV in UTF-8 or
 * GBK; despite the name an XLSX or XLS is read too, by its bytes, as a file body would be).
 */
export const csvInJson = z.strictObject({ csv: z.string().min(1).max(1_400_000), month: z.string().optional(), openingBalance: z.string().optional(), closingBalance: z.string().optional() });
const statementBody = z.union([csvInJson, z.object({ lines: z.array(z.unknown()) }).loose()]);

/** Month and balances for a statement file: query parameters, or form fields of a multipart upload. */
const statementQuery = z.strictObject({
  month: z.string().optional().meta({ description: 'YYYY-MM; default: the month of the lines' }),
  openingBalance: z.string().optional().meta({ description: 'Yuan; default: first line\'s 余额 minus its amount' }),
  closingBalance: z.string().optional().meta({ description: 'Yuan; default: last line\'s 余额' }),
});

export const bankStatementSpec = defineSpec({
  method: 'POST',
  path: '/v1/funds/{fundId}/bank-statements',
  summary:
    "Record a month's bank statement of the fund's account: the bank's export file itself (CSV in UTF-8 or GBK, XLSX, Excel 97–2003 XLS, or multipart/form-data with a `file` part; the format is read off the bytes; the sheet with the statement's header is read, under any preamble; month and balances as query or form fields or read from the file), or JSON (lines, or CSV in base64)",
  tag: 'month-end',
  roles: ['finance-bureau', 'fund-manager'],
  successStatus: 201,
  response: statementRecordedResponse,
  body: statementBody,
  query: statementQuery,
  files: true,
  fn: 'apiFiles',
});

const reportQuery = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).optional().meta({ description: 'Overrides the Accept header; default: by Accept, else json' }) });

export const monthlyReportSpec = defineSpec({
  method: 'GET',
  path: '/v1/reports/monthly/{month}',
  summary:
    'Monthly ledger report: balances and movements by account, positions by fund kind, as JSON, CSV or XLSX (?format=json|csv|xlsx, else by Accept: application/json, text/csv or the XLSX media type; 406 if none is acceptable)',
  tag: 'month-end',
  roles: READERS,
  successStatus: 200,
  query: reportQuery,
  fn: 'apiFiles',
});

export const annualReportSpec = defineSpec({
  method: 'GET',
  path: '/v1/reports/annual/{year}',
  summary:
    "Annual accounts (年度决算) per fund and all funds together: balance sheet at the start and end of the year and income and expenditure laid out by the fund's accounting standard (our codes and the standard's side by side), the year's business by fund kind, and the plan's indicators. An open year is a draft (status draft, 未结账); a closed year's accounts are stored at the first read after the close and returned unchanged since. JSON, CSV or XLSX (?format= or Accept)",
  tag: 'year-end',
  roles: READERS,
  successStatus: 200,
  response: annualReportResponse,
  query: reportQuery,
  fn: 'apiFiles',
});

const templateQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const registerTemplateSpec = defineSpec({
  method: 'GET',
  path: '/v1/registers/templates/{kind}',
  summary: 'Blank register template with Chinese headers (kind guarantees | bridge-loans; ?format=csv|xlsx)',
  tag: 'registers',
  roles: READERS,
  successStatus: 200,
  query: templateQuery,
  fn: 'apiFiles',
});

const fieldError = z.object({ field: z.string(), message: z.string() });
/** The validation answer (documented in OpenAPI, so the dashboard's generated client knows it). */
const registerValidationResponse = z.object({
  fileSha256: z.string(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      errors: z.array(fieldError),
      request: z.object({ method: z.literal('POST'), path: z.string(), body: z.record(z.string(), z.unknown()), idempotencyKey: z.string() }).optional(),
    }),
  ),
  summary: z.object({ total: z.number().int(), valid: z.number().int(), invalid: z.number().int() }),
});

export const registerValidationSpec = defineSpec({
  method: 'POST',
  path: '/v1/funds/{fundId}/registers/{kind}/validations',
  summary:
    "Validate a filled-in register (the file as the body: CSV UTF-8 or GBK, XLSX, Excel 97–2003 XLS, or multipart with a `file` part; the format is read off the bytes; the header row is found under a title and on the sheet that has it). Writes nothing: answers each row's errors or the command request to post, with an idempotency key derived from the fund, the file's sha-256 and the line",
  tag: 'registers',
  roles: MANAGERS,
  successStatus: 200,
  response: registerValidationResponse,
  files: true,
  fn: 'apiFiles',
});

/** In the order api-files-group.ts serves them. */
export const fileRouteSpecs: readonly RouteSpec[] = [bankStatementSpec, monthlyReportSpec, annualReportSpec, registerTemplateSpec, registerValidationSpec];
