// The rows the 年度报表 page prints: the balance sheet on the standard's lines with its totals
// (liabilities + net assets summed in fen), the income statement, business figures (ratios are
// values, not amounts), and whether each plan indicator met its target.
import { describe, expect, it } from 'vitest';
import { balanceSheetRows, businessRows, type FundAccounts, incomeStatementRows, incomeStatementTitle, indicatorRows } from '../../../web/src/pages/annual-layout';

const sheet = (assets: string, liabilities: string, netAssets: string, lines: [string, string, string][]) => ({
  assets, liabilities, netAssets, uncarriedSurplus: '0.00', balanced: true, accounts: [],
  lines: lines.map(([id, section, amount]) => ({ id, name: id, section: section as 'assets', amount })),
});

const fund = {
  fundId: 'bridge', kind: 'bridge-fund', name: '应急转贷基金', openedOn: '2024-01-01', year: 2024, standard: 'enterprise', standardName: '企业会计准则', status: 'draft', statusZh: '未结账',
  balanceSheet: {
    start: sheet('0.00', '0.00', '0.00', [['cash', 'assets', '0.00'], ['other-payables', 'liabilities', '0.00'], ['paid-in-capital', 'net-assets', '0.00']]),
    // 50,000,000.00 capital + 2,400.00 fees = 50,002,400.00 of assets; 0.10 owed.
    end: sheet('50002400.10', '0.10', '50002400.00', [['cash', 'assets', '40002400.10'], ['other-receivables', 'assets', '10000000.00'], ['other-payables', 'liabilities', '0.10'], ['paid-in-capital', 'net-assets', '50000000.00'], ['retained-earnings', 'net-assets', '2400.00']]),
  },
  incomeStatement: { income: [], expense: [], totalIncome: '2400.00', totalExpense: '0.00', surplus: '2400.00', lines: [{ id: 'revenue', name: '营业收入', section: 'income', amount: '2400.00' }, { id: 'admin-expenses', name: '管理费用', section: 'expense', amount: '0.00' }] },
  business: { kind: 'bridge-fund', bridgeFund: { uses: 3, lent: '18000000.00', repaid: { count: 1, amount: '8000000.00' }, averageDays: '3.0', turnover: '0.72', averageCapital: '25000000.00' } },
} as unknown as FundAccounts;

describe('the annual accounts as printed', () => {
  it("lays the balance sheet on the standard's lines, start beside end, with each section's total and liabilities + net assets", () => {
    const rows = balanceSheetRows(fund);
    expect(rows.map((r) => [r.kind, r.label, r.start ?? null, r.end])).toEqual([
      ['heading', 'annual.assets', null, ''],
      ['line', 'cash', '0.00', '40002400.10'],
      ['line', 'other-receivables', '0.00', '10000000.00'],
      ['total', 'annual.totalAssets', '0.00', '50002400.10'],
      ['heading', 'annual.liabilities', null, ''],
      ['line', 'other-payables', '0.00', '0.10'],
      ['total', 'annual.totalLiabilities', '0.00', '0.10'],
      ['heading', 'annual.netAssets', null, ''],
      ['line', 'paid-in-capital', '0.00', '50000000.00'],
      ['line', 'retained-earnings', '0.00', '2400.00'],
      ['total', 'annual.totalNetAssets', '0.00', '50002400.00'],
      // 0.10 + 50,002,400.00 = 50,002,400.10 = total assets.
      ['total', 'annual.totalLiabilitiesAndNetAssets', '0.00', '50002400.10'],
    ]);
  });

  it('prints income, expenditure, their totals and the surplus; an enterprise fund’s statement is a 利润表', () => {
    expect(incomeStatementRows(fund).map((r) => [r.kind, r.label, r.end])).toEqual([
      ['heading', 'annual.income', ''],
      ['line', '营业收入', '2400.00'],
      ['total', 'annual.totalIncome', '2400.00'],
      ['heading', 'annual.expense', ''],
      ['line', '管理费用', '0.00'],
      ['total', 'annual.totalExpense', '0.00'],
      ['total', 'annual.surplus', '2400.00'],
    ]);
    expect(incomeStatementTitle('enterprise')).toBe('annual.profitStatement');
    expect(incomeStatementTitle('government')).toBe('annual.incomeStatement');
  });

  it('keeps ratios and days as values and amounts as amounts', () => {
    expect(businessRows(fund)).toEqual([
      { key: 'uses', count: 3 },
      { key: 'lent', amount: '18000000.00' },
      { key: 'repaid', count: 1, amount: '8000000.00' },
      { key: 'averageDays', text: '3.0' },
      { key: 'turnover', text: '0.72' },
      { key: 'averageCapital', amount: '25000000.00' },
    ]);
  });

  it('says an indicator is met when the actual reaches the target (amounts in fen), not met below it, and no-target without one', () => {
    const cumulative = (target: string | null, actual: string) => ({ target, actual, progressPercent: null, expectedPercent: '100.00', alert: 'ok' as const });
    const count = (target: number | null, actual: number) => ({ target, actual, progressPercent: null, expectedPercent: '100.00', alert: 'ok' as const });
    const rows = indicatorRows({
      newGuaranteeAmount: cumulative('5000000000.00', '5000000000.00'),
      bridgeUses: { ...count(800, 799), amountLent: '0.00' },
      guidanceLanded: { ...cumulative(null, '1.00'), leverage: '4.00' },
      newGreenFunds: { ...count(2, 3), max: 3 },
      inclusiveShare: { minPercent: '80.00', actualPercent: '81.00', alert: 'ok' },
      averageFeeRate: { maxPercent: '1.00', actualPercent: '1.20', alert: 'alert' },
      compensationRate: { maxPercent: '5.00', actualPercent: '0.00', alert: 'ok' },
    });
    expect(rows.map((r) => [r.key, r.met])).toEqual([
      ['newGuaranteeAmount', 'met'],
      ['bridgeUses', 'not-met'],
      ['guidanceLanded', 'no-target'],
      ['newGreenFunds', 'met'],
      ['inclusiveShare', 'met'],
      ['averageFeeRate', 'not-met'],
      ['compensationRate', 'met'],
    ]);
    expect(rows[4]?.target).toEqual({ text: '≥ 80.00%' });
  });
});
