// Migrating a running fund on its openedOn (docs/migration.md): the opening balance, and live
// positions brought in through the ordinary decide functions with `migratedOn`.
import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/aggregate';
import { decideDisbursement, decideRepayment, evolveBridgeLoan, initialBridgeLoanState } from '../../../domain/bridge-fund';
import { decideFund, evolveFund, requireMigration } from '../../../domain/fund-book';
import { trialBalance, foldLines, type Balances } from '../../../domain/ledger';
import { postingsFor } from '../../../domain/posting-rules';
import type { DomainEvent } from '../../../events/registry';
import { CREDIT_CODE, fundOf, ok, POLICY, refused, Y } from './fixtures';

const loan = {
  type: 'disburseBridgeLoan',
  fundId: 'f1',
  loanId: 'old1',
  borrower: { name: '某制造企业', creditCode: CREDIT_CODE },
  bank: '工商银行聊城分行',
  amount: Y('8,000,000.00'),
  renewalCommitment: { reference: 'RC-1', amount: Y('10,000,000.00') },
  disbursedOn: '2023-12-25',
  dueOn: '2024-01-08',
  migratedOn: '2024-01-01',
} as const;

const booksOf = (events: DomainEvent[]): Balances => {
  const balances: Balances = {};
  for (const e of events) foldLines(postingsFor(e), balances);
  return balances;
};

describe('migrating a running fund', () => {
  it('posts the opening balance once: cash, paid-in capital and the surplus between them', () => {
    const empty = fundOf('bridge-fund', '0');
    const opening = ok(decideFund(empty, { type: 'recordOpeningBalance', cash: Y('40,000,000.00'), capital: Y('50,000,000.00') }));
    // 40,000,000.00 cash − 50,000,000.00 capital = −10,000,000.00 surplus (a debit of 3101 until the loans come in)
    expect(postingsFor(opening[0] as DomainEvent).map((l) => [l.account, l.side, l.amount])).toEqual([
      ['1001', 'debit', Y('40,000,000.00')],
      ['3001', 'credit', Y('50,000,000.00')],
      ['3101', 'debit', Y('10,000,000.00')],
    ]);
    const fund = fold(evolveFund, empty, opening);
    expect([fund.cash, fund.capital]).toEqual([Y('40,000,000.00'), Y('50,000,000.00')]);
    refused(decideFund(fund, { type: 'recordOpeningBalance', cash: 1n, capital: 1n }), 'already-exists');
  });

  it('brings a live loan in without moving cash, overdue when already past due, and books stay balanced', () => {
    // A fund with no cash and overdue principal over the 40 % suspension threshold still takes its migrated loan.
    const fund = fundOf('bridge-fund', '0');
    // Due 2023-12-30, still out on 2024-01-01: it comes in overdue.
    const decided = ok(decideDisbursement(initialBridgeLoanState('f1', 'old1'), fund, { ...loan, dueOn: '2023-12-30' }, POLICY));
    expect(decided.loan.map((e) => e.type)).toEqual(['BridgeLoanGranted', 'BridgeLoanMarkedOverdue']);
    expect(decided.fund).toEqual([
      { type: 'BridgeLoanDisbursed', data: { fundId: 'f1', loanId: 'old1', amount: Y('8,000,000.00'), migratedOn: '2024-01-01' } },
      { type: 'BridgeLoanWentOverdue', data: { fundId: 'f1', loanId: 'old1', principal: Y('8,000,000.00') } },
    ]);
    // Due 2024-01-08, migrated on 2024-01-01: not yet overdue.
    const current = ok(decideDisbursement(initialBridgeLoanState('f1', 'old1'), fund, loan, POLICY));
    expect(current.loan.map((e) => e.type)).toEqual(['BridgeLoanGranted']);
    const after = fold(evolveFund, fund, current.fund);
    expect([after.cash, after.bridgeOutstanding]).toEqual([0n, Y('8,000,000.00')]);
    const opening = ok(decideFund(fund, { type: 'recordOpeningBalance', cash: Y('42,000,000.00'), capital: Y('50,000,000.00') }));
    // 1001 42,000,000.00 + 1201 8,000,000.00 = 3001 50,000,000.00; 3101 nets to zero
    const tb = trialBalance(booksOf([...opening, ...current.fund]));
    expect(tb.balanced).toBe(true);
    expect(tb.totalDebit).toBe(Y('50,000,000.00'));
  });

  it('keeps the one rule path: the 15-day term is measured from the original disbursement', () => {
    refused(decideDisbursement(initialBridgeLoanState('f1', 'old1'), fundOf('bridge-fund', '0'), { ...loan, disbursedOn: '2023-12-10', dueOn: '2023-12-31' }, POLICY), 'term-too-long');
  });

  it('charges the fee of a later repayment over the days from the original disbursement', () => {
    const fund = fundOf('bridge-fund', '0');
    const decided = ok(decideDisbursement(initialBridgeLoanState('f1', 'old1'), fund, { ...loan, dueOn: '2023-12-30' }, POLICY));
    const state = fold(evolveBridgeLoan, initialBridgeLoanState('f1', 'old1'), decided.loan);
    const repaid = ok(decideRepayment(state, fund, { type: 'repayBridgeLoan', repaidOn: '2024-01-10' }, POLICY));
    // 8,000,000.00 × 1 bp × 16 days (2023-12-25 → 2024-01-10) = 12,800.00
    expect(repaid.fund[0]).toMatchObject({ type: 'BridgeLoanRepaid', data: { fee: Y('12,800.00'), daysUsed: 16, wasOverdue: true } });
  });

  it('posts on openedOn only, and only positions that began by then', () => {
    expect(requireMigration('f1', '2024-01-01', '2024-01-01', 'migratedOn', { date: '2023-12-25', field: 'disbursedOn' })).toBeUndefined();
    expect(requireMigration('f1', '2024-01-01', '2024-01-02', 'migratedOn', { date: '2023-12-25', field: 'disbursedOn' })).toMatchObject({ code: 'not-opening-day', field: 'migratedOn' });
    expect(requireMigration('f1', '2024-01-01', '2024-01-01', 'migratedOn', { date: '2024-01-05', field: 'disbursedOn' })).toMatchObject({ code: 'migrated-after-opening', field: 'disbursedOn' });
  });
});
