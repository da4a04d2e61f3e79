// A bank statement per fund and month, made from the cash movements the API answered, so month end
// matches every line. The bank books a few receipts a day late (within the matching window), and in
// one month of the guidance fund it charges a fee and refunds it: two bank lines the books do not
// have, the year's one deliberate discrepancy.
import iconv from 'iconv-lite';
import { formatYuan } from '../../events/money';
import { writeXlsx } from '../../functions/xlsx/write';
import type { PreparedRequest } from '../../client/post-requests';
import { addDays, lastDayOf, type Period } from './calendar';
import { type CashMovement, DEMO_FUNDS } from './demo-op';
import type { Random } from './random';

export interface StatementLine {
  date: string;
  amount: bigint;
  reference: string;
  description: string;
}

export interface MonthStatement {
  fundId: string;
  month: string;
  opening: bigint;
  closing: bigint;
  lines: StatementLine[];
  /** How the demo sends it: JSON lines, or the bank's export file (GBK CSV, XLSX). */
  format: 'json' | 'gbk-csv' | 'xlsx';
}

/** The fund and month that carry the deliberate discrepancy: the guidance fund, the month before the last. */
export const discrepancyOf = (period: Period): { fundId: string; month: string } => ({
  fundId: DEMO_FUNDS.guidance.fundId,
  month: period.months[Math.max(0, period.months.length - 2)] ?? period.months[0] ?? '',
});

// The pool's bank gives JSON through its API; the bridge fund's bank exports GBK CSV, the guidance fund's XLSX.
const FORMATS: Record<string, MonthStatement['format']> = { [DEMO_FUNDS.bridge.fundId]: 'gbk-csv', [DEMO_FUNDS.guidance.fundId]: 'xlsx' };

/** `opening`: each fund's balance when the period starts (0 for a fund opened in it). */
export const buildStatements = (period: Period, movements: readonly CashMovement[], random: Random, opening: ReadonlyMap<string, bigint> = new Map()): MonthStatement[] => {
  const odd = discrepancyOf(period);
  const statements: MonthStatement[] = [];
  for (const { fundId } of Object.values(DEMO_FUNDS)) {
    let balance = opening.get(fundId) ?? 0n;
    for (const month of period.months) {
      const lines: StatementLine[] = movements
        .filter((m) => m.fundId === fundId && m.date.startsWith(`${month}-`))
        .map((m) => {
          const late = m.amount > 0n && random.chance(0.1) && addDays(m.date, 1) <= lastDayOf(month);
          return { date: late ? addDays(m.date, 1) : m.date, amount: m.amount, reference: m.reference, description: m.description };
        })
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      if (fundId === odd.fundId && month === odd.month) {
        lines.push({ date: `${month}-27`, amount: -2500n, reference: 'SXF-0001', description: '银行手续费' });
        lines.push({ date: `${month}-28`, amount: 2500n, reference: 'SXF-0001-TH', description: '手续费退回' });
      }
      const opening = balance;
      balance += lines.reduce((s, l) => s + l.amount, 0n);
      statements.push({ fundId, month, opening, closing: balance, lines, format: FORMATS[fundId] ?? 'json' });
    }
  }
  return statements;
};

/** The bank's export columns: date, money out, money in, running balance, reference, description. */
const HEADER = ['交易日期', '借方发生额', '贷方发生额', '余额', '流水号', '摘要'];

const exportRows = (s: MonthStatement): string[][] => {
  let balance = s.opening;
  return s.lines.map((l) => {
    balance += l.amount;
    return [l.date.replace(/-/g, ''), l.amount < 0n ? formatYuan(-l.amount) : '', l.amount > 0n ? formatYuan(l.amount) : '', formatYuan(balance), l.reference, l.description];
  });
};

const xlsxOf = (s: MonthStatement): Buffer =>
  writeXlsx([
    {
      name: '交易明细',
      columns: HEADER.map((_, i) => ({ width: 16, ...(i >= 1 && i <= 3 ? { numFmt: '#,##0.00' } : {}) })),
      boldRow: HEADER,
      // Amounts as numbers, as banks export them; each is a two-decimal string first, so no float arithmetic happens.
      rows: exportRows(s).map((row) => row.map((cell, i) => (i >= 1 && i <= 3 && cell !== '' ? Number(cell) : cell))),
    },
  ]);

/** The request that records a statement: JSON lines, or the bank's file with month and balances as query fields. */
export const statementRequest = (seed: number, s: MonthStatement): PreparedRequest => {
  const head = { month: s.month, openingBalance: formatYuan(s.opening), closingBalance: formatYuan(s.closing) };
  const path = `/v1/funds/${s.fundId}/bank-statements`;
  const idempotencyKey = `demo-${seed}-stmt-${s.fundId}-${s.month}`;
  if (s.format === 'json') {
    return { method: 'POST', path, idempotencyKey, body: { ...head, lines: s.lines.map((l) => ({ date: l.date, amount: formatYuan(l.amount), reference: l.reference, description: l.description })) } };
  }
  const withFields = `${path}?${new URLSearchParams(head).toString()}`;
  if (s.format === 'gbk-csv') {
    const text = [HEADER, ...exportRows(s)].map((r) => r.join(',')).join('\r\n');
    return { method: 'POST', path: withFields, idempotencyKey, contentType: 'text/csv; charset=gbk', body: iconv.encode(text, 'gbk') };
  }
  return { method: 'POST', path: withFields, idempotencyKey, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: xlsxOf(s) };
};
