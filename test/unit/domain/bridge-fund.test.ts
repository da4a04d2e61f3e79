import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/aggregate';
import {
  decideDisbursement,
  decideOverdue,
  decideRepayment,
  evolveBridgeLoan,
  initialBridgeLoanState,
  isBridgeLendingSuspended,
  type BridgeLoanState,
  type DisburseBridgeLoan,
} from '../../../domain/bridge-fund';
import { evolveFund, type FundState } from '../../../domain/fund-book';
import { CREDIT_CODE, fundOf, ok, POLICY, refused, Y } from './fixtures';

const disburse = (over: Partial<DisburseBridgeLoan> = {}): DisburseBridgeLoan => ({
  type: 'disburseBridgeLoan',
  fundId: 'f1',
  loanId: 'l1',
  borrower: { name: '某制造企业', creditCode: CREDIT_CODE, county: 'chiping' },
  bank: '工商银行聊城分行',
  amount: Y('8,000,000.00'),
  renewalCommitment: { reference: 'RC-1', amount: Y('10,000,000.00') },
  disbursedOn: '2024-05-06',
  dueOn: '2024-05-21',
  ...over,
});

const bridge = fundOf('bridge-fund', '100,000,000.00');

function open(over: Partial<DisburseBridgeLoan> = {}, fund: FundState = bridge): { loan: BridgeLoanState; fund: FundState } {
  const d = ok(decideDisbursement(initialBridgeLoanState(), fund, disburse(over), POLICY));
  return { loan: fold(evolveBridgeLoan, initialBridgeLoanState(), d.loan), fund: fold(evolveFund, fund, d.fund) };
}

describe('disbursing a bridge loan', () => {
  it('lends against a renewal commitment and takes the cash out of the fund', () => {
    const { loan, fund } = open();
    expect(loan).toMatchObject({ status: 'open', amount: Y('8,000,000.00'), dueOn: '2024-05-21' });
    expect(fund.cash).toBe(Y('92,000,000.00'));
    expect(fund.bridgeOutstanding).toBe(Y('8,000,000.00'));
  });

  it('needs the bank renewal commitment', () => {
    refused(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ renewalCommitment: undefined }), POLICY), 'missing-renewal-commitment');
  });

  it('lends exactly 95 % of the renewal commitment, not a fen more', () => {
    // 95 % × 8,000,000.00 = 7,600,000.00
    ok(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ amount: Y('7,600,000.00'), renewalCommitment: { reference: 'r', amount: Y('8,000,000.00') } }), POLICY));
    const error = refused(
      decideDisbursement(initialBridgeLoanState(), bridge, disburse({ amount: Y('7,600,000.01'), renewalCommitment: { reference: 'r', amount: Y('8,000,000.00') } }), POLICY),
      'exceeds-renewal-commitment',
    );
    expect(error).toMatchObject({ limit: '7600000.00', actual: '7600000.01', field: 'amount' });
  });

  it('lends at most 10,000,000.00 per use', () => {
    const big = { reference: 'r', amount: Y('20,000,000.00') };
    ok(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ amount: Y('10,000,000.00'), renewalCommitment: big }), POLICY));
    const error = refused(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ amount: Y('10,000,000.01'), renewalCommitment: big }), POLICY), 'exceeds-bridge-loan-cap');
    expect(error).toMatchObject({ limit: '10000000.00', actual: '10000000.01' });
  });

  it('lends for 15 days at most', () => {
    ok(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ dueOn: '2024-05-21' }), POLICY)); // 6 May + 15 days
    expect(refused(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ dueOn: '2024-05-22' }), POLICY), 'term-too-long')).toMatchObject({ limit: '15 days', actual: '16 days' });
    refused(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ dueOn: '2024-05-05' }), POLICY), 'date-before-start');
  });

  it('needs a bridge fund with the cash, and a fresh loan id', () => {
    refused(decideDisbursement(initialBridgeLoanState(), fundOf('risk-pool', '100,000,000.00'), disburse(), POLICY), 'wrong-fund-kind');
    ok(decideDisbursement(initialBridgeLoanState(), fundOf('bridge-fund', '8,000,000.00'), disburse(), POLICY));
    refused(decideDisbursement(initialBridgeLoanState(), fundOf('bridge-fund', '7,999,999.99'), disburse(), POLICY), 'insufficient-funds');
    refused(decideDisbursement(open().loan, bridge, disburse(), POLICY), 'already-exists');
    refused(decideDisbursement(initialBridgeLoanState(), bridge, disburse({ amount: 0n }), POLICY), 'invalid-amount');
  });
});

