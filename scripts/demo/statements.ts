// A bank statement per fund and month, made from the cash movements the API answered, so month end
// matches every line. The bank books a few receipts a day late (within the matching window), and in
// one month of the guidance fund it charges a fee and refunds it: two bank lines the books do not
// have, the year's one deliberate discrepancy.
import iconv from 'iconv-lite';
import { formatYuan } from '../../events/money';
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
  /** How the demo sends it: JSON lines, or the bank's GBK CSV export. */
  format: 'json' | 'gbk-csv';
}

/** The fund and month that carry the deliberate discrepancy: the guidance fund, the month before the last. */
export const discrepancyOf = (period: Period): { fundId: string; month: string } => ({
  fundId: DEMO_FUNDS.guidance.fundId,
  month: period.months[Math.max(0, period.months.length - 2)] ?? period.months[0] ?? '',
});

export const buildStatements = (period: Period, movements: readonly CashMovement[], random: Random): MonthStatement[] => {
  const odd = discrepancyOf(period);
  const statements: MonthStatement[] = [];
  for (const { fundId } of Object.values(DEMO_FUNDS)) {
    let balance = 0n;
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
      statements.push({ fundId, month, opening, closing: balance, lines, format: fundId === DEMO_FUNDS.bridge.fundId ? 'gbk-csv' : 'json' });
    }
  }
  return statements;
};

const csvOf = (s: MonthStatement): string =>
  ['交易日期,交易金额,流水号,摘要', ...s.lines.map((l) => [l.date.replace(/-/g, ''), formatYuan(l.amount), l.reference, l.description].join(','))].join('\r\n');

/** The request that records a statement: JSON lines, or the GBK file (base64 in JSON). */
export const statementRequest = (seed: number, s: MonthStatement): PreparedRequest => {
  const head = { month: s.month, openingBalance: formatYuan(s.opening), closingBalance: formatYuan(s.closing) };
  const body =
    s.format === 'gbk-csv'
      ? { ...head, csv: iconv.encode(csvOf(s), 'gbk').toString('base64') }
      : { ...head, lines: s.lines.map((l) => ({ date: l.date, amount: formatYuan(l.amount), reference: l.reference, description: l.description })) };
  return { method: 'POST', path: `/v1/funds/${s.fundId}/bank-statements`, body, idempotencyKey: `demo-${seed}-stmt-${s.fundId}-${s.month}` };
};
