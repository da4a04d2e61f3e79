import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { createPositionsAccumulator } from '../../../domain/reconciliation-positions';
import { CSV_HEADER, monthlyReportCsv, monthlyReportJson, monthlyReportXlsx, positionRows } from '../../../functions/month-end/monthly-report';
import { withCity } from '../../../functions/shared/city-scope';
import { fundMonthReport, type FundMonthReport } from '../../../functions/month-end/report-schema';
import { percent } from '../../../functions/month-end/kpis';
import type { MonthJournal } from '../../../functions/month-end/month-journal';
import type { JournalLineView } from '../../../functions/store/read-models/views';

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

/** The month's journal as the read model holds it: a loan disbursed (0001) and repaid with its fee (0002). */
const line = (version: number, n: number, occurredOn: string, account: string, debit: bigint, credit: bigint, summary: string): JournalLineView => ({
  fundId: 'bf', occurredOn, recordedAt: `${occurredOn}T01:00:00.000Z`, streamId: 'fund-bf', version, eventType: 'x', line: n, account, debit, credit,
  voucherNo: `记-2026-10-000${version}`, summary, summaryEn: 'en', reference: 'L1',
});
const journal: MonthJournal = new Map([[
  'bf',
  [
    // Listed out of order on purpose: the 明细账 sorts by date and voucher.
    line(2, 1, '2026-10-08', '1001', 801_920_000n, 0n, 'L1 某公司 收回转贷款及资金占用费'),
    line(2, 2, '2026-10-08', '1201', 0n, 800_000_000n, 'L1 某公司 收回转贷款及资金占用费'),
    line(2, 3, '2026-10-08', '4002', 0n, 1_920_000n, 'L1 某公司 收回转贷款及资金占用费'),
    line(1, 1, '2026-10-05', '1201', 800_000_000n, 0n, 'L1 某公司 转贷放款'),
    line(1, 2, '2026-10-05', '1001', 0n, 800_000_000n, 'L1 某公司 转贷放款'),
  ],
]]);

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

  it('carries the standard the fund reports under: its kind\'s default, or the one the policy names for it, in JSON, CSV and the 明细账', async () => {
    // A bridge fund defaults to 企业会计准则: our 1001 is its 1002 银行存款.
    const fundOf = (json: unknown) => (json as { funds: { standard: string; standardName: string; accounts: { account: string }[] }[] }).funds[0];
    const byDefault = fundOf(monthlyReportJson('2026-10', [report]));
    expect(byDefault).toMatchObject({ standard: 'enterprise', standardName: '企业会计准则' });
    expect(byDefault?.accounts[0]).toMatchObject({ account: '1001', standardCode: '1002', standardName: '银行存款' });
    // Named 财政总会计制度 by the policy: our 1001 is 1004 其他财政存款, in every export.
    const standards = { bf: 'fiscal-general' as const };
    const named = fundOf(monthlyReportJson('2026-10', [report], journal, standards));
    expect(named).toMatchObject({ standard: 'fiscal-general', standardName: '财政总会计制度' });
    expect(named?.accounts[0]).toMatchObject({ account: '1001', standardCode: '1004', standardName: '其他财政存款' });
    expect(monthlyReportCsv([report], journal, standards)).toContain('2026-10-05,记-2026-10-0001,L1 某公司 转贷放款,en,L1,1004,其他财政存款');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await monthlyReportXlsx('2026-10', [report], journal, standards)).buffer);
    const detail = book.worksheets.find((w) => w.name.startsWith('明细账'));
    const cells: string[] = [];
    detail?.eachRow((r) => cells.push(...(r.values as unknown[]).map(String)));
    expect(cells).toContain('1004');
    expect(cells).toContain('其他财政存款');
  });

  it('lists the month\'s journal lines in JSON with 凭证号, 摘要 and the account balance after each', () => {
    const json = monthlyReportJson('2026-10', [report], journal) as { funds: { journal: unknown[] }[] };
    // 1001 opens at 10,000,000.00: − 8,000,000.00 = 2,000,000.00, then + 8,019,200.00 = 10,019,200.00
    expect(json.funds[0]?.journal.slice(0, 2)).toEqual([
      { date: '2026-10-05', voucherNo: '记-2026-10-0001', summary: 'L1 某公司 转贷放款', summaryEn: 'en', reference: 'L1', account: '1001', debit: '0.00', credit: '8000000.00', balance: '2000000.00' },
      { date: '2026-10-08', voucherNo: '记-2026-10-0002', summary: 'L1 某公司 收回转贷款及资金占用费', summaryEn: 'en', reference: 'L1', account: '1001', debit: '8019200.00', credit: '0.00', balance: '10019200.00' },
    ]);
  });

  it('writes CSV rows with a BOM, the documented header and exact amounts', () => {
    const csv = monthlyReportCsv([report], journal);
    const [header, ...rows] = csv.slice(1).trim().split('\r\n');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(header).toBe(CSV_HEADER.join(','));
    expect(rows).toContain('account,bf,bridge-fund,1001,银行存款,cash at bank,10000000.00,8019200.00,8000000.00,10019200.00,,,,,,,,1002,银行存款');
    // The bridge fund reports under 企业会计准则 (domain/accounting-standards.ts): our 1001 is its 1002.
    expect(rows).toContain('position,bf,bridge-fund,turnover-count,周转次数,turnover-count,,,,,1,,,,,,,,');
    expect(rows[0]).toBe('fund,bf,bridge-fund,opened-on,建账日期,books opened on,,,,,,2024-01-01,,,,,,,');
    // 4002 opens at 0.00 and takes the 19,200.00 fee
    expect(rows).toContain('journal,bf,bridge-fund,4002,资金占用费收入,bridge fee income,,0.00,19200.00,19200.00,,,2026-10-08,记-2026-10-0002,L1 某公司 收回转贷款及资金占用费,en,L1,6001,主营业务收入—资金占用费');
  });

  it('writes XLSX sheets named and headed in Chinese with English beneath, amounts as #,##0.00 numbers', async () => {
    const book = new ExcelJS.Workbook();
    const bytes = await monthlyReportXlsx('2026-10', [report], journal);
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['科目汇总 Balances 2026-10', '担保业务 Guarantees', '转贷业务 Bridge loans', '子基金 Commitments', '补贴 Subsidies', '明细账 bf']);
    const balances = book.worksheets[0];
    expect(balances?.getRow(1).values).toEqual([undefined, '基金', '基金类型', '建账日期', '科目代码', '科目名称', '期初余额', '本期借方', '本期贷方', '期末余额', '准则科目', '准则科目名称']);
    expect(balances?.getCell('C3').value).toBe('2024-01-01');
    expect(balances?.getCell('I3').value).toBe(10019200);
    expect(balances?.getCell('I3').numFmt).toBe('#,##0.00');
  });

  it('gives each fund a 明细账 sheet: per account its opening balance, every line with 凭证号 and 摘要 and the running balance, and the month total', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await monthlyReportXlsx('2026-10', [report], journal)).buffer);
    const detail = book.getWorksheet('明细账 bf');
    expect(detail?.getRow(1).values).toEqual([undefined, '日期', '凭证号', '摘要', '科目代码', '科目名称', '借方', '贷方', '余额', '业务编号', '摘要（英文）', '准则科目', '准则科目名称']);
    const rows = (detail?.getSheetValues() ?? []).slice(3).map((r) => (Array.isArray(r) ? r.slice(1, 9) : r));
    expect(rows[0]).toEqual(['应急转贷基金 bf', undefined, '建账日期 books opened on', '2024-01-01']);
    // 1001: opening 10,000,000.00; − 8,000,000.00 = 2,000,000.00; + 8,019,200.00 = 10,019,200.00 (the closing balance)
    expect(rows.slice(1, 5)).toEqual([
      ['2026-10-01', undefined, '期初余额', '1001', '银行存款 cash at bank', undefined, undefined, 10000000],
      ['2026-10-05', '记-2026-10-0001', 'L1 某公司 转贷放款', '1001', '银行存款 cash at bank', 0, 8000000, 2000000],
      ['2026-10-08', '记-2026-10-0002', 'L1 某公司 收回转贷款及资金占用费', '1001', '银行存款 cash at bank', 8019200, 0, 10019200],
      ['2026-10-31', undefined, '本月合计', '1001', '银行存款 cash at bank', 8019200, 8000000, 10019200],
    ]);
    // 1201 opens at nothing: out 8,000,000.00 and back, closing at 0
    expect(rows.slice(5, 9).map((r) => (r as unknown[])[7])).toEqual([0, 8000000, 0, 0]);
  });
});

