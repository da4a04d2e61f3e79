// The monthly ledger report (按月汇总工作台账) rendered from the month's stored fund reports, as JSON,
// CSV and XLSX. Amounts stay decimal strings end to end; XLSX cells are numbers only because a
// spreadsheet needs them, converted from the final decimal string (the one place a yuan string
// becomes a JS number, for display only) and shown with #,##0.00.
// XLSX comes from functions/xlsx (node:zlib and a few KB of XML), not exceljs (~1 MB with its zip
// libraries, which made the API's bundle 1.3 MB).
import { ACT_WORDS, FUND_KIND_WORDS, PROGRAMME_WORDS, capitalised } from '../../domain/business-words';
import { formatYuan } from '../../events/money';
import { countyNameZh } from '../../events/city-counties';
import { currentCity } from '../shared/city-scope';
import type { JsonObject, JsonValue } from '../store/types';
import { ledgerDetail, type LedgerDetailRow } from './ledger-detail';
import { type MonthJournal, NO_JOURNAL } from './month-journal';
import { isAccountCode } from '../../domain/accounts';
import { type FundStandards, mapAccount, NO_STANDARD_OVERRIDES, STANDARD_NAMES, standardOf } from '../../domain/accounting-standards';

/** The standard the fund reports under: the policy's entry for it, else its kind's default (issue 21 §3). */
const standardOfFund = (r: Pick<FundMonthReport, 'fundId' | 'kind'>, standards: FundStandards) => standardOf(r.kind, standards[r.fundId]);

/** The code and name of our account under the standard the fund reports under (issue 21 §3), beside ours. */
const standardColumns = (r: Pick<FundMonthReport, 'fundId' | 'kind'>, account: string, standards: FundStandards): [string, string] => {
  if (!isAccountCode(account)) return ['', ''];
  const mapped = mapAccount(standardOfFund(r, standards), account);
  return [mapped.code, mapped.name];
};
import { type FundMonthReport, accountRow, positionsSchema } from './report-schema';
import { type XlsxSheet, writeXlsx } from '../xlsx/write';

const FUND_KIND_ZH = Object.fromEntries(Object.entries(FUND_KIND_WORDS).map(([kind, words]) => [kind, words.zh])) as Record<FundMonthReport['kind'], string>;
const CATEGORY_ZH: Record<string, string> = { micro: '小微', small: '小型', agri: '涉农', other: '其他' };

/** Positions relevant to the fund's kind only. */
const positionsOf = (report: FundMonthReport): JsonValue => {
  const encoded = positionsSchema.encode(report.positions) as unknown as Record<string, JsonValue>;
  const key = report.kind === 'risk-pool' ? 'riskPool' : report.kind === 'bridge-fund' ? 'bridgeFund' : report.kind === 'subsidy-budget' ? 'subsidyBudget' : 'guidanceFund';
  return encoded[key] ?? null;
};

/** The 明细账 of a fund as the report's readers get it: the journal lines of the month with their running balance. */
const detailOf = (report: FundMonthReport, journal: MonthJournal): LedgerDetailRow[] => ledgerDetail(report, journal.get(report.fundId) ?? []);

/** One journal line of the month on the wire (JSON report). */
const journalRowJson = (row: LedgerDetailRow): JsonObject => ({
  date: row.date,
  voucherNo: row.voucherNo,
  summary: row.summary,
  summaryEn: row.summaryEn,
  reference: row.reference,
  account: row.account,
  debit: formatYuan(row.debit ?? 0n),
  credit: formatYuan(row.credit ?? 0n),
  balance: formatYuan(row.balance),
});

export function monthlyReportJson(month: string, reports: readonly FundMonthReport[], journal: MonthJournal = NO_JOURNAL, standards: FundStandards = NO_STANDARD_OVERRIDES): JsonObject {
  return {
    month,
    generatedAt: reports.map((r) => r.generatedAt).sort().at(-1) ?? null,
    funds: reports.map((r) => ({
      fundId: r.fundId,
      kind: r.kind,
      name: r.name,
      ...(r.openedOn === undefined ? {} : { openedOn: r.openedOn }),
      reconciliationClean: r.clean,
      standard: standardOfFund(r, standards),
      standardName: STANDARD_NAMES[standardOfFund(r, standards)].zh,
      accounts: r.accounts.filter((a) => a.opening !== 0n || a.debit !== 0n || a.credit !== 0n || a.closing !== 0n).map((a) => {
        const [standardCode, standardName] = standardColumns(r, a.account, standards);
        return { ...(accountRow.encode(a) as unknown as JsonObject), standardCode, standardName };
      }),
      positions: positionsOf(r),
      // The month's journal lines, by account as in the 明细账, each with its account's balance after it.
      journal: detailOf(r, journal).filter((row) => row.kind === 'line').map(journalRowJson),
    })),
  };
}

