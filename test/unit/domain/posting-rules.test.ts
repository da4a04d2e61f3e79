import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../events/registry';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS, isAccountCode } from '../../../domain/accounts';
import { isBalanced, postingsFor, type JournalLine } from '../../../domain/posting-rules';
import { SAMPLE_EVENTS } from '../events/samples';

const brief = (lines: JournalLine[]) => lines.map((l) => `${l.side === 'debit' ? 'Dr' : 'Cr'} ${l.account} ${l.amount}${l.memo ? ' memo' : ''}`);

describe('chart of accounts', () => {
  it('holds the 21 accounts of DESIGN §5 with names in both languages', () => {
    expect(ACCOUNT_CODES).toHaveLength(29);
    expect(CHART_OF_ACCOUNTS['1001']).toEqual({ code: '1001', nameZh: '银行存款', nameEn: 'cash at bank', normalSide: 'debit', memo: false, adjustable: false });
    expect(CHART_OF_ACCOUNTS['3001'].normalSide).toBe('credit');
    expect(ACCOUNT_CODES.filter((c) => CHART_OF_ACCOUNTS[c].memo)).toEqual(['9001', '9002']);
    expect(isAccountCode('1001')).toBe(true);
    expect(isAccountCode('1999')).toBe(false);
  });
});

describe('posting rules (docs/design-notes.md table)', () => {
  it.each([
    ['CapitalInjected', ['Dr 1001 5000000000', 'Cr 3001 5000000000']],
    ['InterestReceived', ['Dr 1001 12345', 'Cr 4001 12345']],
    ['CompensationPaid', ['Dr 5001 30000000', 'Cr 2202 30000000', 'Dr 2202 30000000', 'Cr 1001 30000000']],
    ['RecoveryReceived', ['Dr 1001 9000000', 'Cr 4003 9000000']],
    ['BridgeLoanDisbursed', ['Dr 1201 800000000', 'Cr 1001 800000000']],
    ['BridgeLoanWentOverdue', ['Dr 1203 800000000', 'Cr 1201 800000000']],
    // principal 8,000,000.00 + fee 19,200.00 = 8,019,200.00 received
    ['BridgeLoanRepaid', ['Dr 1001 801920000', 'Cr 1201 800000000', 'Cr 4002 1920000']],
    ['CapitalCallPaid', ['Dr 2203 50000000', 'Cr 1001 50000000']],
    ['DistributionReceived', ['Dr 1001 23000000', 'Cr 1501 20000000', 'Cr 4004 3000000']],
    ['GuaranteeIssued', ['Dr 9001 300000000 memo']],
    ['GuaranteeReleased', ['Cr 9001 300000000 memo']],
    ['GuaranteeDefaulted', ['Cr 9001 300000000 memo']],
    ['CommitmentMade', ['Dr 9002 10000000000 memo']],
    ['CapitalCalled', ['Dr 1501 50000000', 'Cr 2203 50000000', 'Cr 9002 50000000 memo']],
  ] as const)('%s posts %j', (type, expected) => {
    expect(brief(postingsFor(SAMPLE_EVENTS[type]))).toEqual(expected);
  });

  it('credits overdue loans (1203) when an overdue loan is repaid', () => {
    const event = { type: 'BridgeLoanRepaid' as const, data: { ...SAMPLE_EVENTS.BridgeLoanRepaid.data, wasOverdue: true } };
    expect(brief(postingsFor(event))).toEqual(['Dr 1001 801920000', 'Cr 1203 800000000', 'Cr 4002 1920000']);
  });

  it('leaves out zero lines (a distribution with no gain)', () => {
    const event = { type: 'DistributionReceived' as const, data: { ...SAMPLE_EVENTS.DistributionReceived.data, gain: 0n } };
    expect(brief(postingsFor(event))).toEqual(['Dr 1001 20000000', 'Cr 1501 20000000']);
  });

  it.each(['FundCreated', 'GuaranteeFeeCollected', 'GuaranteeRecoveryRecorded', 'BridgeLoanGranted', 'BridgeLoanMarkedOverdue', 'BridgeLoanSettled', 'CapitalCallSettled', 'DistributionRecorded', 'PeriodClosed', 'ReconciliationCompleted', 'BankStatementRecorded'] as const)(
    '%s posts nothing (its fund-stream twin carries the accounting)',
    (type) => expect(postingsFor(SAMPLE_EVENTS[type])).toEqual([]),
  );

  it.each(EVENT_TYPES)('%s balances outside memo accounts', (type) => {
    expect(isBalanced(postingsFor(SAMPLE_EVENTS[type]))).toBe(true);
  });

  it('detects an unbalanced set', () => {
    expect(isBalanced([{ account: '1001', side: 'debit', amount: 1n, memo: false }])).toBe(false);
  });
});