describe('percent', () => {
  it('shows basis points as a percentage with two decimals', () => {
    expect([percent(8123), percent(10000), percent(5), percent(0)]).toEqual(['81.23', '100.00', '0.05', '0.00']);
  });
});

describe("the risk pool's outstanding by county", () => {
  const pool = createPositionsAccumulator();
  const issue = (guaranteeId: string, county: string | undefined) =>
    pool.apply(
      {
        type: 'GuaranteeIssued',
        data: {
          fundId: 'rp', guaranteeId, agency: '担保公司', lender: '银行', principal: 100_000_000n, feeRateBps: 80, startsOn: '2026-10-02', maturesOn: '2027-10-01',
          borrower: { name: '某公司', creditCode: '91350100M000100Y43', category: 'small', ...(county === undefined ? {} : { county }) },
          riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
        },
      },
      true,
    );
  issue('G1', 'lixia');
  issue('G2', undefined);
  const poolReport: FundMonthReport = { ...report, fundId: 'rp', kind: 'risk-pool', positions: pool.result() };
  const countyRows = () => positionRows(poolReport).filter((r) => r.item.startsWith('outstanding-by-county:')).map((r) => [r.item, r.zh]);

  it("names each county from the list of the city the report is rendered in (Jinan's 历下区)", () => {
    expect(withCity('jinan', countyRows)).toEqual([
      ['outstanding-by-county:lixia', '在保·历下区'],
      ['outstanding-by-county:unknown', '在保·未注明'],
    ]);
  });

  it('leaves a code that is not the city’s unnamed, as it left one the list did not know', () => {
    expect(withCity('liaocheng', countyRows)[0]).toEqual(['outstanding-by-county:lixia', '在保·未注明']);
  });
});
