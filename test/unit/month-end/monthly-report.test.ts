import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { createPositionsAccumulator } from '../../../domain/reconciliation-positions';
import { CSV_HEADER, monthlyReportCsv, monthlyReportJson, monthlyReportXlsx } from '../../../functions/month-end/monthly-report';
import { fundMonthReport, type FundMonthReport } from '../../../functions/month-end/report-schema';
import { percent } from '../../../functions/month-end/kpis';

const positions = createPositionsAccumulator();
positions.apply({ type: 'BridgeLoanDisbursed', data: { fundId: 'bf', loanId: 'L1', amount: 800_000_000n } }, true);
positions.apply({ type: 'BridgeLoanRepaid', data: { fundId: 'bf', loanId: 'L1', principal: 800_000_000n, fee: 1_920_000n, daysUsed: 3, wasOverdue: false } }, true);

const row = (account: '1001' | '1201' | '4002', opening: bigint, debit: bigint, credit: bigint) => {
  const a = CHART_OF_ACCOUNTS[account];
  return { account, nameZh: a.nameZh, nameEn: a.nameEn, memo: a.memo, opening, debit, credit, closing: opening + (a.normalSide === 'debit' ? debit - credit : credit - debit) };
};

const report: FundMonthReport = {
  fundId: 'bf', kind: 'bridge-fund', name: '应急转贷基金', openedOn: '2024-01-01', month: '2026-10', runId: 'r', generatedAt: '2026-11-01T00:00:00.000Z',
  clean: true, discrepancyCount: 0, discrepancies: [], eventsInMonth: 2,
  trialBalance: { month: { debits: 1_601_920_000n, credits: 1_601_920_000n, balanced: true }, cumulative: { debits: 1n, credits: 1n, balanced: true } },
  // 1001: 10,000,000.00 − 8,000,000.00 + 8,019,200.00 = 10,019,200.00
  accounts: [row('1001', 1_000_000_000n, 801_920_000n, 800_000_000n), row('1201', 0n, 800_000_000n, 800_000_000n), row('4002', 0n, 0n, 1_920_000n)],
  readModel: { asOf: '2026-10-31', differences: [] },
  streams: { verified: 2, broken: [] },
  undecodable: [],
  bank: { toleranceDays: 3, statement: null, matchedCount: 0, matchedTotal: 0n, unmatchedLedger: { count: 0, inflow: 0n, outflow: 0n, truncated: 0, items: [] }, unmatchedStatement: { count: 0, inflow: 0n, outflow: 0n, truncated: 0, items: [] }, balanceReconciliation: null },
  positions: positions.result(),
};

describe('monthly ledger report', () => {
  it('survives the stored round trip exactly (amounts as decimal strings)', () => {
    const stored = JSON.parse(JSON.stringify(fundMonthReport.encode(report))) as unknown;
    expect(fundMonthReport.decode(stored as never)).toEqual(report);
  });

  it('answers JSON with decimal strings and only the positions of the fund kind', () => {
    const json = monthlyReportJson('2026-10', [report]);
    expect(json).toMatchObject({ month: '2026-10', funds: [{ fundId: 'bf', openedOn: '2024-01-01', positions: { turnoverCount: 1, lentInMonth: { count: 1, amount: '8000000.00' }, feesInMonth: '19200.00' } }] });
    expect(JSON.stringify(json)).not.toContain('riskPool');
  });

  it('writes CSV rows with a BOM, the documented header and exact amounts', () => {
    const csv = monthlyReportCsv([report]);
    const [header, ...rows] = csv.slice(1).trim().split('\r\n');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(header).toBe(CSV_HEADER.join(','));
    expect(rows).toContain('account,bf,bridge-fund,1001,银行存款,cash at bank,10000000.00,8019200.00,8000000.00,10019200.00,,');
    expect(rows).toContain('position,bf,bridge-fund,turnover-count,周转次数,turnover-count,,,,,1,');
    expect(rows[0]).toBe('fund,bf,bridge-fund,opened-on,建账日期,opened on,,,,,,2024-01-01');
  });

  it('writes XLSX sheets named and headed in Chinese with English beneath, amounts as #,##0.00 numbers', async () => {
    const book = new ExcelJS.Workbook();
    const bytes = await monthlyReportXlsx('2026-10', [report]);
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['科目汇总 Balances 2026-10', '担保业务 Guarantees', '转贷业务 Bridge loans', '子基金 Commitments', '补贴 Subsidies']);
    const balances = book.worksheets[0];
    expect(balances?.getRow(1).values).toEqual([undefined, '基金', '基金类型', '科目代码', '科目名称', '期初余额', '本期借方', '本期贷方', '期末余额']);
    expect(balances?.getCell('H3').value).toBe(10019200);
    expect(balances?.getCell('H3').numFmt).toBe('#,##0.00');
  });
});

describe('percent', () => {
  it('shows basis points as a percentage with two decimals', () => {
    expect([percent(8123), percent(10000), percent(5), percent(0)]).toEqual(['81.23', '100.00', '0.05', '0.00']);
  });
});
