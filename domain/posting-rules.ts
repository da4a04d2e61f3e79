import type { DomainEvent } from '../events/registry';
import type { AccountCode } from './accounts';
import { CHART_OF_ACCOUNTS, isAccountCode } from './accounts';
import { PROGRAMME_EXPENSE_ACCOUNT } from './subsidy-accounts';
import { closingLinesOf } from './year-end';

// The posting table of docs/design-notes.md. Fund-stream events carry the accounting of cash;
// sub-aggregate events post only memo exposure or accruals, so no command posts twice.

export interface JournalLine {
  account: AccountCode;
  side: 'debit' | 'credit';
  amount: bigint;
  memo: boolean;
}

const line = (account: AccountCode, side: 'debit' | 'credit', amount: bigint): JournalLine => ({
  account,
  side,
  amount,
  memo: CHART_OF_ACCOUNTS[account].memo,
});
const dr = (account: AccountCode, amount: bigint) => line(account, 'debit', amount);
const cr = (account: AccountCode, amount: bigint) => line(account, 'credit', amount);

/** Journal lines of one event; zero-amount lines (a zero fee, a zero gain) are left out. */
export function postingsFor(event: DomainEvent): JournalLine[] {
  const lines = rawPostings(event);
  // Most events have no zero line: skip the copy on the hot path of replays and the fold bench.
  for (const l of lines) if (l.amount === 0n) return lines.filter((x) => x.amount !== 0n);
  return lines;
}

function rawPostings(event: DomainEvent): JournalLine[] {
  switch (event.type) {
    case 'CapitalInjected':
      return [dr('1001', event.data.amount), cr('3001', event.data.amount)];
    case 'InterestReceived':
      return [dr('1001', event.data.amount), cr('4001', event.data.amount)];
    case 'CompensationPaid':
      // Expense recognised against the payable, then the payable settled from cash: nets 2202 to zero.
      return [
        dr('5001', event.data.amount), cr('2202', event.data.amount),
        dr('2202', event.data.amount), cr('1001', event.data.amount),
      ];
    case 'RecoveryReceived':
      return [dr('1001', event.data.amount), cr('4003', event.data.amount)];
    case 'BridgeLoanDisbursed':
      // A migrated loan's cash left before the books opened: the opening cash is already net of it.
      return [dr('1201', event.data.amount), cr(event.data.migratedOn === undefined ? '1001' : '3101', event.data.amount)];
    case 'BridgeLoanWentOverdue':
      return [dr('1203', event.data.principal), cr('1201', event.data.principal)];
    case 'BridgeLoanRepaid': {
      const { principal, fee, wasOverdue } = event.data;
      return [dr('1001', principal + fee), cr(wasOverdue ? '1203' : '1201', principal), cr('4002', fee)];
    }
    case 'CapitalCallPaid':
      return [dr('2203', event.data.amount), cr(event.data.migratedOn === undefined ? '1001' : '3101', event.data.amount)];
    case 'OpeningBalanceRecorded': {
      // 期初余额: cash and paid-in capital; what cash exceeds capital by (or falls short of) is surplus so far.
      const { cash, capital } = event.data;
      const surplus = cash - capital;
      return [dr('1001', cash), cr('3001', capital), surplus >= 0n ? cr('3101', surplus) : dr('3101', -surplus)];
    }
    case 'DistributionReceived': {
      const { returnOfCapital, gain } = event.data;
      return [dr('1001', returnOfCapital + gain), cr('1501', returnOfCapital), cr('4004', gain)];
    }
    case 'SubsidyPaid': {
      // Granted: expense of the programme against the payable, settled from the budget account at once.
      const expense = PROGRAMME_EXPENSE_ACCOUNT[event.data.programme];
      return [dr(expense, event.data.amount), cr('2201', event.data.amount), dr('2201', event.data.amount), cr('1001', event.data.amount)];
    }
    case 'SubsidyClawbackReceived':
      // A clawback reverses the expense into cash.
      return [dr('1001', event.data.amount), cr(PROGRAMME_EXPENSE_ACCOUNT[event.data.programme], event.data.amount)];
    case 'BankChargeBooked':
      return [dr('5005', event.data.amount), cr('1001', event.data.amount)];
    case 'CapitalReturned':
      return [dr('3001', event.data.amount), cr('1001', event.data.amount)];
    case 'AdjustmentPosted':
      // The adjustment's own lines, as approved (domain/adjustment.ts checked them before they were stored).
      return event.data.lines.map((l) => {
        if (!isAccountCode(l.account)) throw new Error(`adjustment ${event.data.adjustmentId} posts to ${l.account}, not in the chart`);
        return line(l.account, l.side, l.amount);
      });
    case 'GuaranteeIssued':
      return [dr('9001', event.data.principal)];
    case 'GuaranteeReleased':
      return [cr('9001', event.data.principal)];
    case 'GuaranteeDefaulted':
      return [cr('9001', event.data.principal)];
    case 'CommitmentMade':
      return [dr('9002', event.data.amount)];
    case 'CapitalCalled':
      return [dr('1501', event.data.amount), cr('2203', event.data.amount), cr('9002', event.data.amount)];
    case 'YearClosingPosted':
      // 结转: the year's income and expense balances moved to 3101, as computed when the year closed.
      return closingLinesOf(event.data.lines);
    case 'EntryReversed':
      // 红字: the reversal carries its own lines (the original's, amounts negated), so replay needs nothing else.
      return event.data.lines.map((l) => {
        if (!isAccountCode(l.account)) throw new Error(`EntryReversed of ${event.data.reverses.streamId} v${event.data.reverses.version} names unknown account ${l.account}`);
        return line(l.account, l.side, l.amount);
      });
    case 'CorrectionRequested':
    case 'CorrectionApproved':
    case 'CorrectionRejected':
    case 'FundCreated':
    case 'YearClosed':
    case 'GuaranteeFeeCollected':
    case 'GuaranteeRecoveryRecorded':
    case 'BridgeLoanGranted':
    case 'BridgeLoanMarkedOverdue':
    case 'BridgeLoanSettled':
    case 'CapitalCallSettled':
    case 'DistributionRecorded':
    case 'PeriodClosed':
    case 'ReconciliationCompleted':
    case 'BankStatementRecorded':
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'AlertResolved':
    case 'SubsidyRequested':
    case 'SubsidyGranted':
    case 'SubsidyRejected':
    case 'SubsidyClawedBack':
    case 'GrantCapUsed':
    case 'GrantCapReleased':
    case 'ApprovalRequested':
    case 'ApprovalGranted':
    case 'ApprovalRejected':
    case 'PolicyAdopted':
    case 'BankMatchRecorded':
    case 'BankMatchUndone':
      return [];
  }
}

/** True when the non-memo lines' debits equal their credits. */
export function isBalanced(lines: readonly JournalLine[]): boolean {
  let net = 0n;
  for (const l of lines) if (!l.memo) net += l.side === 'debit' ? l.amount : -l.amount;
  return net === 0n;
}
