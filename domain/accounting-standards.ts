import { ACCOUNTING_STANDARDS, type FundKind } from '../events/primitives';
import { ACCOUNT_CODES, type AccountCode } from './accounts';

// The accounting standards a fund's books are reported under (issue 21 §3). Our chart
// (domain/accounts.ts) is the system's own: its 1001 is 银行存款, while in the charts below cash at
// bank has another code (1002 under 企业会计准则 and 政府会计制度). Each of our accounts maps, per
// standard, to that standard's account code and name and to a line of its statements. Sources: 企业会计准则—
// 应用指南 附录 会计科目 (财会〔2006〕18号) and 一般企业财务报表格式 (财会〔2019〕6号); 政府会计制度—
// 行政事业单位会计科目和报表 (财会〔2017〕25号); 财政总预算会计制度 (财库〔2015〕192号), whose bureau
// special account (财政专户) holds 其他财政存款 (1004). docs/year-end.md lists the whole table.

export { ACCOUNTING_STANDARDS };
export type AccountingStandard = (typeof ACCOUNTING_STANDARDS)[number];

export const STANDARD_NAMES: Readonly<Record<AccountingStandard, { zh: string; en: string }>> = {
  enterprise: { zh: '企业会计准则', en: 'Accounting Standards for Business Enterprises' },
  government: { zh: '政府会计制度', en: 'Government Accounting System (public institutions)' },
  'fiscal-general': { zh: '财政总会计制度', en: 'Fiscal General Accounting System' },
};

/**
 * The default per fund kind (docs/year-end.md): the bridge fund and the guidance fund are run by
 * state-owned operating companies (企业会计准则); the risk pool by a public institution (政府会计制度);
 * the subsidy budget is the bureau's own special account (财政总会计制度). A fund names another in
 * the policy version in force (`accountingStandards: {fundId: standard}`, policy data adopted
 * through the API like any parameter); `override` is that entry.
 */
export const DEFAULT_STANDARD: Readonly<Record<FundKind, AccountingStandard>> = {
  'bridge-fund': 'enterprise',
  'guidance-fund': 'enterprise',
  'risk-pool': 'government',
  'subsidy-budget': 'fiscal-general',
};

export const standardOf = (kind: FundKind, override?: AccountingStandard): AccountingStandard => override ?? DEFAULT_STANDARD[kind];

/** The policy's per-fund standards (`accountingStandards` of the version in force), by fundId. */
export type FundStandards = Readonly<Partial<Record<string, AccountingStandard>>>;
export const NO_STANDARD_OVERRIDES: FundStandards = {};

export type StatementSection = 'assets' | 'liabilities' | 'net-assets' | 'income' | 'expense' | 'memo';

/** A line of the standard's balance sheet or income statement, in the order the statement prints it. */
export interface StatementLine {
  id: string;
  name: string;
  section: StatementSection;
}

export interface MappedAccount {
  code: string;
  name: string;
  /** The StatementLine id the account's balance is reported on. */
  line: string;
}

const l = (id: string, name: string, section: StatementSection): StatementLine => ({ id, name, section });

