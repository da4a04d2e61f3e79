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
};
