import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../functions/files/table';
import { normaliseDate, parseStatementCsv, parseStatementJson } from '../../../functions/month-end/statement-parse';

const header = { month: '2026-10', openingBalance: '1000.00', closingBalance: '1350.50' };
// 1,000.00 + 500.50 − 150.00 = 1,350.50
const csv = 'date,amount,reference,description\n2026-10-02,500.50,INJ-1,财政注资\n2026-10-09,-150.00,DIS-1,转贷发放\n';

describe('CSV statements', () => {
  it('reads a UTF-8 file with a header row and keeps the file line numbers', () => {
    const outcome = parseStatementCsv(Buffer.from(csv, 'utf8'), header);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.statement.encoding).toBe('utf-8');
    expect(outcome.statement.lines).toEqual([
      { lineNo: 2, date: '2026-10-02', amount: 50050n, reference: 'INJ-1', description: '财政注资' },
      { lineNo: 3, date: '2026-10-09', amount: -15000n, reference: 'DIS-1', description: '转贷发放' },
    ]);
  });

  it('reads a GBK file with Chinese column names', () => {
    const gbk = iconv.encode('日期,金额,流水号,摘要\n2026/10/02,500.50,INJ-1,财政注资\n20261009,-150.00,DIS-1,转贷发放\n', 'gbk');
    const outcome = parseStatementCsv(gbk, header);
    expect(outcome.ok && outcome.statement.encoding).toBe('gb18030');
    expect(outcome.ok && outcome.statement.lines.map((l) => [l.date, l.description])).toEqual([
      ['2026-10-02', '财政注资'],
      ['2026-10-09', '转贷发放'],
    ]);
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
    expect(decodeText(bytes).text.startsWith('date')).toBe(true);
  });

  it('reports every bad row by its file line and stores nothing', () => {
    const bad = iconv.encode('date,amount,reference,description\n2026-10-02,500.50,A,甲\n2026-10-03,12.345,B,乙\n2026-11-01,1.00,C,丙\n2026-10-31,1e3,D,丁\n', 'gbk');
    const outcome = parseStatementCsv(bad, header);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => e.field)).toEqual(['line 3: amount', 'line 4: date', 'line 5: amount']);
  });

  it('refuses a statement whose lines do not add up to the closing balance', () => {
    const outcome = parseStatementCsv(Buffer.from(csv), { ...header, closingBalance: '1350.00' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors[0]?.field).toBe('closingBalance');
    expect(outcome.errors[0]?.message).toContain('1350.50');
  });

  it('names a missing header column', () => {
    const outcome = parseStatementCsv(Buffer.from('when,how much\n2026-10-01,1.00\n'), header);
    expect(!outcome.ok && outcome.errors.map((e) => e.message).join()).toContain('a date column (交易日期 / 记账日期 / date)');
  });
});

describe('JSON statements', () => {
  it('accepts a statement that adds up', () => {
    const outcome = parseStatementJson({ ...header, lines: [{ date: '2026-10-02', amount: '350.50', reference: 'R', description: 'x' }] });
    expect(outcome.ok && outcome.statement.lines[0]?.amount).toBe(35050n);
  });

  it('refuses a JSON number for an amount, naming the line', () => {
    const outcome = parseStatementJson({ ...header, lines: [{ date: '2026-10-02', amount: '350.50' }, { date: '2026-10-03', amount: 1.5 }] });
    expect(!outcome.ok && outcome.errors).toEqual([{ field: 'line 2: amount', message: 'must be a decimal string, not a number' }]);
  });
});

describe('normaliseDate', () => {
  it('accepts the three layouts banks use and refuses impossible dates', () => {
    expect(['2026-10-01', '2026/10/1', '20261001', '2026-02-30', '261001'].map(normaliseDate)).toEqual([
      '2026-10-01', '2026-10-01', '2026-10-01', undefined, undefined,
    ]);
  });
});
