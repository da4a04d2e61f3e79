// Bank exports as banks write them: the column names of common Chinese statement exports mapped to
// a statement line, and the opening and closing balances read off a 余额 column. The mapping table
// is documented in docs/month-end.md ("Bank statement files"); keep the two in step.
import { MoneyFormatError, formatYuan, parseYuan } from '../../events/money';
import { isCalendarDate } from '../../events/primitives';
import { HEADER_SEARCH_ROWS, type TableRow } from '../files/table';

export interface FieldError {
  field: string;
  message: string;
}

/** A statement row before its checks: `amount` is yuan text (positive = money in). */
export interface RawLine {
  lineNo: number;
  date: string;
  amount: string;
  reference: string;
  description: string;
}

/**
 * YYYY-MM-DD, also YYYY/MM/DD, YYYY.MM.DD and YYYYMMDD as bank exports write them, with or without
 * a time of day after it (交易时间); undefined when not a date.
 */
export function normaliseDate(text: string): string | undefined {
  const t = text.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '');
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(t);
  if (m === null) return undefined;
  if (!/[-/.]/.test(t) && t.length !== 8) return undefined;
  const date = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

/** Header names accepted per column (compared trimmed, case-insensitive, without spaces). */
export const STATEMENT_COLUMNS = {
  date: ['date', '日期', '交易日期', '记账日期', '入账日期', '交易时间'],
  /** Signed: positive in, negative out (or unsigned with a direction column). */
  amount: ['amount', '金额', '发生额', '交易金额'],
  /** Money out of the account: the bank's debit side. */
  debit: ['debit', '借方发生额', '借方金额', '支出金额', '支出', '付款金额'],
  /** Money into the account: the bank's credit side. */
  credit: ['credit', '贷方发生额', '贷方金额', '收入金额', '收入', '收款金额'],
  direction: ['direction', '借贷标志', '借贷方向', '收支方向', '借贷'],
  balance: ['balance', '余额', '账户余额', '当前余额', '交易后余额'],
  reference: ['reference', '参考号', '凭证号', '流水号', '交易流水号', '凭证号码', '业务编号'],
  description: ['description', '摘要', '用途', '说明', '备注', '附言'],
  counterparty: ['counterparty', '对方户名', '对方账户名称', '对方名称', '对方单位'],
} as const;

type Column = keyof typeof STATEMENT_COLUMNS;
type ColumnIndex = Record<Column, number>;

/** The cell text a file row carries for an amount: thousands separators, ¥ and a leading + removed. */
export const amountCell = (text: string): string => {
  const t = text.trim().replace(/^[¥￥]\s*/, '').replace(/^\+/, '');
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t;
};

