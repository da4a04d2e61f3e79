// Bank statements in, as JSON or CSV (UTF-8 or GBK; Chinese banks export both). Every bad row is
// reported by its line number at once, so a clerk fixes the file in one round trip; a statement
// with any error is not stored at all. Amounts use the events' money codec (no floats).
import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { MoneyFormatError, formatYuan, parseYuan } from '../../events/money';
import { isCalendarDate, month as monthSchema } from '../../events/primitives';
import { statementLine } from '../../events/statement-events';
import { type BankLine, statementAddsUp } from '../../domain/reconciliation';

export interface FieldError {
  field: string;
  message: string;
}

export interface ParsedStatement {
  month: string;
  openingBalance: bigint;
  closingBalance: bigint;
  lines: BankLine[];
  /** Where the text came from; CSV only. */
  encoding?: 'utf-8' | 'gb18030';
}

export type StatementOutcome = { ok: true; statement: ParsedStatement } | { ok: false; errors: FieldError[] };

export const MAX_STATEMENT_LINES = 20_000;

const lineField = (lineNo: number, field: string): string => `line ${lineNo}: ${field}`;

/** YYYY-MM-DD, also YYYY/MM/DD and YYYYMMDD as bank exports write them; undefined when not a date. */
export function normaliseDate(text: string): string | undefined {
  const t = text.trim();
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(t);
  if (m === null) return undefined;
  if (!/[-/.]/.test(t) && t.length !== 8) return undefined;
  const date = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

function money(text: string, field: string, errors: FieldError[]): bigint | undefined {
  try {
    return parseYuan(text.trim(), field, { signed: true });
  } catch (error) {
    if (error instanceof MoneyFormatError) {
      errors.push({ field, message: error.reason });
      return undefined;
    }
    throw error;
  }
}

interface RawLine {
  lineNo: number;
  date: string;
  amount: string;
  reference: string;
  description: string;
}

/** Checks rows and totals shared by both formats; `lineNo` is what errors will quote. */
function finish(monthText: string | undefined, opening: string | undefined, closing: string | undefined, rows: RawLine[], errors: FieldError[]): StatementOutcome {
  const monthOk = monthText !== undefined && monthSchema.safeParse(monthText).success;
  if (!monthOk) errors.push({ field: 'month', message: monthText === undefined ? 'is required' : 'must be a month YYYY-MM' });
  const openingBalance = opening === undefined ? (errors.push({ field: 'openingBalance', message: 'is required' }), undefined) : money(opening, 'openingBalance', errors);
  const closingBalance = closing === undefined ? (errors.push({ field: 'closingBalance', message: 'is required' }), undefined) : money(closing, 'closingBalance', errors);
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
  if (errors.length > 0 || openingBalance === undefined || closingBalance === undefined || monthText === undefined) return { ok: false, errors };

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

/**
 * Bytes to text: a UTF-8 BOM means UTF-8; otherwise strict UTF-8 is tried first (GBK text with
 * Chinese characters is almost never valid UTF-8), and GB18030 — GBK's superset — is the fallback.
 */
export function decodeStatementBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Header names accepted per column (English, and the Chinese a bank export uses). */
const COLUMN_ALIASES: Record<keyof Omit<RawLine, 'lineNo'>, string[]> = {
  date: ['date', '日期', '交易日期', '记账日期'],
  amount: ['amount', '金额', '发生额', '交易金额'],
  reference: ['reference', '参考号', '流水号', '凭证号', '业务编号'],
  description: ['description', '摘要', '说明', '用途', '备注'],
};

export interface CsvHeaderValues {
  month?: string;
  openingBalance?: string;
  closingBalance?: string;
}

/**
 * CSV statement: a header row naming the columns date, amount, reference, description (any order;
 * Chinese names accepted), one row per bank line. Month and balances come from `header` (the
 * route's query parameters). Errors quote the physical line of the file (the header is line 1).
 */
export function parseStatementCsv(bytes: Uint8Array, header: CsvHeaderValues): StatementOutcome {
  const { text, encoding } = decodeStatementBytes(bytes);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, errors: [{ field: line === undefined ? 'body' : `line ${line}`, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const [head, ...body] = records;
  if (head === undefined) return { ok: false, errors: [{ field: 'body', message: 'the CSV is empty; the first row must be the header date,amount,reference,description' }] };
  const names = head.record.map((n) => n.trim().toLowerCase());
  const column = (key: keyof typeof COLUMN_ALIASES): number => names.findIndex((n) => COLUMN_ALIASES[key].includes(n));
  const at = { date: column('date'), amount: column('amount'), reference: column('reference'), description: column('description') };
  const missing = (Object.keys(at) as (keyof typeof at)[]).filter((k) => at[k] < 0 && (k === 'date' || k === 'amount'));
  if (missing.length > 0) {
    return { ok: false, errors: missing.map((k) => ({ field: `line ${head.info.lines}: header`, message: `needs a "${k}" column (header row: date,amount,reference,description)` })) };
  }
  const cell = (record: string[], index: number): string => (index < 0 ? '' : (record[index] ?? ''));
  const rows: RawLine[] = body.map(({ record, info }) => ({
    lineNo: info.lines,
    date: cell(record, at.date),
    amount: cell(record, at.amount),
    reference: cell(record, at.reference),
    description: cell(record, at.description),
  }));
  const outcome = finish(header.month, header.openingBalance, header.closingBalance, rows, []);
  return outcome.ok ? { ok: true, statement: { ...outcome.statement, encoding } } : outcome;
}
