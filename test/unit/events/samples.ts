import { DEFAULT_POLICIES } from '../../../domain/policy';
import type { DomainEvent, EventType } from '../../../events/registry';

// One valid decoded event of every type, for contract tests.
export const CREDIT_CODE = '91350100M000100Y43';

const f = 'pool1';
export const SAMPLE_EVENTS: { [K in EventType]: Extract<DomainEvent, { type: K }> } = {
  FundCreated: { type: 'FundCreated', data: { fundId: f, kind: 'risk-pool', name: '聊城市风险补偿资金池' } },
  CapitalInjected: { type: 'CapitalInjected', data: { fundId: f, amount: 5_000_000_000n, source: 'city', reference: 'LC-2024-001' } },
  InterestReceived: { type: 'InterestReceived', data: { fundId: f, amount: 12_345n, reference: 'INT-Q1' } },
  CompensationPaid: { type: 'CompensationPaid', data: { fundId: f, guaranteeId: 'g1', principalLoss: 300_000_000n, poolShareBps: 1000, amount: 30_000_000n } },
  RecoveryReceived: { type: 'RecoveryReceived', data: { fundId: f, guaranteeId: 'g1', grossAmount: 100_000_000n, costs: 10_000_000n, poolShareBps: 1000, amount: 9_000_000n } },
  BridgeLoanDisbursed: { type: 'BridgeLoanDisbursed', data: { fundId: 'b1', loanId: 'l1', amount: 800_000_000n } },
  BridgeLoanWentOverdue: { type: 'BridgeLoanWentOverdue', data: { fundId: 'b1', loanId: 'l1', principal: 800_000_000n } },
  BridgeLoanRepaid: { type: 'BridgeLoanRepaid', data: { fundId: 'b1', loanId: 'l1', principal: 800_000_000n, fee: 1_920_000n, daysUsed: 3, wasOverdue: false } },
  CapitalCallPaid: { type: 'CapitalCallPaid', data: { fundId: 'gf', commitmentId: 'c1', callId: 'k1', amount: 50_000_000n } },
  DistributionReceived: { type: 'DistributionReceived', data: { fundId: 'gf', commitmentId: 'c1', distributionId: 'd1', returnOfCapital: 20_000_000n, gain: 3_000_000n } },
  OpeningBalanceRecorded: { type: 'OpeningBalanceRecorded', data: { fundId: 'b1', cash: 4_000_000_000n, capital: 5_000_000_000n } },
  GuaranteeIssued: {
    type: 'GuaranteeIssued',
    data: {
      fundId: f,
      guaranteeId: 'g1',
      agency: '聊城市融资担保有限公司',
      borrower: { name: '某农业合作社', creditCode: CREDIT_CODE, category: 'agri', county: 'linqing' },
      lender: '聊城农商银行',
      principal: 300_000_000n,
      feeRateBps: 100,
      startsOn: '2024-03-01',
      maturesOn: '2025-02-28',
      riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
    },
  },
  GuaranteeFeeCollected: { type: 'GuaranteeFeeCollected', data: { fundId: f, guaranteeId: 'g1', amount: 3_000_000n } },
  GuaranteeReleased: { type: 'GuaranteeReleased', data: { fundId: f, guaranteeId: 'g1', principal: 300_000_000n } },
  GuaranteeDefaulted: { type: 'GuaranteeDefaulted', data: { fundId: f, guaranteeId: 'g1', principal: 300_000_000n, principalLoss: 300_000_000n, poolShareBps: 1000, poolAmount: 30_000_000n } },
  GuaranteeRecoveryRecorded: { type: 'GuaranteeRecoveryRecorded', data: { fundId: f, guaranteeId: 'g1', grossAmount: 100_000_000n, costs: 10_000_000n, poolAmount: 9_000_000n } },
  BridgeLoanGranted: {
    type: 'BridgeLoanGranted',
    data: {
      fundId: 'b1',
      loanId: 'l1',
      borrower: { name: '某制造企业', creditCode: CREDIT_CODE },
      bank: '工商银行聊城分行',
      amount: 800_000_000n,
      renewalCommitment: { reference: 'RC-1', amount: 900_000_000n },
      disbursedOn: '2024-05-06',
      dueOn: '2024-05-20',
    },
  },
  BridgeLoanMarkedOverdue: { type: 'BridgeLoanMarkedOverdue', data: { fundId: 'b1', loanId: 'l1', principal: 800_000_000n, dueOn: '2024-05-20' } },
  BridgeLoanSettled: { type: 'BridgeLoanSettled', data: { fundId: 'b1', loanId: 'l1', repaidOn: '2024-05-09', principal: 800_000_000n, fee: 1_920_000n, daysUsed: 3 } },
  CommitmentMade: {
    type: 'CommitmentMade',
    data: {
      fundId: 'gf',
      commitmentId: 'c1',
      subFund: { name: '绿色产业子基金', size: 40_000_000_000n, prioritySector: false, green: true, manager: { name: '某资本', paidInCapital: 2_000_000_000n } },
      amount: 10_000_000_000n,
      committedOn: '2024-06-01',
    },
  },
  CapitalCalled: { type: 'CapitalCalled', data: { fundId: 'gf', commitmentId: 'c1', callId: 'k1', amount: 50_000_000n, calledOn: '2024-06-10', dueOn: '2024-06-20' } },
  CapitalCallSettled: { type: 'CapitalCallSettled', data: { fundId: 'gf', commitmentId: 'c1', callId: 'k1', amount: 50_000_000n, paidOn: '2024-06-15' } },
  DistributionRecorded: { type: 'DistributionRecorded', data: { fundId: 'gf', commitmentId: 'c1', distributionId: 'd1', receivedOn: '2024-12-01', returnOfCapital: 20_000_000n, gain: 3_000_000n } },
  PeriodClosed: { type: 'PeriodClosed', data: { fundId: f, month: '2024-05', reconciliationClean: false, overrideReason: '银行对账单延迟' } },
  ReconciliationCompleted: { type: 'ReconciliationCompleted', data: { fundId: f, month: '2024-05', clean: true, discrepancyCount: 0, reportKey: 'reports/pool1/2024-05.json' } },
  BankStatementRecorded: {
    type: 'BankStatementRecorded',
    data: {
      fundId: f,
      month: '2024-05',
      openingBalance: 0n,
      closingBalance: 4_970_000_000n,
      lines: [
        { lineNo: 1, date: '2024-05-02', amount: 5_000_000_000n, reference: 'LC-2024-001', description: '财政注资' },
        { lineNo: 2, date: '2024-05-20', amount: -30_000_000n, reference: 'g1', description: '代偿补偿' },
      ],
    },
  },
  AlertRaised: {
    type: 'AlertRaised',
    data: { alertId: 'al-0123456789abcdef', fundId: f, kind: 'reconciliation-discrepancies', level: 'breach', summary: '2024-05 对账有 2 项差异', raisedOn: '2024-05-31', cause: { streamId: 'period-pool1-2024-05', type: 'ReconciliationCompleted' }, month: '2024-05', discrepancyCount: 2 },
  },
  AlertAcknowledged: { type: 'AlertAcknowledged', data: { alertId: 'al-0123456789abcdef', fundId: f, by: 'local-finance-bureau', note: '已联系银行' } },
  AlertResolved: {
    type: 'AlertResolved',
    data: { alertId: 'al-0123456789abcdef', fundId: f, resolvedOn: '2024-06-03', reason: 'a clean reconciliation of 2024-05', cause: { streamId: 'period-pool1-2024-05', type: 'ReconciliationCompleted' } },
  },
  SubsidyRequested: {
    type: 'SubsidyRequested',
    data: {
      fundId: 'sb',
      subsidyId: 's1',
      firm: { name: '聊城某科技有限公司', creditCode: CREDIT_CODE },
      programme: 'ip-pledge-fee',
      details: { loanReference: 'LN-1', feeKind: 'evaluation', fee: 5_000_000n },
      amount: 2_000_000n,
      cut: { scope: 'per-item', limit: 2_000_000n, used: 0n, uncutAmount: 2_500_000n },
      approvalId: 'a1',
    },
  },
  SubsidyGranted: { type: 'SubsidyGranted', data: { fundId: 'sb', subsidyId: 's1', programme: 'ip-pledge-fee', creditCode: CREDIT_CODE, amount: 2_000_000n, approvalId: 'a1' } },
  SubsidyRejected: { type: 'SubsidyRejected', data: { fundId: 'sb', subsidyId: 's1', programme: 'ip-pledge-fee', approvalId: 'a1', amount: 2_000_000n } },
  SubsidyClawedBack: { type: 'SubsidyClawedBack', data: { fundId: 'sb', subsidyId: 's1', programme: 'ip-pledge-fee', amount: 500_000n, reason: '未按期还款' } },
  SubsidyPaid: { type: 'SubsidyPaid', data: { fundId: 'sb', subsidyId: 's1', programme: 'ip-pledge-fee', amount: 2_000_000n } },
  SubsidyClawbackReceived: { type: 'SubsidyClawbackReceived', data: { fundId: 'sb', subsidyId: 's1', programme: 'ip-pledge-fee', amount: 500_000n, reason: '未按期还款' } },
  GrantCapUsed: { type: 'GrantCapUsed', data: { fundId: 'sb', subsidyId: 's2', capKey: `ip-pledge-interest.${CREDIT_CODE}.2025`, amount: 1_000_000n } },
  GrantCapReleased: { type: 'GrantCapReleased', data: { fundId: 'sb', subsidyId: 's2', capKey: `ip-pledge-interest.${CREDIT_CODE}.2025`, amount: 1_000_000n } },
  ApprovalRequested: {
    type: 'ApprovalRequested',
    data: {
      approvalId: 'a1',
      fundId: 'sb',
      command: { name: 'grantSubsidy', fundId: 'sb', occurredOn: '2025-06-10', input: { subsidyId: 's1', programme: 'ip-pledge-fee' } },
      reason: 'every subsidy or award grant needs a second person',
      figures: { amount: '20000.00' },
      requestedBy: 'alice',
    },
  },
  ApprovalGranted: { type: 'ApprovalGranted', data: { approvalId: 'a1', fundId: 'sb', decidedBy: 'bob', note: '材料齐全' } },
  ApprovalRejected: { type: 'ApprovalRejected', data: { approvalId: 'a1', fundId: 'sb', decidedBy: 'bob', note: '不符合条件' } },
  PolicyAdopted: {
    type: 'PolicyAdopted',
    data: {
      policyId: 'bureau-2025',
      effectiveFrom: '2025-01-01',
      parameters: { ...DEFAULT_POLICIES[0]!, id: 'bureau-2025', effectiveFrom: '2025-01-01', bridge: { ...DEFAULT_POLICIES[0]!.bridge, feeBpsPerDay: 2 } },
      basedOn: 'liaocheng-2024',
      changes: { bridge: { feeBpsPerDay: 2 } },
      changed: ['bridge.feeBpsPerDay'],
      reason: '市财政局 2025 年转贷费率',
      proposedBy: 'alice',
      proposedOn: '2024-12-20',
      approvedBy: 'bob',
      adoptedOn: '2024-12-21',
      approvalId: 'a2',
    },
  },
  // 2024 income 123.45 (4001) − expense 300,000.00 (5001) = −299,876.55, debited to 3101.
  YearClosingPosted: {
    type: 'YearClosingPosted',
    data: {
      fundId: f,
      year: 2024,
      lines: [
        { account: '4001', side: 'debit', amount: 12_345n },
        { account: '5001', side: 'credit', amount: 30_000_000n },
        { account: '3101', side: 'debit', amount: 29_987_655n },
      ],
      requestedBy: 'alice',
      reason: '2024年度结账',
    },
  },
  YearClosed: { type: 'YearClosed', data: { fundId: f, year: 2024, month: '2024-12' } },
  EntryReversed: {
    type: 'EntryReversed',
    data: {
      fundId: f,
      correctionId: 'c1',
      approvalId: 'a2',
      reverses: { streamId: 'fund-pool1', version: 2, type: 'InterestReceived', occurredOn: '2024-05-10', recordedAt: '2024-05-10T02:00:00.000Z' },
      original: { schemaVersion: 1, data: { fundId: f, amount: '123.45', reference: 'INT-Q1' } },
      // 红字: the original's debit 1001 and credit 4001 of 123.45, amounts negated.
      lines: [
        { account: '1001', side: 'debit', amount: -12_345n },
        { account: '4001', side: 'credit', amount: -12_345n },
      ],
      reason: '利息重复入账',
    },
  },
  CorrectionRequested: {
    type: 'CorrectionRequested',
    data: {
      fundId: f,
      correctionId: 'c1',
      approvalId: 'a2',
      reverses: { streamId: 'fund-pool1', version: 2 },
      entry: [{ streamId: 'fund-pool1', version: 2, type: 'InterestReceived', occurredOn: '2024-05-10', recordedAt: '2024-05-10T02:00:00.000Z' }],
      occurredOn: '2024-06-03',
      reason: '利息重复入账',
      requestedBy: 'alice',
      lines: [
        { streamId: 'fund-pool1', reversesVersion: 2, account: '1001', side: 'debit', amount: -12_345n },
        { streamId: 'fund-pool1', reversesVersion: 2, account: '4001', side: 'credit', amount: -12_345n },
      ],
    },
  },
  CorrectionApproved: {
    type: 'CorrectionApproved',
    data: { fundId: f, correctionId: 'c1', approvalId: 'a2', decidedBy: 'bob', note: '', reversals: [{ streamId: 'fund-pool1', version: 9, reversesVersion: 2 }] },
  },
  CorrectionRejected: { type: 'CorrectionRejected', data: { fundId: f, correctionId: 'c1', approvalId: 'a2', decidedBy: 'bob', note: '原分录无误' } },
  BankChargeBooked: { type: 'BankChargeBooked', data: { fundId: 'g1', amount: 2_500n, reference: 'SXF-0001', description: '银行手续费' } },
  CapitalReturned: { type: 'CapitalReturned', data: { fundId: 'b1', amount: 100_000_000n, reference: 'JH-2024-01', to: 'treasury' } },
  AdjustmentPosted: {
    type: 'AdjustmentPosted',
    data: {
      fundId: 'p1',
      adjustmentId: 'adj-1',
      reason: '管理费用误记为补贴支出',
      lines: [
        { account: '5003', side: 'debit', amount: 120_000n },
        { account: '5002', side: 'credit', amount: 120_000n },
      ],
    },
  },
  BankMatchRecorded: {
    type: 'BankMatchRecorded',
    data: { fundId: 'g1', month: '2024-11', matchId: 'm1', bankLines: ['1:7', '1:8'], bookEntries: [], note: '手续费及其退回', matchedBy: 'alice', bankTotal: 0n, bookTotal: 0n },
  },
  BankMatchUndone: { type: 'BankMatchUndone', data: { fundId: 'g1', month: '2024-11', matchId: 'm1', undoneBy: 'alice' } },
};
