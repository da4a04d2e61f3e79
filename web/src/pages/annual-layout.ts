// Shapes the annual accounts (GET /v1/reports/annual/{year}) into the rows a finance officer prints
// (issue 21 §4): the 资产负债表 and the 收入支出表 on the lines of the fund's accounting standard
// with their section totals, and whether each plan indicator met its target. Pure: the view and a
// unit test read the same rows. Amounts stay the API's decimal strings; sums go through fen.
import type { Answer } from '../api/client';
import { fromFen, toFen } from '../format/amount';

export type AnnualReport = Answer<'/v1/reports/annual/{year}', 'get'>;
export type FundAccounts = AnnualReport['funds'][number];
type Section = FundAccounts['balanceSheet']['end']['lines'][number]['section'];

/** A printed row: a section heading, a statement line, or a total (bold, ruled). */
export interface StatementRow {
  kind: 'heading' | 'line' | 'total';
  /** A message key (headings, totals) or the standard's own line name. */
  label: string;
  /** Year start and year end (balance sheet), or the year (income statement: `end` only). */
  start?: string;
  end: string;
}

const SHEET_SECTIONS: readonly { section: Section; heading: string; total: string }[] = [
  { section: 'assets', heading: 'annual.assets', total: 'annual.totalAssets' },
  { section: 'liabilities', heading: 'annual.liabilities', total: 'annual.totalLiabilities' },
  { section: 'net-assets', heading: 'annual.netAssets', total: 'annual.totalNetAssets' },
];

/** The balance sheet at the start and the end of the year, line by line, with the statement's totals. */
export const balanceSheetRows = (fund: FundAccounts): StatementRow[] => {
  const { start, end } = fund.balanceSheet;
  const startOf = new Map(start.lines.map((line) => [line.id, line.amount]));
  const totals: Record<string, { start: string; end: string }> = {
    assets: { start: start.assets, end: end.assets },
    liabilities: { start: start.liabilities, end: end.liabilities },
    'net-assets': { start: start.netAssets, end: end.netAssets },
  };
  const rows: StatementRow[] = [];
  for (const { section, heading, total } of SHEET_SECTIONS) {
    rows.push({ kind: 'heading', label: heading, end: '' });
    for (const line of end.lines.filter((l) => l.section === section)) rows.push({ kind: 'line', label: line.name, start: startOf.get(line.id) ?? '0.00', end: line.amount });
    rows.push({ kind: 'total', label: total, start: totals[section]?.start ?? '0.00', end: totals[section]?.end ?? '0.00' });
  }
  const plus = (a: string, b: string): string => fromFen(toFen(a) + toFen(b));
  rows.push({ kind: 'total', label: 'annual.totalLiabilitiesAndNetAssets', start: plus(start.liabilities, start.netAssets), end: plus(end.liabilities, end.netAssets) });
  return rows;
};

/** The year's income and expenditure on the standard's lines, their totals and the surplus carried to 3101. */
export const incomeStatementRows = (fund: FundAccounts): StatementRow[] => {
  const s = fund.incomeStatement;
  const lines = (section: Section): StatementRow[] => s.lines.filter((l) => l.section === section).map((l) => ({ kind: 'line', label: l.name, end: l.amount }));
  return [
    { kind: 'heading', label: 'annual.income', end: '' },
    ...lines('income'),
    { kind: 'total', label: 'annual.totalIncome', end: s.totalIncome },
    { kind: 'heading', label: 'annual.expense', end: '' },
    ...lines('expense'),
    { kind: 'total', label: 'annual.totalExpense', end: s.totalExpense },
    { kind: 'total', label: 'annual.surplus', end: s.surplus },
  ];
};

/** The enterprise standard's statement is a 利润表; the government charts' a 收入费用表 (收入支出表). */
export const incomeStatementTitle = (standard: string): 'annual.profitStatement' | 'annual.incomeStatement' => (standard === 'enterprise' ? 'annual.profitStatement' : 'annual.incomeStatement');

export type Met = 'met' | 'not-met' | 'no-target';
type Indicators = AnnualReport['indicators']['indicators'];

/** A cumulative indicator met its target when the year's actual reaches it (amounts compared in fen). */
const reached = (i: { target: string | number | null; actual: string | number }): Met => {
  if (i.target === null) return 'no-target';
  if (typeof i.target === 'number' || typeof i.actual === 'number') return Number(i.actual) >= Number(i.target) ? 'met' : 'not-met';
  return toFen(i.actual) >= toFen(i.target) ? 'met' : 'not-met';
};

/** A bound (a floor or a ceiling in percent, two decimals) holds when the indicator's alert is ok. */
const within = (i: { alert: string }): Met => (i.alert === 'ok' ? 'met' : 'not-met');

