// 年度报表 (issue 21 §4): a year's annual accounts for one fund or all funds, laid out as a finance
// officer prints them — 资产负债表 and 收入支出表 (利润表) on the lines of the fund's accounting
// standard, the year's business figures, the plan's indicators against the year's targets, and the
// lines for the signatures. The print stylesheet (style.css, @media print, and the page boxes built
// here from the data) makes each fund an A4 document headed with the fund and the year, amounts in
// 元 to the fen, pages numbered.
import { data } from '../api/client';
import { formatDigits } from '../format/amount';
import { type MessageKey, t, tOr } from '../i18n/i18n';
import { h, table } from '../ui/dom';
import { type AnnualReport, balanceSheetRows, businessRows, type FundAccounts, incomeStatementRows, incomeStatementTitle, indicatorRows, programmeRows, type StatementRow } from './annual-layout';
import { hashOf, type PageContext } from './page';
import { loadYearStatus, yearClosePanel, type YearStatus } from './year-close';

export interface AnnualData {
  year: number;
  /** A fundId, or 'all'. */
  fund: string;
  report: AnnualReport;
  /** Where each fund's year stands (年终结账). */
  status: YearStatus;
}

export const load = async (ctx: PageContext): Promise<AnnualData> => {
  const asked = ctx.query.get('year') ?? '';
  const year = /^\d{4}$/.test(asked) ? Number(asked) : new Date().getFullYear();
  const [report, status] = await Promise.all([
    data(ctx.api.GET('/v1/reports/annual/{year}', { params: { path: { year: String(year) }, query: { format: 'json' } } })),
    loadYearStatus(ctx, year),
  ]);
  const fund = ctx.query.get('fund') ?? 'all';
  return { year, fund: report.funds.some((f) => f.fundId === fund) ? fund : 'all', report, status };
};

// ---- view ----

/** An amount in 元 to the fen (the unit is in the statement's header, so not repeated per cell). */
const yuan = (text: string | undefined): HTMLElement | string =>
  text === undefined || text === '' ? '' : h('span', { class: `amount${text.startsWith('-') ? ' negative' : ''}`, 'data-amount': text }, formatDigits(text, 'yuan'));

const label = (row: StatementRow): string => (row.kind === 'line' ? row.label : t(row.label as MessageKey));

const statement = (rows: StatementRow[], withStart: boolean, attrs: { class: string; 'aria-label': string }): HTMLElement => {
  const box = table(
    withStart ? [t('annual.item'), t('annual.start'), t('annual.end')] : [t('annual.item'), t('annual.thisYear')],
    rows.map((row) => [label(row), ...(withStart ? [yuan(row.start)] : []), yuan(row.end)]),
    { ...attrs, class: `numbers statement ${attrs.class}` },
  );
  // Headings and totals read as such on screen and on paper.
  box.querySelectorAll('tbody tr').forEach((tr, index) => tr.classList.add(`row-${rows[index]?.kind ?? 'line'}`));
  return box;
};

/** Our accounts beside the standard's codes and names (科目对照), with their balances at year end. */
const mappingTable = (fund: FundAccounts): HTMLElement =>
  table(
    [t('annual.ourAccount'), t('annual.standardAccount'), t('annual.end')],
    [...fund.balanceSheet.end.accounts, ...fund.incomeStatement.income, ...fund.incomeStatement.expense].map((a) => [`${a.account} ${a.nameZh}`, `${a.standardCode} ${a.standardName}`, yuan(a.amount)]),
    { class: 'numbers mapping', 'aria-label': t('annual.mapping') },
  );

const businessSection = (fund: FundAccounts): HTMLElement[] => {
  const rows = businessRows(fund);
  const programmes = programmeRows(fund);
  return [
    h('h3', {}, t('annual.business')),
    rows.length === 0 ? null : table(
      [t('annual.item'), t('annual.count'), t('annual.amountOrValue')],
      rows.map((r) => [tOr(`annual.figure.${r.key}`, r.key), r.count === undefined ? '' : String(r.count), r.amount !== undefined ? yuan(r.amount) : h('span', { class: 'figure-value' }, r.text ?? '')]),
      { class: 'numbers business', 'aria-label': t('annual.business') },
    ),
    programmes.length === 0 ? null : table(
      [t('annual.programme'), t('annual.figure.granted'), t('annual.programmePaid'), t('annual.figure.clawedBack'), t('annual.budget'), t('annual.usedPercent')],
      programmes.map((p) => [tOr(`figure.programme.${p.programme}`, p.programme), yuan(p.granted), yuan(p.paid), yuan(p.clawedBack), p.budget === null ? '—' : yuan(p.budget), p.usedPercent === null ? '—' : `${p.usedPercent}%`]),
      { class: 'numbers programmes', 'aria-label': t('annual.programme') },
    ),
  ].filter((e): e is HTMLElement => e !== null);
};

