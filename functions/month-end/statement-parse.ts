// Bank statements in, as JSON or as the bank's file (CSV in UTF-8 or GBK, XLSX). Every bad row is
// reported by its line number at once, so a clerk fixes the file in one round trip; a statement
// with any error is not stored at all. Amounts use the events' money codec (no floats).
import * as z from 'zod';
import { formatYuan } from '../../events/money';
import { month as monthSchema } from '../../events/primitives';
import { statementLine } from '../../events/statement-events';
import { type BankLine, statementAddsUp } from '../../domain/reconciliation';
import { csvRows, TableError, type TextEncodingName, toTable, type UploadedTable } from '../files/table';
import { type FieldError, money, normaliseDate, type RawLine, statementLinesFromTable } from './statement-columns';

export type { FieldError } from './statement-columns';
export { normaliseDate } from './statement-columns';

export interface ParsedStatement {
  month: string;
  openingBalance: bigint;
  closingBalance: bigint;
  lines: BankLine[];
  /** Where the text came from; CSV only. */
  encoding?: TextEncodingName;
}

export type StatementOutcome = { ok: true; statement: ParsedStatement } | { ok: false; errors: FieldError[] };

export const MAX_STATEMENT_LINES = 20_000;

const lineField = (lineNo: number, field: string): string => `line ${lineNo}: ${field}`;

const lineOfError = (error: FieldError): number => Number(/^line (\d+)/.exec(error.field)?.[1] ?? 0);
/** Statement-wide fields first, then rows in file order (a stable sort keeps each row's own order). */
const byLine = (errors: FieldError[]): FieldError[] => [...errors].sort((a, b) => lineOfError(a) - lineOfError(b));

/** Checks rows and totals shared by both formats; `lineNo` is what errors will quote. */
function finish(monthText: string | undefined, opening: string | undefined, closing: string | undefined, rows: RawLine[], errors: FieldError[]): StatementOutcome {
  const monthOk = monthText !== undefined && monthSchema.safeParse(monthText).success;
  if (!monthOk) errors.push({ field: 'month', message: monthText === undefined ? 'is required' : 'must be a month YYYY-MM' });
  const required = 'is required (a field, or a 余额 column in the file)';
  const openingBalance = opening === undefined ? (errors.push({ field: 'openingBalance', message: required }), undefined) : money(opening, 'openingBalance', errors);
  const closingBalance = closing === undefined ? (errors.push({ field: 'closingBalance', message: required }), undefined) : money(closing, 'closingBalance', errors);
  if (rows.length > MAX_STATEMENT_LINES) errors.push({ field: 'lines', message: `at most ${MAX_STATEMENT_LINES} lines per statement` });

  const lines: BankLine[] = [];
  for (const row of rows) {
    const date = normaliseDate(row.date);
    if (date === undefined) errors.push({ field: lineField(row.lineNo, 'date'), message: 'must be a date YYYY-MM-DD' });
    else if (monthOk && !date.startsWith(`${monthText}-`)) errors.push({ field: lineField(row.lineNo, 'date'), message: `is not in ${monthText}` });
    const amount = money(row.amount, lineField(row.lineNo, 'amount'), errors);
    if (amount === 0n) errors.push({ field: lineField(row.lineNo, 'amount'), message: 'must not be zero' });
    const checked = statementLine.shape.reference.safeParse(row.reference);
    if (!checked.success) errors.push({ field: lineField(row.lineNo, 'reference'), message: 'at most 200 characters' });
    if (!statementLine.shape.description.safeParse(row.description).success) errors.push({ field: lineField(row.lineNo, 'description'), message: 'at most 500 characters' });
    if (date !== undefined && amount !== undefined) lines.push({ lineNo: row.lineNo, date, amount, reference: row.reference, description: row.description });
  }
  if (errors.length > 0 || openingBalance === undefined || closingBalance === undefined || monthText === undefined) return { ok: false, errors: byLine(errors) };

  const gap = statementAddsUp(openingBalance, lines, closingBalance);
  if (gap !== 0n) {
    const sum = closingBalance + gap;
    return {
      ok: false,
      errors: [{ field: 'closingBalance', message: `opening ${formatYuan(openingBalance)} + lines = ${formatYuan(sum)}, not ${formatYuan(closingBalance)} (off by ${formatYuan(-gap)})` }],
    };
  }
  return { ok: true, statement: { month: monthText, openingBalance, closingBalance, lines } };
}