export interface IndicatorRow {
  key: 'newGuaranteeAmount' | 'bridgeUses' | 'guidanceLanded' | 'newGreenFunds' | 'inclusiveShare' | 'averageFeeRate' | 'compensationRate';
  /** The target as printed: an amount, a count, or a bound such as "≥ 80.00%". */
  target: { amount?: string; text?: string };
  actual: { amount?: string; text?: string };
  met: Met;
}

/** The plan's indicators of the year against the year's targets, in the plan's order. */
export const indicatorRows = (i: Indicators): IndicatorRow[] => {
  const amountOf = (v: string | null) => (v === null ? { text: '—' } : { amount: v });
  const countOf = (v: number | null) => ({ text: v === null ? '—' : String(v) });
  return [
    { key: 'newGuaranteeAmount', target: amountOf(i.newGuaranteeAmount.target), actual: amountOf(i.newGuaranteeAmount.actual), met: reached(i.newGuaranteeAmount) },
    { key: 'bridgeUses', target: countOf(i.bridgeUses.target), actual: countOf(i.bridgeUses.actual), met: reached(i.bridgeUses) },
    { key: 'guidanceLanded', target: amountOf(i.guidanceLanded.target), actual: amountOf(i.guidanceLanded.actual), met: reached(i.guidanceLanded) },
    { key: 'newGreenFunds', target: countOf(i.newGreenFunds.target), actual: countOf(i.newGreenFunds.actual), met: reached(i.newGreenFunds) },
    { key: 'inclusiveShare', target: { text: `≥ ${i.inclusiveShare.minPercent}%` }, actual: { text: `${i.inclusiveShare.actualPercent}%` }, met: within(i.inclusiveShare) },
    { key: 'averageFeeRate', target: { text: `≤ ${i.averageFeeRate.maxPercent}%` }, actual: { text: `${i.averageFeeRate.actualPercent}%` }, met: within(i.averageFeeRate) },
    { key: 'compensationRate', target: { text: `≤ ${i.compensationRate.maxPercent}%` }, actual: { text: `${i.compensationRate.actualPercent}%` }, met: within(i.compensationRate) },
  ];
};

/** A business figure of the year as printed: a count and/or an amount, or a plain value (a ratio, days). */
export interface BusinessRow {
  key: string;
  count?: number;
  amount?: string;
  text?: string;
}

const AMOUNT = /^-?(0|[1-9]\d*)\.\d{2}$/;
/** Figures that are ratios or day counts in a decimal string, not amounts, though they look like one. */
const NOT_AMOUNTS = new Set(['compensationRatePercent', 'amplification', 'averageDays', 'turnover', 'leverage', 'usedPercent']);

/** The fund kind's figures of the year (business.riskPool, .bridgeFund, …), one row each. */
export const businessRows = (fund: FundAccounts): BusinessRow[] => {
  const figures = Object.entries(fund.business).find(([key]) => key !== 'kind')?.[1] ?? {};
  return Object.entries(figures).flatMap(([key, value]): BusinessRow[] => {
    if (Array.isArray(value)) return [];
    if (value === null) return [{ key, text: '—' }];
    if (typeof value === 'number') return [{ key, count: value }];
    if (typeof value === 'string') return [NOT_AMOUNTS.has(key) || !AMOUNT.test(value) ? { key, text: value } : { key, amount: value }];
    if ('amount' in value) return [{ key, count: value.count, amount: value.amount }];
    return [{ key: `${key}.returnOfCapital`, count: value.count, amount: value.returnOfCapital }, { key: `${key}.gain`, amount: value.gain }];
  });
};

export interface ProgrammeRow {
  programme: string;
  granted: string;
  paid: string;
  clawedBack: string;
  budget: string | null;
  usedPercent: string | null;
}

/** A subsidy budget's programmes against the year's budget (empty for the other kinds). */
export const programmeRows = (fund: FundAccounts): ProgrammeRow[] => {
  const list = fund.business.subsidyBudget?.programmes;
  if (!Array.isArray(list)) return [];
  return (list as Record<string, unknown>[]).map((p) => {
    const amountOf = (v: unknown): string => (typeof v === 'object' && v !== null && 'amount' in v ? String((v as { amount: unknown }).amount) : '0.00');
    return { programme: String(p.programme), granted: amountOf(p.granted), paid: amountOf(p.paid), clawedBack: amountOf(p.clawedBack), budget: typeof p.budget === 'string' ? p.budget : null, usedPercent: typeof p.usedPercent === 'string' ? p.usedPercent : null };
  });
};