const indicatorSection = (report: AnnualReport): HTMLElement[] => {
  const shown = (v: { amount?: string; text?: string }) => (v.amount !== undefined ? yuan(v.amount) : (v.text ?? ''));
  const targets = report.indicators.targets.ownTargets ? t('kpi.targetsFrom', { year: report.year, policyId: report.indicators.targets.policyId ?? '' }) : t('kpi.noTargets', { year: report.year });
  return [
    h('h3', {}, t('annual.indicators', { year: report.year })),
    h('p', { class: 'muted' }, targets),
    table(
      [t('annual.indicator'), t('annual.target'), t('annual.actual'), t('annual.met')],
      indicatorRows(report.indicators.indicators).map((r) => [t(`kpi.${r.key}`), shown(r.target), shown(r.actual), h('span', { class: `tag ${r.met === 'met' ? 'ok' : r.met === 'not-met' ? 'bad' : ''}`, 'data-met': r.met }, t(`annual.met.${r.met}`))]),
      { class: 'numbers indicators', 'aria-label': t('annual.indicators', { year: report.year }) },
    ),
  ];
};

/** The lines the accounts are signed on (单位负责人 / 会计机构负责人 / 制表人) and the date. */
const signatures = (): HTMLElement =>
  h(
    'div',
    { class: 'signatures' },
    ...(['annual.sign.head', 'annual.sign.accountingHead', 'annual.sign.preparer', 'annual.sign.date'] as const).map((key) => h('div', { class: 'signature' }, h('span', {}, t(key)), h('span', { class: 'blank', 'aria-hidden': 'true' }))),
  );

const sheetHeader = (title: string, year: number, status: string, standard: string | undefined): HTMLElement =>
  h(
    'div',
    { class: 'sheet-header' },
    h('h2', {}, t('annual.sheetTitle', { name: title, year })),
    h(
      'p',
      { class: 'sheet-meta' },
      h('span', {}, t('annual.preparedBy', { name: title })),
      standard === undefined ? null : h('span', {}, t('annual.standard', { name: standard })),
      h('span', {}, t('annual.unit')),
      h('span', { class: `tag ${status === 'closed' ? 'ok' : ''}`, 'data-status': status }, t(`annual.status.${status === 'closed' ? 'closed' : 'draft'}`)),
    ),
  );

/** One printed document per fund: its own A4 pages (a named page, so its header names it). */
const fundSheet = (fund: FundAccounts, index: number, report: AnnualReport, withIndicators: boolean): HTMLElement =>
  h(
    'article',
    { class: 'annual-sheet card', 'data-fund': fund.fundId, style: `page: annual-${index}` },
    sheetHeader(fund.name, report.year, fund.status, fund.standardName),
    h('h3', {}, t('annual.balanceSheet'), fund.balanceSheet.end.balanced ? null : h('span', { class: 'error-text' }, ` · ${t('annual.notBalanced')}`)),
    statement(balanceSheetRows(fund), true, { class: 'balance-sheet', 'aria-label': t('annual.balanceSheet') }),
    h('h3', {}, t(incomeStatementTitle(fund.standard))),
    statement(incomeStatementRows(fund), false, { class: 'income-statement', 'aria-label': t(incomeStatementTitle(fund.standard)) }),
    ...businessSection(fund),
    h('h3', {}, t('annual.mapping')),
    mappingTable(fund),
    ...(withIndicators ? indicatorSection(report) : []),
    signatures(),
  );