/** Each standard's statement lines in print order: balance sheet (资产负债表), then income statement (收入费用表 / 利润表). */
export const STATEMENT_LINES: Readonly<Record<AccountingStandard, readonly StatementLine[]>> = {
  enterprise: [
    l('cash', '货币资金', 'assets'),
    l('other-receivables', '其他应收款', 'assets'),
    l('long-term-equity', '长期股权投资', 'assets'),
    l('other-payables', '其他应付款', 'liabilities'),
    l('paid-in-capital', '实收资本', 'net-assets'),
    l('retained-earnings', '未分配利润', 'net-assets'),
    l('revenue', '营业收入', 'income'),
    l('investment-income', '投资收益', 'income'),
    l('non-operating-income', '营业外收入', 'income'),
    l('cost-of-revenue', '营业成本', 'expense'),
    l('admin-expenses', '管理费用', 'expense'),
    l('finance-expenses', '财务费用', 'expense'),
    l('impairment', '资产减值损失', 'expense'),
    l('non-operating-expenses', '营业外支出', 'expense'),
    l('memo', '备查登记（表外）', 'memo'),
  ],
  government: [
    l('cash', '货币资金', 'assets'),
    l('other-receivables', '其他应收款净额', 'assets'),
    l('long-term-equity', '长期股权投资', 'assets'),
    l('other-payables', '其他应付款', 'liabilities'),
    l('accumulated-surplus', '累计盈余', 'net-assets'),
    l('special-funds', '专用基金', 'net-assets'),
    l('operating-income', '经营收入', 'income'),
    l('investment-income', '投资收益', 'income'),
    l('interest-income', '利息收入', 'income'),
    l('other-income', '其他收入', 'income'),
    l('operating-expenses', '业务活动费用', 'expense'),
    l('admin-expenses', '单位管理费用', 'expense'),
    l('other-expenses', '其他费用', 'expense'),
    l('memo', '备查登记（表外）', 'memo'),
  ],
  'fiscal-general': [
    l('other-fiscal-deposits', '其他财政存款', 'assets'),
    l('loans-out', '借出款项', 'assets'),
    l('other-receivables', '其他应收款', 'assets'),
    l('equity-investments', '股权投资', 'assets'),
    l('other-payables', '其他应付款', 'liabilities'),
    l('special-fund-balance', '专用基金结余', 'net-assets'),
    l('asset-fund', '资产基金', 'net-assets'),
    l('special-fund-income', '专用基金收入', 'income'),
    l('special-fund-expenditure', '专用基金支出', 'expense'),
    l('memo', '备查登记（表外）', 'memo'),
  ],
};

const m = (code: string, name: string, line: string): MappedAccount => ({ code, name, line });
type Table = Record<AccountCode, MappedAccount>;

const SUBSIDY_DETAIL = ['500201', '500202', '500203', '500204', '500205', '500206', '500207'] as const;
/** The same mapping for each of 5002's detail accounts (明细科目). */
const detail = (value: MappedAccount): Record<(typeof SUBSIDY_DETAIL)[number], MappedAccount> => Object.fromEntries(SUBSIDY_DETAIL.map((c) => [c, value])) as Record<(typeof SUBSIDY_DETAIL)[number], MappedAccount>;

const ENTERPRISE: Table = {
  '1001': m('1002', '银行存款', 'cash'),
  '1201': m('1221', '其他应收款—转贷款', 'other-receivables'),
  '1202': m('1132', '应收利息—资金占用费', 'other-receivables'),
  '1203': m('1221', '其他应收款—逾期转贷款', 'other-receivables'),
  '1204': m('1231', '坏账准备', 'other-receivables'),
  '1501': m('1511', '长期股权投资', 'long-term-equity'),
  '2201': m('2241', '其他应付款—应付补贴款', 'other-payables'),
  '2202': m('2241', '其他应付款—应付代偿补偿款', 'other-payables'),
  '2203': m('2241', '其他应付款—应付出资款', 'other-payables'),
  '3001': m('4001', '实收资本', 'paid-in-capital'),
  '3101': m('4104', '利润分配—未分配利润', 'retained-earnings'),
  '4001': m('6603', '财务费用—利息收入', 'finance-expenses'),
  '4002': m('6001', '主营业务收入—资金占用费', 'revenue'),
  '4003': m('6301', '营业外收入—追偿分成', 'non-operating-income'),
  '4004': m('6111', '投资收益', 'investment-income'),
  '5001': m('6401', '主营业务成本—代偿补偿', 'cost-of-revenue'),
  '5002': m('6711', '营业外支出—补贴支出', 'non-operating-expenses'),
  '5003': m('6602', '管理费用', 'admin-expenses'),
  '5004': m('6701', '资产减值损失', 'impairment'),
  '5005': m('6603', '财务费用—手续费', 'finance-expenses'),
  ...detail(m('6711', '营业外支出—补贴支出', 'non-operating-expenses')),
  '9001': m('备查', '在保余额备查簿', 'memo'),
  '9002': m('备查', '未缴出资承诺备查簿', 'memo'),
};