describe('repaying', () => {
  it('charges 1 bp a day (日万分之一): 8,000,000.00 × 1 bp × 3 days = 2,400.00', () => {
    const { loan, fund } = open();
    const d = ok(decideRepayment(loan, fund, { type: 'repayBridgeLoan', repaidOn: '2024-05-09' }, POLICY));
    expect(d.fund).toEqual([
      { type: 'BridgeLoanRepaid', data: { fundId: 'f1', loanId: 'l1', principal: Y('8,000,000.00'), fee: Y('2,400.00'), daysUsed: 3, wasOverdue: false } },
    ]);
    const after = fold(evolveFund, fund, d.fund);
    // 92,000,000.00 + 8,000,000.00 + 2,400.00
    expect(after.cash).toBe(Y('100,002,400.00'));
    expect(after.bridgeOutstanding).toBe(0n);
    expect(fold(evolveBridgeLoan, loan, d.loan)).toMatchObject({ status: 'repaid', fee: Y('2,400.00'), daysUsed: 3 });
  });

  it('charges at least one day when repaid on the day of disbursement', () => {
    const { loan, fund } = open();
    const d = ok(decideRepayment(loan, fund, { type: 'repayBridgeLoan', repaidOn: '2024-05-06' }, POLICY));
    // 8,000,000.00 × 1 bp × 1 day = 800.00
    expect(d.loan[0]).toMatchObject({ data: { daysUsed: 1, fee: Y('800.00') } });
  });

  it('refuses a repayment dated before disbursement, a second repayment and an unknown loan', () => {
    const { loan, fund } = open();
    refused(decideRepayment(loan, fund, { type: 'repayBridgeLoan', repaidOn: '2024-05-05' }, POLICY), 'date-before-start');
    const repaid = fold(evolveBridgeLoan, loan, ok(decideRepayment(loan, fund, { type: 'repayBridgeLoan', repaidOn: '2024-05-07' }, POLICY)).loan);
    refused(decideRepayment(repaid, fund, { type: 'repayBridgeLoan', repaidOn: '2024-05-08' }, POLICY), 'invalid-state');
    refused(decideRepayment(initialBridgeLoanState(), fund, { type: 'repayBridgeLoan', repaidOn: '2024-05-08' }, POLICY), 'not-found');
  });
});

describe('overdue and suspension', () => {
  it('marks a loan overdue only after its due date', () => {
    const { loan, fund } = open();
    refused(decideOverdue(loan, fund, { type: 'markOverdue', on: '2024-05-21' }, POLICY), 'invalid-state');
    const d = ok(decideOverdue(loan, fund, { type: 'markOverdue', on: '2024-05-22' }, POLICY));
    const overdueFund = fold(evolveFund, fund, d.fund);
    expect(overdueFund.bridgeOverdue).toBe(Y('8,000,000.00'));
    expect(overdueFund.bridgeOutstanding).toBe(0n);
    const overdue = fold(evolveBridgeLoan, loan, d.loan);
    refused(decideOverdue(overdue, overdueFund, { type: 'markOverdue', on: '2024-05-23' }, POLICY), 'invalid-state');
    refused(decideOverdue(initialBridgeLoanState(), fund, { type: 'markOverdue', on: '2024-05-23' }, POLICY), 'not-found');
    // A late repayment clears overdue principal (1203) and still pays the fee for all days used:
    // 8,000,000.00 × 1 bp × 20 days = 16,000.00
    const r = ok(decideRepayment(overdue, overdueFund, { type: 'repayBridgeLoan', repaidOn: '2024-05-26' }, POLICY));
    expect(r.fund[0]).toMatchObject({ data: { wasOverdue: true, fee: Y('16,000.00'), daysUsed: 20 } });
    expect(fold(evolveFund, overdueFund, r.fund).bridgeOverdue).toBe(0n);
  });

  function withOverdue(capital: string, overdueAmount: string): FundState {
    const fund = fundOf('bridge-fund', capital);
    const big = { reference: 'r', amount: Y('20,000,000.00') };
    const d = ok(decideDisbursement(initialBridgeLoanState(), fund, disburse({ amount: Y(overdueAmount), renewalCommitment: big }), POLICY));
    const loan = fold(evolveBridgeLoan, initialBridgeLoanState(), d.loan);
    const afterLoan = fold(evolveFund, fund, d.fund);
    return fold(evolveFund, afterLoan, ok(decideOverdue(loan, afterLoan, { type: 'markOverdue', on: '2024-06-30' }, POLICY)).fund);
  }

  it('keeps lending while overdue principal is just under 40 % of capital', () => {
    // 40 % × 25,000,000.00 = 10,000,000.00; overdue 9,999,999.99 stays under
    const fund = withOverdue('25,000,000.00', '9,999,999.99');
    expect(isBridgeLendingSuspended(fund, POLICY)).toBe(false);
    ok(decideDisbursement(initialBridgeLoanState(), fund, disburse({ loanId: 'l2', amount: Y('1,000,000.00') }), POLICY));
  });

  it('suspends lending once overdue principal reaches 40 % of capital', () => {
    const fund = withOverdue('25,000,000.00', '10,000,000.00');
    expect(isBridgeLendingSuspended(fund, POLICY)).toBe(true);
    const error = refused(decideDisbursement(initialBridgeLoanState(), fund, disburse({ loanId: 'l2', amount: Y('1,000,000.00') }), POLICY), 'bridge-lending-suspended');
    expect(error).toMatchObject({ actual: '10000000.00', limit: '10000000.00 (4000 bp of capital)' });
  });
});