/** All funds together: the statements' totals (each fund's lines follow its own standard, so only totals add) and the plan's indicators. */
const totalSheet = (report: AnnualReport): HTMLElement => {
  const { balanceSheet: b, incomeStatement: i } = report.total;
  const rows: StatementRow[] = [
    { kind: 'total', label: 'annual.totalAssets', start: b.start.assets, end: b.end.assets },
    { kind: 'total', label: 'annual.totalLiabilities', start: b.start.liabilities, end: b.end.liabilities },
    { kind: 'total', label: 'annual.totalNetAssets', start: b.start.netAssets, end: b.end.netAssets },
  ];
  const income: StatementRow[] = [
    { kind: 'total', label: 'annual.totalIncome', end: i.totalIncome },
    { kind: 'total', label: 'annual.totalExpense', end: i.totalExpense },
    { kind: 'total', label: 'annual.surplus', end: i.surplus },
  ];
  return h(
    'article',
    { class: 'annual-sheet card', 'data-fund': 'all', style: 'page: annual-all' },
    sheetHeader(t('annual.allFunds'), report.year, report.status, undefined),
    h('h3', {}, t('annual.balanceSheet')),
    statement(rows, true, { class: 'balance-sheet', 'aria-label': t('annual.balanceSheet') }),
    h('h3', {}, t('annual.incomeStatement')),
    statement(income, false, { class: 'income-statement', 'aria-label': t('annual.incomeStatement') }),
    ...indicatorSection(report),
    signatures(),
  );
};

/** A CSS string literal (the page boxes' content). */
const cssString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;

/**
 * The page boxes of the printed accounts: each fund's pages are headed with the fund and the year
 * (a named page per fund) and every page is numbered. Built from the data, so it is a style element
 * of the page, gone when the page is left.
 */
const printStyle = (report: AnnualReport, sheets: { page: string; title: string }[]): HTMLStyleElement => {
  const numbered = `${cssString(t('annual.page.before'))} counter(page) ${cssString(t('annual.page.middle'))} counter(pages) ${cssString(t('annual.page.after'))}`;
  const rules = sheets.map(
    (s) => `@page ${s.page} { @top-left { content: ${cssString(t('annual.sheetTitle', { name: s.title, year: report.year }))}; } @top-right { content: ${cssString(t('annual.unit'))}; } }`,
  );
  return h('style', { 'data-annual-print': '' }, `@media print {\n@page { @bottom-center { content: ${numbered}; } }\n${rules.join('\n')}\n}`);
};

export const view = (d: AnnualData, ctx: PageContext): HTMLElement => {
  const { report } = d;
  const funds = d.fund === 'all' ? report.funds : report.funds.filter((f) => f.fundId === d.fund);
  const go = (year: string, fund: string) => ctx.navigate(hashOf('annual', { year, fund: fund === 'all' ? undefined : fund }));
  const yearInput = h('input', { type: 'number', id: 'annual-year', name: 'year', min: 2000, max: 2100, value: d.year });
  const fundSelect = h(
    'select',
    { id: 'annual-fund', name: 'fund' },
    h('option', { value: 'all', selected: d.fund === 'all' }, t('annual.allFunds')),
    report.funds.map((f) => h('option', { value: f.fundId, selected: d.fund === f.fundId }, f.name)),
  );
  const controls = h(
    'form',
    { class: 'filters no-print', id: 'annual-form', onsubmit: (event: Event) => { event.preventDefault(); go(yearInput.value, fundSelect.value); } },
    h('label', {}, t('annual.year'), yearInput),
    h('label', {}, t('annual.fund'), fundSelect),
    h('button', { type: 'submit' }, t('annual.show')),
    h('button', { type: 'button', class: 'primary', id: 'annual-print', onclick: () => window.print() }, t('annual.print')),
  );
  const sheets = [
    ...(d.fund === 'all' ? [{ page: 'annual-all', title: t('annual.allFunds') }] : []),
    ...funds.map((f, index) => ({ page: `annual-${index}`, title: f.name })),
  ];
  return h(
    'div',
    { class: 'annual' },
    printStyle(report, sheets),
    h('h2', { class: 'no-print' }, t('annual.title', { year: d.year }), ' ', h('span', { class: `tag ${report.status === 'closed' ? 'ok' : ''}` }, t(`annual.status.${report.status}`))),
    controls,
    report.status === 'draft' ? h('p', { class: 'muted no-print' }, t('annual.draftHint')) : null,
    yearClosePanel(d.year, d.status, d.fund, ctx),
    funds.length === 0 ? h('p', { class: 'muted' }, t('annual.noFunds', { year: d.year })) : null,
    d.fund === 'all' && funds.length > 0 ? totalSheet(report) : null,
    funds.map((f, index) => fundSheet(f, index, report, d.fund !== 'all')),
  );
};