export const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Rows of positions as (item, count, amount) for CSV and XLSX, labelled in Chinese and English. */
export function positionRows(report: FundMonthReport): { item: string; zh: string; count: number | ''; amount: bigint | null; text?: string }[] {
  const p = report.positions;
  if (report.kind === 'risk-pool') {
    const r = p.riskPool;
    // Counties are named from the list of the city the report is rendered in.
    const city = currentCity();
    return [
      { item: 'guarantees-outstanding', zh: '在保余额', count: r.outstanding.count, amount: r.outstanding.amount },
      ...Object.entries(r.byCounty).map(([county, v]) => ({ item: `outstanding-by-county:${county}`, zh: `在保·${countyNameZh(city, county) ?? '未注明'}`, count: v.count, amount: v.amount })),
      ...Object.entries(r.byCategory).map(([category, v]) => ({ item: `outstanding-by-category:${category}`, zh: `在保·${CATEGORY_ZH[category] ?? category}`, count: v.count, amount: v.amount })),
      { item: 'issued-in-month', zh: '本月新增担保', count: r.issuedInMonth.count, amount: r.issuedInMonth.amount },
      { item: 'released-in-month', zh: '本月解保', count: r.releasedInMonth.count, amount: r.releasedInMonth.amount },
      { item: 'defaulted-in-month', zh: '本月代偿', count: r.defaultedInMonth.count, amount: r.defaultedInMonth.amount },
      { item: 'compensation-paid-in-month', zh: '本月补偿支出', count: r.compensationPaidInMonth.count, amount: r.compensationPaidInMonth.amount },
      { item: 'recovered-in-month', zh: '本月追偿分成', count: r.recoveredInMonth.count, amount: r.recoveredInMonth.amount },
    ];
  }
  if (report.kind === 'subsidy-budget') return subsidyRows(p.subsidyBudget);
  if (report.kind === 'bridge-fund') {
    const b = p.bridgeFund;
    return [
      { item: 'lent-in-month', zh: '本月发放', count: b.lentInMonth.count, amount: b.lentInMonth.amount },
      { item: 'repaid-in-month', zh: '本月收回', count: b.repaidInMonth.count, amount: b.repaidInMonth.amount },
      { item: 'fees-in-month', zh: '本月资金占用费', count: '', amount: b.feesInMonth },
      { item: 'overdue', zh: '逾期余额', count: '', amount: b.overdue },
      { item: 'outstanding', zh: '转贷余额', count: '', amount: b.outstanding },
      { item: 'turnover-count', zh: '周转次数', count: b.turnoverCount, amount: null },
    ];
  }
  const g = p.guidanceFund;
  return [
    { item: 'commitments', zh: '认缴出资', count: g.commitments.count, amount: g.commitments.amount },
    { item: 'sub-fund-size', zh: '子基金规模', count: '', amount: g.subFundSize },
    { item: 'paid-in', zh: '实缴出资', count: '', amount: g.paidIn },
    { item: 'unfunded', zh: '未缴出资', count: '', amount: g.unfunded },
    { item: 'distributions-return-of-capital', zh: '返还本金', count: '', amount: g.returnOfCapital },
    { item: 'distributions-gain', zh: '投资收益', count: '', amount: g.gains },
    { item: 'leverage', zh: '撬动倍数', count: '', amount: null, text: g.leverage ?? '' },
  ];
}

const PROGRAMME_ZH: Record<string, string> = Object.fromEntries(Object.entries(PROGRAMME_WORDS).map(([programme, words]) => [programme, words.zh]));
const STAGE_ZH = { requested: '本月申请', granted: '本月拨付', rejected: '本月驳回', clawedBack: '本月追回' } as const;

