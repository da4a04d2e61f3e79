// The one catalogue of business words in Chinese and English (STYLE "One source per fact"): the
// journal's 摘要 (domain/journal-summary.ts), the monthly report and the guide read them from here.
import type { CapitalSource, FundKind } from '../events/primitives';
import type { Programme } from '../events/subsidy-events';

export interface Words {
  zh: string;
  en: string;
}

const w = (zh: string, en: string): Words => ({ zh, en });

/** English words as they open a sentence or a cell: first letter capitalised. */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const FUND_KIND_WORDS: Readonly<Record<FundKind, Words>> = {
  'risk-pool': w('风险补偿资金池', 'risk pool'),
  'bridge-fund': w('应急转贷基金', 'bridge fund'),
  'guidance-fund': w('政府引导基金', 'guidance fund'),
  'subsidy-budget': w('财政补贴资金', 'subsidy budget'),
};

/** Who paid the capital in: 市财政注资 is "capital injected by city finance". */
export const CAPITAL_SOURCE_WORDS: Readonly<Record<CapitalSource, Words>> = {
  central: w('中央财政', 'central finance'),
  province: w('省财政', 'provincial finance'),
  city: w('市财政', 'city finance'),
  county: w('县财政', 'county finance'),
  other: w('其他资金', 'other source'),
};

export const PROGRAMME_WORDS: Readonly<Record<Programme, Words>> = {
  'ip-pledge-interest': w('知识产权质押贷款贴息', 'IP-pledge loan interest subsidy'),
  'ip-pledge-fee': w('评估费担保费补助', 'IP-pledge evaluation and guarantee fee subsidy'),
  'first-unit-premium': w('首台套保费补贴', 'first-unit insurance premium subsidy'),
  'carbon-reduction-interest': w('碳减排贴息', 'carbon-reduction loan interest subsidy'),
  'startup-loan-interest': w('创业担保贷款贴息', 'start-up loan interest subsidy'),
  'guarantee-fee-subsidy': w('担保费补贴', 'guarantee fee subsidy'),
  award: w('奖励', 'award'),
};

/** What happened, as an accountant writes it in a 摘要; one entry per business act. */
export const ACT_WORDS = {
  fundCreated: w('设立基金', 'fund created'),
  capitalInjected: w('注资', 'capital injected by'),
  interestReceived: w('收到存款利息', 'bank interest received'),
  openingBalance: w('期初余额', 'opening balance'),
  guaranteeIssued: w('新增担保', 'guarantee issued'),
  guaranteeFee: w('收取担保费', 'guarantee fee collected'),
  guaranteeReleased: w('解除担保', 'guarantee released'),
  /** The default and the pool's payment are one act: 担保代偿. */
  guaranteeCompensated: w('担保代偿', 'default compensated'),
  recovery: w('追偿分成', 'recovery share received'),
  bridgeGranted: w('转贷审批', 'bridge loan granted'),
  bridgeDisbursed: w('转贷放款', 'bridge loan disbursed'),
  bridgeOverdue: w('转贷逾期', 'bridge loan overdue'),
  bridgeRepaid: w('收回转贷款及资金占用费', 'bridge loan repaid with fee'),
  commitmentMade: w('认缴出资', 'commitment made'),
  capitalCalled: w('子基金缴款通知', 'capital called'),
  capitalCallPaid: w('实缴出资', 'capital call paid'),
  distribution: w('子基金分配', 'distribution received'),
  subsidyRequested: w('补贴申请', 'subsidy requested'),
  subsidyGranted: w('补贴核定', 'subsidy granted'),
  subsidyRejected: w('补贴驳回', 'subsidy rejected'),
  subsidyClawedBack: w('补贴追回', 'subsidy clawed back'),
  subsidyPaid: w('拨付补贴', 'subsidy paid'),
  clawbackReceived: w('收回补贴款', 'subsidy clawback received'),
  grantCapUsed: w('占用补贴限额', 'grant cap used'),
  grantCapReleased: w('释放补贴限额', 'grant cap released'),
  periodClosed: w('月末结账', 'period closed'),
  reconciled: w('银行对账', 'bank reconciliation'),
  statementRecorded: w('银行对账单', 'bank statement recorded'),
  alertRaised: w('预警', 'alert raised'),
  alertAcknowledged: w('预警确认', 'alert acknowledged'),
  alertResolved: w('预警解除', 'alert resolved'),
  approvalRequested: w('提交审批', 'approval requested'),
  approvalGranted: w('审批通过', 'approved'),
  approvalRejected: w('审批驳回', 'approval rejected'),
  policyAdopted: w('政策参数版本生效', 'policy version adopted'),
  bankCharge: w('银行手续费', 'bank charge'),
  capitalReturned: w('资金缴回国库', 'capital returned to the treasury'),
  adjustment: w('调整分录', 'adjustment'),
  /** 冲正 / 红字更正: the reversal of an earlier entry. */
  reversal: w('冲销', 'reversal of'),
  correctionRequested: w('更正申请', 'correction requested'),
  correctionApproved: w('更正审批通过', 'correction approved'),
  correctionRejected: w('更正驳回', 'correction rejected'),
  bankMatch: w('人工勾对', 'manual bank match'),
  bankMatchUndone: w('撤销勾对', 'manual bank match undone'),
  /** 结转: the year's income and expense balances closed into 3101 累计结余. */
  yearClosing: w('结转本年收支', 'year-end closing'),
  yearClosed: w('年度结账', 'year closed'),
  /** Rows of the 明细账 (functions/month-end/ledger-detail.ts). */
  monthTotal: w('本月合计', 'month total'),
  openedOn: w('建账日期', 'books opened on'),
  /** A position brought in on the fund's openedOn (docs/migration.md). */
  migrated: w('期初迁入', 'migrated'),
} as const satisfies Record<string, Words>;
