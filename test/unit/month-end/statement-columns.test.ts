// Bank exports as banks write them (issue 10 §4): Chinese column names, debit/credit columns, a
// 余额 column giving the balances, the bank's preamble and total rows.
import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../../functions/files/table';
import { parseStatementTable } from '../../../functions/month-end/statement-parse';

const table = (rows: string[][]) => {
  const numbered: TableRow[] = rows.map((cells, i) => ({ line: i + 1, cells }));
  const [head, ...rest] = numbered;
  return { header: head?.cells ?? [], headerLine: 1, rows: rest };
};

// An ICBC-style export: account preamble, 借方 = money out, 贷方 = money in, 余额 after each line.
const EXPORT = [
  ['账号', '6222 0000 1111'],
  ['户名', '聊城市应急转贷基金专户'],
  ['交易时间', '凭证号', '摘要', '借方发生额', '贷方发生额', '余额', '对方户名'],
  ['2026-10-02 09:15:00', 'INJ-1', '财政注资', '', '5,000,000.00', '6,000,000.00', '聊城市财政局'],
  ['2026-10-09 14:02:11', 'L-1', '转贷发放', '1,200,000.00', '', '4,800,000.00', '某某科技有限公司'],
  ['合计', '', '', '1,200,000.00', '5,000,000.00', '', ''],
];

describe('bank export statements', () => {
  it('maps a Chinese debit/credit export and reads month, opening and closing off the 余额 column', () => {
    // opening = first 余额 − its amount = 6,000,000.00 − 5,000,000.00 = 1,000,000.00; closing = last 余额 4,800,000.00
    const outcome = parseStatementTable(table(EXPORT), {});
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.statement).toMatchObject({ month: '2026-10', openingBalance: 100_000_000n, closingBalance: 480_000_000n });
    expect(outcome.statement.lines).toEqual([
      { lineNo: 4, date: '2026-10-02', amount: 500_000_000n, reference: 'INJ-1', description: '财政注资 / 聊城市财政局' },
      { lineNo: 5, date: '2026-10-09', amount: -120_000_000n, reference: 'L-1', description: '转贷发放 / 某某科技有限公司' },
    ]);
  });

  it('reads a newest-first export in date order for its balances', () => {
    const [pre1, pre2, head, a, b] = EXPORT;
    const outcome = parseStatementTable(table([pre1, pre2, head, b, a] as string[][]), {});
    expect(outcome.ok && [outcome.statement.openingBalance, outcome.statement.closingBalance]).toEqual([100_000_000n, 480_000_000n]);
  });

  it('refuses a 余额 that does not follow from the line before, naming the line', () => {
    const rows = EXPORT.map((r) => [...r]);
    (rows[4] as string[])[5] = '4,700,000.00';
    const outcome = parseStatementTable(table(rows), {});
    expect(!outcome.ok && outcome.errors).toEqual([{ field: 'line 5: balance', message: expect.stringContaining('6000000.00 + -1200000.00 = 4800000.00') }]);
  });

  it('refuses a given opening balance the 余额 column contradicts', () => {
    const outcome = parseStatementTable(table(EXPORT), { openingBalance: '999.00' });
    expect(!outcome.ok && outcome.errors.map((e) => e.field)).toEqual(['openingBalance']);
  });

  it('takes a signed 金额 with a direction column, balances from the request', () => {
    // 100.00 + 50.00 − 20.00 = 130.00
    const rows = [['记账日期', '金额', '借贷标志', '流水号', '用途'], ['20261003', '50.00', '贷', 'A', '利息'], ['20261004', '20.00', '借', 'B', '手续费']];
    const outcome = parseStatementTable(table(rows), { month: '2026-10', openingBalance: '100.00', closingBalance: '130.00' });
    expect(outcome.ok && outcome.statement.lines.map((l) => l.amount)).toEqual([5000n, -2000n]);
  });

  it('names what a header lacks, and every bad row by its line', () => {
    const missing = parseStatementTable(table([['交易日期', '摘要'], ['2026-10-02', 'x']]), {});
    expect(!missing.ok && missing.errors).toEqual([{ field: 'line 1: header', message: expect.stringContaining('借方发生额') }]);
    const bad = parseStatementTable(table([['交易日期', '支出金额', '收入金额'], ['2026-10-02', '1.00', '2.00'], ['2026-13-02', '', '1.5.0']]), { openingBalance: '0.00', closingBalance: '0.00' });
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['line 2: amount', 'line 3: credit']);
  });

  it('needs the balances when the file has no 余额 column', () => {
    const outcome = parseStatementTable(table([['交易日期', '金额'], ['2026-10-02', '1.00']]), {});
    expect(!outcome.ok && outcome.errors.map((e) => e.field)).toEqual(['openingBalance', 'closingBalance']);
  });
});