/** The subsidy sheet: each programme's month (requested, granted, rejected, clawed back), then what waits for approval. */
function subsidyRows(s: FundMonthReport['positions']['subsidyBudget']): ReturnType<typeof positionRows> {
  if (s === undefined) return [];
  const rows: ReturnType<typeof positionRows> = [];
  for (const [programme, month] of Object.entries(s.byProgramme)) {
    if (month === undefined) continue;
    for (const stage of ['requested', 'granted', 'rejected', 'clawedBack'] as const) {
      rows.push({ item: `${programme}:${stage}`, zh: `${PROGRAMME_ZH[programme] ?? programme}·${STAGE_ZH[stage]}`, count: month[stage].count, amount: month[stage].amount });
    }
  }
  rows.push({ item: 'pending-approval', zh: '待审批', count: s.pendingAtMonthEnd.count, amount: s.pendingAtMonthEnd.amount });
  rows.push({ item: 'net-granted', zh: '累计拨付净额', count: '', amount: s.netGranted });
  return rows;
}

export const CSV_HEADER = ['section', 'fund_id', 'fund_kind', 'item', 'name_zh', 'name_en', 'opening', 'debit', 'credit', 'closing', 'count', 'value', 'date', 'voucher_no', 'summary', 'summary_en', 'reference', 'standard_code', 'standard_name'] as const;
const NO_ENTRY = ['', '', '', '', ''] as const;
const NO_STANDARD = ['', ''] as const;

/**
 * One long table: per fund a `fund` row (value: the day its books opened), then `account` rows
 * (opening, debit, credit, closing), `position` rows (count, value) and `journal` rows: the month's
 * journal lines by account (item) in date and voucher order, each with its date, 凭证号, 摘要,
 * English summary and reference, `closing` being the account's balance after the line (明细账).
 * UTF-8 with BOM for Excel.
 */