export function money(text: string, field: string, errors: FieldError[]): bigint | undefined {
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

const norm = (name: string): string => name.replace(/\s+/g, '').toLowerCase();

const columnsOf = (header: readonly string[]): ColumnIndex => {
  const names = header.map(norm);
  const at = (key: Column): number => names.findIndex((n) => (STATEMENT_COLUMNS[key] as readonly string[]).includes(n));
  return Object.fromEntries((Object.keys(STATEMENT_COLUMNS) as Column[]).map((key) => [key, at(key)])) as ColumnIndex;
};

/** What a header lacks; empty when it maps. */
const missingColumns = (at: ColumnIndex): string[] => {
  const missing: string[] = [];
  if (at.date < 0) missing.push('a date column (交易日期 / 记账日期 / date)');
  if (at.amount < 0 && (at.debit < 0 || at.credit < 0)) {
    missing.push('an amount: a signed 金额 / amount column, or both 借方发生额 (支出金额, money out) and 贷方发生额 (收入金额, money in)');
  }
  return missing;
};

/** A row that can head a statement: a date column and an amount (signed, or debit and credit). */
export const isStatementHeader = (cells: readonly string[]): boolean => missingColumns(columnsOf(cells)).length === 0;

/** Rows a bank appends after the lines (合计 / 小计 / 总计): not statement lines. */
const isTotalRow = (cells: readonly string[]): boolean => /^(本页|本期)?(合计|小计|总计)/.test(cells.find((c) => c !== '') ?? '');

const OUT = /^(借|支|出|付|d|dr|debit)/i;
const IN = /^(贷|收|入|c|cr|credit)/i;

interface FileLine extends RawLine {
  fen?: bigint;
  balance?: bigint;
}

/** One row to a line; errors name the column by its key (`line 7: credit`) and, in the message, by the file's own header. */
const lineOf = (row: TableRow, at: ColumnIndex, header: readonly string[], errors: FieldError[]): FileLine => {
  const cell = (key: Column): string => (at[key] < 0 ? '' : (row.cells[at[key]] ?? '').trim());
  const field = (key: Column): string => `line ${row.line}: ${key}`;
  const fail = (key: Column, message: string): void => {
    const name = header[at[key]] ?? key;
    errors.push({ field: field(key), message: name.toLowerCase() === key ? message : `${message} (column ${name})` });
  };
  const moneyAt = (key: Column, text: string): bigint | undefined => {
    const found: FieldError[] = [];
    const value = money(amountCell(text), field(key), found);
    for (const error of found) fail(key, error.message);
    return value;
  };
  let fen: bigint | undefined;
  if (at.amount >= 0) {
    fen = moneyAt('amount', cell('amount'));
    const direction = cell('direction');
    if (fen !== undefined && at.direction >= 0) {
      if (fen < 0n) fail('amount', 'must not be negative when a direction column gives the sign');
      else if (OUT.test(direction)) fen = -fen;
      else if (!IN.test(direction)) fail('direction', 'must say 借/支出 (money out) or 贷/收入 (money in)');
    }
  } else {
    const side = (key: 'debit' | 'credit'): bigint | undefined => {
      const text = amountCell(cell(key));
      if (text === '' || text === '-' || text === '--') return 0n;
      const value = moneyAt(key, text);
      if (value !== undefined && value < 0n) fail(key, 'must not be negative');
      return value;
    };
    const debit = side('debit');
    const credit = side('credit');
    if (debit !== undefined && credit !== undefined) {
      if (debit !== 0n && credit !== 0n) errors.push({ field: `line ${row.line}: amount`, message: 'has both a debit (money out) and a credit (money in); one line is one movement' });
      fen = credit - debit;
    }
  }
  const balanceText = cell('balance');
  let balance: bigint | undefined;
  if (at.balance >= 0 && balanceText === '') fail('balance', 'is empty; every line needs its 余额 when the column is there');
  else if (at.balance >= 0) balance = moneyAt('balance', balanceText);
  const counterparty = cell('counterparty');
  return {
    lineNo: row.line,
    date: cell('date'),
    amount: fen === undefined ? amountCell(cell('amount')) : formatYuan(fen),
    reference: cell('reference'),
    // The matcher needs no counterparty of its own; a clerk reading the line does.
    description: [cell('description'), counterparty].filter((part) => part !== '').join(' / '),
    ...(fen === undefined ? {} : { fen }),
    ...(balance === undefined ? {} : { balance }),
  };
};

export interface FileBalances {
  openingBalance?: string;
  closingBalance?: string;
}

/**
 * Balances from a 余额 column, in date order (a file newest-first is read backwards): each line's
 * 余额 must equal the previous 余额 plus its amount; opening = first line's 余额 − its amount,
 * closing = last line's 余额.
 */
const balancesOf = (lines: readonly FileLine[], errors: FieldError[]): FileBalances => {
  if (lines.length === 0 || lines.some((l) => l.fen === undefined || l.balance === undefined)) return {};
  const first = lines[0];
  const last = lines[lines.length - 1];
  const newestFirst = first !== undefined && last !== undefined && (normaliseDate(first.date) ?? '') > (normaliseDate(last.date) ?? '');
  const ordered = newestFirst ? [...lines].reverse() : lines;
  let previous: bigint | undefined;
  for (const line of ordered) {
    const fen = line.fen ?? 0n;
    const balance = line.balance ?? 0n;
    if (previous !== undefined && previous + fen !== balance) {
      errors.push({ field: `line ${line.lineNo}: balance`, message: `余额 ${formatYuan(balance)} is not the previous 余额 ${formatYuan(previous)} + ${formatYuan(fen)} = ${formatYuan(previous + fen)}` });
    }
    previous = balance;
  }
  const head = ordered[0];
  const tail = ordered[ordered.length - 1];
  if (head === undefined || tail === undefined) return {};
  return { openingBalance: formatYuan((head.balance ?? 0n) - (head.fen ?? 0n)), closingBalance: formatYuan(tail.balance ?? 0n) };
};

/** Rows whose amount could not be read are left out of `rows` (their error is in `errors`). */
export interface FileLines {
  rows: RawLine[];
  fromFile: FileBalances;
  errors: FieldError[];
}

/**
 * A bank export's table to statement lines. The header is the first row (among the first 30) whose
 * names map; rows above it are the bank's preamble, 合计 rows are skipped.
 */
export function statementLinesFromTable(header: readonly string[], headerLine: number, rows: readonly TableRow[]): FileLines {
  const all: TableRow[] = [{ line: headerLine, cells: [...header] }, ...rows];
  const start = all.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => isStatementHeader(row.cells));
  if (start < 0) {
    const errors = missingColumns(columnsOf(header)).map((message) => ({ field: `line ${headerLine}: header`, message: `needs ${message}` }));
    return { rows: [], fromFile: {}, errors };
  }
  const head = all[start]?.cells ?? [];
  const at = columnsOf(head);
  const errors: FieldError[] = [];
  const lines = all.slice(start + 1).filter((row) => !isTotalRow(row.cells)).map((row) => lineOf(row, at, head, errors));
  const fromFile = at.balance < 0 ? {} : balancesOf(lines, errors);
  const rowsRead = lines.filter((line) => line.fen !== undefined).map(({ lineNo, date, amount, reference, description }) => ({ lineNo, date, amount, reference, description }));
  return { rows: rowsRead, fromFile, errors };
}
