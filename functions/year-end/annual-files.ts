// The annual accounts as CSV and XLSX (issue 21 §2), rendered from their wire form (the same for a
// draft and for a stored closed year), with the reporting standard's code and name beside ours (§3).
import { parseYuan } from '../../events/money';
import { csvCell, sheet } from '../month-end/monthly-report';
import type { JsonObject, JsonValue } from '../store/types';
import { writeXlsx } from '../xlsx/write';

type Line = { id: string; name: string; section: string; amount: string };
type Account = { account: string; nameZh: string; standardCode: string; standardName: string; line: string; amount: string };
type Sheet = { assets: string; liabilities: string; netAssets: string; balanced: boolean; accounts: Account[]; lines: Line[] };
type Fund = {
  fundId: string;
  kind: string;
  name: string;
  status: string;
  statusZh: string;
  standard: string;
  standardName: string;
  balanceSheet: { start: Sheet; end: Sheet };
  incomeStatement: { income: Account[]; expense: Account[]; totalIncome: string; totalExpense: string; surplus: string; lines: Line[] };
  business: JsonObject;
};

const fundsOf = (report: JsonObject): Fund[] => report.funds as unknown as Fund[];

/** Leaves of a nested object as (dotted path, value). */
export const flatten = (value: JsonValue, prefix = ''): [string, string][] => {
  if (value === null || typeof value !== 'object') return [[prefix, value === null ? '' : String(value)]];
  const entries: [string, JsonValue][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => flatten(v, prefix === '' ? k : `${prefix}.${k}`));
};

/** Start and end of each balance-sheet line (the standard's lines are the same list at both dates). */
const sheetLines = (f: Fund) => f.balanceSheet.end.lines.map((line) => ({ ...line, start: f.balanceSheet.start.lines.find((l) => l.id === line.id)?.amount ?? '0.00', end: line.amount }));
/** Start and end of each of our accounts, with the standard's code and name. */
const sheetAccounts = (f: Fund) => {
  const codes = [...new Set([...f.balanceSheet.start.accounts, ...f.balanceSheet.end.accounts].map((a) => a.account))].sort();
  const find = (list: Account[], code: string) => list.find((a) => a.account === code);
  return codes.map((code) => {
    const any = find(f.balanceSheet.end.accounts, code) ?? find(f.balanceSheet.start.accounts, code);
    return { ...(any as Account), start: find(f.balanceSheet.start.accounts, code)?.amount ?? '0.00', end: find(f.balanceSheet.end.accounts, code)?.amount ?? '0.00' };
  });
};

export const ANNUAL_CSV_HEADER = ['section', 'fund_id', 'status', 'standard', 'item', 'name_zh', 'standard_code', 'standard_name', 'start', 'end', 'amount'] as const;

export function annualReportCsv(report: JsonObject): string {
  const rows: (string | number)[][] = [[...ANNUAL_CSV_HEADER]];
  for (const f of fundsOf(report)) {
    const base = (section: string) => [section, f.fundId, f.statusZh, f.standardName];
    for (const l of sheetLines(f)) rows.push([...base('balance-sheet-line'), l.id, l.name, '', '', l.start, l.end, '']);
    for (const a of sheetAccounts(f)) rows.push([...base('balance-sheet-account'), a.account, a.nameZh, a.standardCode, a.standardName, a.start, a.end, '']);
    for (const [item, zh] of [['assets', '资产合计'], ['liabilities', '负债合计'], ['netAssets', '净资产合计']] as const) {
      rows.push([...base('balance-sheet-total'), item, zh, '', '', f.balanceSheet.start[item], f.balanceSheet.end[item], '']);
    }
    for (const a of [...f.incomeStatement.income, ...f.incomeStatement.expense]) rows.push([...base('income-statement'), a.account, a.nameZh, a.standardCode, a.standardName, '', '', a.amount]);
    for (const l of f.incomeStatement.lines) rows.push([...base('income-statement-line'), l.id, l.name, '', '', '', '', l.amount]);
    for (const [item, zh] of [['totalIncome', '收入合计'], ['totalExpense', '支出合计'], ['surplus', '本年结余（结转累计结余）']] as const) rows.push([...base('income-statement-total'), item, zh, '', '', '', '', f.incomeStatement[item]]);
    for (const [path, value] of flatten(f.business)) rows.push([...base('business'), path, '', '', '', '', '', value]);
  }
  for (const [path, value] of flatten(report.total ?? null)) rows.push(['total', '', String(report.statusZh ?? ''), '', path, '', '', '', '', '', value]);
  for (const [path, value] of flatten(report.indicators ?? null)) rows.push(['indicator', '', '', '', path, '', '', '', '', '', value]);
  return `\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const fen = (text: string): bigint => parseYuan(text, 'amount', { signed: true });

export async function annualReportXlsx(report: JsonObject): Promise<Buffer> {
  const funds = fundsOf(report);
  const fundCols: [string, string, boolean][] = [['基金', 'Fund', false], ['状态', 'Status', false], ['会计制度', 'Standard', false]];
  const head = (f: Fund) => [f.fundId, f.statusZh, f.standardName];
  const balance = sheet(`资产负债表 Balance sheet ${String(report.year)}`, [...fundCols, ['项目', 'Line', false], ['年初数', 'Start of year', true], ['年末数', 'End of year', true]], [
    ...funds.flatMap((f) => [
      ...sheetLines(f).map((l) => [...head(f), l.name, fen(l.start), fen(l.end)]),
      [...head(f), '资产合计', fen(f.balanceSheet.start.assets), fen(f.balanceSheet.end.assets)],
      [...head(f), '负债合计', fen(f.balanceSheet.start.liabilities), fen(f.balanceSheet.end.liabilities)],
      [...head(f), '净资产合计', fen(f.balanceSheet.start.netAssets), fen(f.balanceSheet.end.netAssets)],
    ]),
  ]);
  const income = sheet('收入支出表 Income', [...fundCols, ['项目', 'Line', false], ['本年数', 'This year', true]], [
    ...funds.flatMap((f) => [
      ...f.incomeStatement.lines.map((l) => [...head(f), l.name, fen(l.amount)]),
      [...head(f), '收入合计', fen(f.incomeStatement.totalIncome)],
      [...head(f), '支出合计', fen(f.incomeStatement.totalExpense)],
      [...head(f), '本年结余（结转累计结余）', fen(f.incomeStatement.surplus)],
    ]),
  ]);
  const accounts = sheet('科目对照 Accounts', [...fundCols, ['科目', 'Account', false], ['科目名称', 'Name', false], ['准则科目', 'Standard code', false], ['准则科目名称', 'Standard name', false], ['年初数', 'Start', true], ['年末数', 'End', true]],
    funds.flatMap((f) => sheetAccounts(f).map((a) => [...head(f), a.account, a.nameZh, a.standardCode, a.standardName, fen(a.start), fen(a.end)])));
  const business = sheet('年度业务 Business', [...fundCols, ['项目', 'Item', false], ['数值', 'Value', false]], funds.flatMap((f) => flatten(f.business).map(([path, value]) => [...head(f), path, value])));
  const indicators = sheet('计划指标 Indicators', [['项目', 'Item', false], ['数值', 'Value', false]], flatten(report.indicators ?? null).map(([path, value]) => [path, value]));
  return writeXlsx([balance, income, accounts, business, indicators]);
}