export function monthlyReportCsv(reports: readonly FundMonthReport[], journal: MonthJournal = NO_JOURNAL, standards: FundStandards = NO_STANDARD_OVERRIDES): string {
  const rows: (string | number)[][] = [[...CSV_HEADER]];
  for (const r of reports) {
    if (r.openedOn !== undefined) rows.push(['fund', r.fundId, r.kind, 'opened-on', ACT_WORDS.openedOn.zh, ACT_WORDS.openedOn.en, '', '', '', '', '', r.openedOn, ...NO_ENTRY, ...NO_STANDARD]);
    for (const a of r.accounts) {
      if (a.opening === 0n && a.debit === 0n && a.credit === 0n && a.closing === 0n) continue;
      rows.push(['account', r.fundId, r.kind, a.account, a.nameZh, a.nameEn, formatYuan(a.opening), formatYuan(a.debit), formatYuan(a.credit), formatYuan(a.closing), '', '', ...NO_ENTRY, ...standardColumns(r, a.account, standards)]);
    }
    for (const p of positionRows(r)) {
      rows.push(['position', r.fundId, r.kind, p.item, p.zh, p.item, '', '', '', '', p.count, p.amount === null ? (p.text ?? '') : formatYuan(p.amount), ...NO_ENTRY, ...NO_STANDARD]);
    }
    for (const l of detailOf(r, journal)) {
      if (l.kind !== 'line') continue;
      rows.push(['journal', r.fundId, r.kind, l.account, l.nameZh, l.nameEn, '', formatYuan(l.debit ?? 0n), formatYuan(l.credit ?? 0n), formatYuan(l.balance), '', '', l.date, l.voucherNo ?? '', l.summary, l.summaryEn, l.reference ?? '', ...standardColumns(r, l.account, standards)]);
    }
  }
  return `\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const MONEY_FORMAT = '#,##0.00';
/** Display only: the final decimal string becomes a spreadsheet number. */
const moneyCell = (fen: bigint): number => Number(formatYuan(fen));

/** One sheet: a bold Chinese and an italic English header row, money columns as #,##0.00 (also the annual accounts' sheets). */
export function sheet(name: string, columns: [zh: string, en: string, money: boolean][], rows: (string | number | bigint | null)[][]): XlsxSheet {
  return {
    name,
    columns: columns.map(([, , money]) => (money ? { width: 18, numFmt: MONEY_FORMAT } : { width: 16 })),
    boldRow: columns.map(([zh]) => zh),
    italicRow: columns.map(([, en]) => en),
    rows: rows.map((row) => row.map((v) => (typeof v === 'bigint' ? moneyCell(v) : v))),
  };
}

/** Excel's sheet names are at most 31 characters and unique in a workbook (case-insensitively). */
const sheetName = (base: string, taken: Set<string>): string => {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : ` ${n}`;
    const name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
};

/** The 明细账 sheet of one fund: opening, lines with running balance and month total, per account. */
const detailSheet = (r: FundMonthReport, journal: MonthJournal, taken: Set<string>, standards: FundStandards): XlsxSheet => {
  const rows = detailOf(r, journal).map((l) => [l.date, l.voucherNo ?? '', l.summary, l.account, `${l.nameZh} ${l.nameEn}`, l.debit, l.credit, l.balance, l.reference ?? '', l.summaryEn, ...standardColumns(r, l.account, standards)]);
  const heading = [`${r.name} ${r.fundId}`, '', `${ACT_WORDS.openedOn.zh} ${ACT_WORDS.openedOn.en}`, r.openedOn ?? ''];
  return sheet(
    sheetName(`明细账 ${r.fundId}`, taken),
    [['日期', 'Date', false], ['凭证号', 'Voucher', false], ['摘要', 'Summary', false], ['科目代码', 'Account', false], ['科目名称', 'Account name', false], ['借方', 'Debit', true], ['贷方', 'Credit', true], ['余额', 'Balance', true], ['业务编号', 'Reference', false], ['摘要（英文）', 'Summary (English)', false], ['准则科目', 'Standard code', false], ['准则科目名称', 'Standard name', false]],
    [heading, ...rows],
  );
};

/** Async for its callers' sake: the writer itself is synchronous and loads nothing. */
export async function monthlyReportXlsx(month: string, reports: readonly FundMonthReport[], journal: MonthJournal = NO_JOURNAL, standards: FundStandards = NO_STANDARD_OVERRIDES): Promise<Buffer> {
  const fundCols: [string, string, boolean][] = [['基金', 'Fund', false], ['基金类型', 'Fund kind', false]];
  const balances = sheet(`科目汇总 Balances ${month}`, [...fundCols, [ACT_WORDS.openedOn.zh, capitalised(ACT_WORDS.openedOn.en), false], ['科目代码', 'Account', false], ['科目名称', 'Account name', false], ['期初余额', 'Opening balance', true], ['本期借方', 'Debit', true], ['本期贷方', 'Credit', true], ['期末余额', 'Closing balance', true], ['准则科目', 'Standard code', false], ['准则科目名称', 'Standard name', false]],
    reports.flatMap((r) => r.accounts
      .filter((a) => a.opening !== 0n || a.debit !== 0n || a.credit !== 0n || a.closing !== 0n)
      .map((a) => [r.fundId, FUND_KIND_ZH[r.kind], r.openedOn ?? '', a.account, `${a.nameZh} ${a.nameEn}`, a.opening, a.debit, a.credit, a.closing, ...standardColumns(r, a.account, standards)])));
  const positionSheet = (kind: FundMonthReport['kind'], name: string): XlsxSheet =>
    sheet(name, [...fundCols, ['项目', 'Item', false], ['笔数', 'Count', false], ['金额', 'Amount', true], ['比率', 'Ratio', false]],
      reports.filter((r) => r.kind === kind).flatMap((r) => positionRows(r).map((p) => [r.fundId, FUND_KIND_ZH[r.kind], `${p.zh} ${p.item}`, p.count, p.amount, p.text ?? ''])));
  const fixed = [balances, positionSheet('risk-pool', '担保业务 Guarantees'), positionSheet('bridge-fund', '转贷业务 Bridge loans'), positionSheet('guidance-fund', '子基金 Commitments'), positionSheet('subsidy-budget', '补贴 Subsidies')];
  const taken = new Set(fixed.map((s) => s.name.toLowerCase()));
  return writeXlsx([...fixed, ...reports.map((r) => detailSheet(r, journal, taken, standards))]);
}