const GOVERNMENT: Table = {
  '1001': m('1002', '银行存款', 'cash'),
  '1201': m('1218', '其他应收款—转贷款', 'other-receivables'),
  '1202': m('1218', '其他应收款—资金占用费', 'other-receivables'),
  '1203': m('1218', '其他应收款—逾期转贷款', 'other-receivables'),
  '1204': m('1219', '坏账准备', 'other-receivables'),
  '1501': m('1502', '长期股权投资', 'long-term-equity'),
  '2201': m('2307', '其他应付款—应付补贴款', 'other-payables'),
  '2202': m('2307', '其他应付款—应付代偿补偿款', 'other-payables'),
  '2203': m('2307', '其他应付款—应付出资款', 'other-payables'),
  '3001': m('3101', '专用基金', 'special-funds'),
  '3101': m('3001', '累计盈余', 'accumulated-surplus'),
  '4001': m('4609', '利息收入', 'interest-income'),
  '4002': m('4401', '经营收入—资金占用费', 'operating-income'),
  '4003': m('4609', '其他收入—追偿分成', 'other-income'),
  '4004': m('4602', '投资收益', 'investment-income'),
  '5001': m('5001', '业务活动费用—代偿补偿', 'operating-expenses'),
  '5002': m('5001', '业务活动费用—补贴支出', 'operating-expenses'),
  '5003': m('5101', '单位管理费用', 'admin-expenses'),
  '5004': m('5901', '其他费用—资产减值', 'other-expenses'),
  '5005': m('5901', '其他费用—银行手续费', 'other-expenses'),
  ...detail(m('5001', '业务活动费用—补贴支出', 'operating-expenses')),
  '9001': m('备查', '在保余额备查簿', 'memo'),
  '9002': m('备查', '未缴出资承诺备查簿', 'memo'),
};

const FISCAL: Table = {
  '1001': m('1004', '其他财政存款', 'other-fiscal-deposits'),
  '1201': m('1021', '借出款项—转贷款', 'loans-out'),
  '1202': m('1036', '其他应收款—资金占用费', 'other-receivables'),
  '1203': m('1021', '借出款项—逾期转贷款', 'loans-out'),
  '1204': m('1036', '其他应收款—坏账准备', 'other-receivables'),
  '1501': m('1071', '股权投资', 'equity-investments'),
  '2201': m('2015', '其他应付款—应付补贴款', 'other-payables'),
  '2202': m('2015', '其他应付款—应付代偿补偿款', 'other-payables'),
  '2203': m('2015', '其他应付款—应付出资款', 'other-payables'),
  '3001': m('3081', '资产基金—财政注资', 'asset-fund'),
  '3101': m('3033', '专用基金结余', 'special-fund-balance'),
  '4001': m('4005', '专用基金收入—利息', 'special-fund-income'),
  '4002': m('4005', '专用基金收入—资金占用费', 'special-fund-income'),
  '4003': m('4005', '专用基金收入—追偿分成', 'special-fund-income'),
  '4004': m('4005', '专用基金收入—投资收益', 'special-fund-income'),
  '5001': m('5005', '专用基金支出—代偿补偿', 'special-fund-expenditure'),
  '5002': m('5005', '专用基金支出—补贴', 'special-fund-expenditure'),
  '5003': m('5005', '专用基金支出—管理费用', 'special-fund-expenditure'),
  '5004': m('5005', '专用基金支出—资产减值', 'special-fund-expenditure'),
  '5005': m('5005', '专用基金支出—银行手续费', 'special-fund-expenditure'),
  ...detail(m('5005', '专用基金支出—补贴', 'special-fund-expenditure')),
  '9001': m('备查', '在保余额备查簿', 'memo'),
  '9002': m('备查', '未缴出资承诺备查簿', 'memo'),
};

const TABLES: Readonly<Record<AccountingStandard, Partial<Record<string, MappedAccount>>>> = { enterprise: ENTERPRISE, government: GOVERNMENT, 'fiscal-general': FISCAL };

/** Our account under a standard: its code, name and statement line. Throws for an account the table misses (a test maps every one). */
export function mapAccount(standard: AccountingStandard, code: AccountCode): MappedAccount {
  const mapped = TABLES[standard][code];
  if (mapped === undefined) throw new Error(`account ${code} has no mapping under ${standard}`);
  return mapped;
}

/** Accounts of our chart the standard's table leaves out (empty: every account maps). */
export const unmappedAccounts = (standard: AccountingStandard): AccountCode[] => ACCOUNT_CODES.filter((code) => TABLES[standard][code] === undefined);