const amountText = z.string({ error: (issue) => (typeof issue.input === 'number' ? 'must be a decimal string, not a number' : 'must be a yuan decimal string') });
const jsonLine = z.object({ date: z.string(), amount: amountText, reference: z.string().optional(), description: z.string().optional() });
const jsonShape = z.object({
  month: z.string().optional(),
  openingBalance: amountText.optional(),
  closingBalance: amountText.optional(),
  lines: z.array(z.unknown()),
});

/** JSON statement; errors name rows as "line N" with N the 1-based position in `lines`. */
export function parseStatementJson(body: unknown): StatementOutcome {
  const shape = jsonShape.safeParse(body);
  if (!shape.success) {
    return { ok: false, errors: shape.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })) };
  }
  const errors: FieldError[] = [];
  const rows: RawLine[] = [];
  shape.data.lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const parsed = jsonLine.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        errors.push({ field: lineField(lineNo, path || 'line'), message: issue.message });
      }
      return;
    }
    rows.push({ lineNo, date: parsed.data.date, amount: parsed.data.amount, reference: parsed.data.reference ?? '', description: parsed.data.description ?? '' });
  });
  return finish(shape.data.month, shape.data.openingBalance, shape.data.closingBalance, rows, errors);
}

export interface StatementValues {
  month?: string;
  openingBalance?: string;
  closingBalance?: string;
}

/** The month every readable line date falls in, when they agree. */
const monthOfRows = (rows: readonly RawLine[]): string | undefined => {
  const months = new Set(rows.map((r) => normaliseDate(r.date)?.slice(0, 7)).filter((m) => m !== undefined));
  return months.size === 1 ? [...months][0] : undefined;
};

/** A value given in the request wins; the file's must then agree with it. */
const pick = (field: 'openingBalance' | 'closingBalance', given: string | undefined, fromFile: string | undefined, errors: FieldError[]): string | undefined => {
  if (given === undefined || fromFile === undefined) return given ?? fromFile;
  const a = money(given, field, []);
  const b = money(fromFile, field, []);
  if (a !== undefined && b !== undefined && a !== b) errors.push({ field, message: `is ${given} but the file's 余额 column gives ${fromFile}` });
  return given;
};

/**
 * A statement file read as a table (CSV or XLSX, any encoding): columns mapped by the bank export
 * names of statement-columns.ts; month and balances from `values` (query or form fields), else from
 * the file (the lines' month; the 余额 column's opening and closing). Errors quote the file's lines.
 */
export function parseStatementTable(table: Pick<UploadedTable, 'header' | 'headerLine' | 'rows' | 'encoding'>, values: StatementValues): StatementOutcome {
  const { rows, fromFile, errors } = statementLinesFromTable(table.header, table.headerLine, table.rows);
  if (rows.length === 0 && errors.some((e) => e.field.endsWith(': header'))) return { ok: false, errors };
  const month = values.month ?? monthOfRows(rows);
  const opening = pick('openingBalance', values.openingBalance, fromFile.openingBalance, errors);
  const closing = pick('closingBalance', values.closingBalance, fromFile.closingBalance, errors);
  const outcome = finish(month, opening, closing, rows, errors);
  return outcome.ok && table.encoding !== undefined ? { ok: true, statement: { ...outcome.statement, encoding: table.encoding } } : outcome;
}

/** CSV bytes (UTF-8 or GBK, detected) as a statement; see parseStatementTable. */
export function parseStatementCsv(bytes: Uint8Array, values: StatementValues): StatementOutcome {
  try {
    const { rows, encoding } = csvRows(bytes);
    return parseStatementTable({ ...toTable(rows), encoding }, values);
  } catch (error) {
    if (error instanceof TableError) return { ok: false, errors: [{ field: error.field, message: error.message }] };
    throw error;
  }
}
