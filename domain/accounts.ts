// Chart of accounts (DESIGN §5). Each fund is its own book (账套) over its dedicated bank account (专户).

export type NormalSide = 'debit' | 'credit';

export interface Account {
  code: AccountCode;
  nameZh: string;
  nameEn: string;
  normalSide: NormalSide;
  /** Memo accounts track exposure; they are listed but excluded from the trial balance. */
  memo: boolean;
  /**
   * An adjustment (调整分录, domain/adjustment.ts) may move it: income, expense, payables and
   * accumulated surplus. Cash (1001) only with a bank reference (a rule of its own); positions
   * (1201/1203/1501, memo 9001/9002), capital and the rest move only through their business
   * commands and reversals.
   */
  adjustable: boolean;
}

export const ACCOUNT_CODES = [
  '1001', '1201', '1202', '1203', '1204', '1501',
  '2201', '2202', '2203',
  '3001', '3101',
  '4001', '4002', '4003', '4004',
  '5001', '5002', '5003', '5004', '5005',
  // 5002's detail accounts (明细科目), one per subsidy programme (domain/subsidy.ts).
  '500201', '500202', '500203', '500204', '500205', '500206', '500207',
  '9001', '9002',
] as const;
export type AccountCode = (typeof ACCOUNT_CODES)[number];

/** Income (4xxx), expense (5xxx and its detail accounts), payables (22xx) and 3101 are adjustable. */
const isAdjustableCode = (code: AccountCode): boolean => /^(4|5|22)/.test(code) || code === '3101';

const row = (code: AccountCode, nameZh: string, nameEn: string, normalSide: NormalSide, memo = false): Account => ({
  code, nameZh, nameEn, normalSide, memo, adjustable: !memo && isAdjustableCode(code),
});

export const CHART_OF_ACCOUNTS: Readonly<Record<AccountCode, Account>> = {
  '1001': row('1001', '银行存款', 'cash at bank', 'debit'),
  '1201': row('1201', '应收转贷款', 'bridge loans receivable', 'debit'),
  '1202': row('1202', '应收资金占用费', 'bridge fees receivable', 'debit'),
  '1203': row('1203', '逾期转贷款', 'overdue bridge loans', 'debit'),
  // A contra-asset: it sits among assets but its balance is a credit.
  '1204': row('1204', '坏账准备', 'loss allowance', 'credit'),
  '1501': row('1501', '长期股权投资', 'equity investments', 'debit'),
  '2201': row('2201', '应付补贴款', 'subsidies payable', 'credit'),
  '2202': row('2202', '应付代偿补偿款', 'compensation payable', 'credit'),
  '2203': row('2203', '应付出资款', 'capital calls payable', 'credit'),
  '3001': row('3001', '财政注资', 'fiscal capital', 'credit'),
  '3101': row('3101', '累计结余', 'accumulated surplus', 'credit'),
  '4001': row('4001', '利息收入', 'interest income', 'credit'),
  '4002': row('4002', '资金占用费收入', 'bridge fee income', 'credit'),
  '4003': row('4003', '追偿分成收入', 'recovery income', 'credit'),
  '4004': row('4004', '投资收益', 'investment income', 'credit'),
  '5001': row('5001', '代偿补偿支出', 'compensation expense', 'debit'),
  '5002': row('5002', '补贴支出', 'subsidy expense', 'debit'),
  '5003': row('5003', '管理费用', 'management fees', 'debit'),
  '5004': row('5004', '资产减值损失', 'impairment loss', 'debit'),
  // What the bank takes from the fund's account (手续费), booked from its statement line (issue 19 §2).
  '5005': row('5005', '银行手续费', 'bank charges', 'debit'),
  '500201': row('500201', '补贴支出—知识产权质押贷款贴息', 'subsidy expense: IP-pledge loan interest', 'debit'),
  '500202': row('500202', '补贴支出—知识产权质押评估费担保费补助', 'subsidy expense: IP-pledge evaluation and guarantee fees', 'debit'),
  '500203': row('500203', '补贴支出—首台套首批次首版次保费补贴', 'subsidy expense: first-unit insurance premiums', 'debit'),
  '500204': row('500204', '补贴支出—碳减排贴息', 'subsidy expense: carbon-reduction loan interest', 'debit'),
  '500205': row('500205', '补贴支出—创业担保贷款贴息', 'subsidy expense: start-up loan interest', 'debit'),
  '500206': row('500206', '补贴支出—担保费补贴', 'subsidy expense: guarantee fees', 'debit'),
  '500207': row('500207', '补贴支出—奖励', 'subsidy expense: awards', 'debit'),
  // Memo: a debit raises exposure, a credit lowers it.
  '9001': row('9001', '在保余额（备查）', 'memo: guarantees outstanding', 'debit', true),
  '9002': row('9002', '未缴出资承诺（备查）', 'memo: unfunded commitments', 'debit', true),
};

export const CASH_ACCOUNT: AccountCode = '1001';

/** An account's balance on its normal side: debit − credit, or credit − debit for a credit-normal account (unknown codes: debit-normal). */
export const normalBalance = (code: string, debit: bigint, credit: bigint): bigint =>
  isAccountCode(code) && CHART_OF_ACCOUNTS[code].normalSide === 'credit' ? credit - debit : debit - credit;

export function isAccountCode(code: string): code is AccountCode {
  return (ACCOUNT_CODES as readonly string[]).includes(code);
}
