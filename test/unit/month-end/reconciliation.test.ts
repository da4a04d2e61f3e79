import { describe, expect, it } from 'vitest';
import type { AccountCode } from '../../../domain/accounts';
import { postingsFor } from '../../../domain/posting-rules';
import {
  type BankLine,
  type CashMovement,
  balanceReconciliation,
  cashEffect,
  compareBalances,
  createBankMatcher,
  netDebit,
} from '../../../domain/reconciliation';
import { type Balances, foldLines, trialBalance } from '../../../domain/ledger';

const mv = (version: number, date: string, amount: bigint, reference = ''): CashMovement => ({ streamId: 'fund-f1', version, date, amount, reference });
const bl = (lineNo: number, date: string, amount: bigint, reference = ''): BankLine => ({ lineNo, date, amount, reference, description: '' });

describe('book and trial balance', () => {
  it('folds a repayment into one cash movement of principal + fee and keeps debits = credits', () => {
    const repaid = postingsFor({ type: 'BridgeLoanRepaid', data: { fundId: 'f1', loanId: 'l1', principal: 800_000_000n, fee: 1_920_000n, daysUsed: 3, wasOverdue: false } });
    // 8,000,000.00 + 19,200.00 fee = 8,019,200.00 in one movement
    expect(cashEffect(repaid)).toBe(801_920_000n);
    const book: Balances = {};
    foldLines(repaid, book);
    foldLines(postingsFor({ type: 'GuaranteeIssued', data: { fundId: 'f1', guaranteeId: 'g', agency: 'a', borrower: { name: 'b', creditCode: '91371500MA3C4XXX0X', category: 'micro' }, lender: 'l', principal: 5n, startsOn: '2026-10-01', maturesOn: '2027-10-01', feeRateBps: 100, riskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 } } }), book);
    expect(trialBalance(book)).toMatchObject({ totalDebit: 801_920_000n, totalCredit: 801_920_000n, balanced: true });
    expect(netDebit(book, '9001')).toBe(5n);
  });

  it('lists each account whose projection differs, by how much', () => {
    const replayed = new Map<AccountCode, bigint>([['1001', 100n], ['3001', -100n]]);
    const projected = new Map<AccountCode, bigint>([['1001', 150n], ['3001', -100n], ['4001', -7n]]);
    expect(compareBalances(replayed, projected)).toEqual([
      { account: '1001', replayed: 100n, projected: 150n, difference: 50n },
      { account: '4001', replayed: 0n, projected: -7n, difference: -7n },
    ]);
  });
});

describe('bank matching', () => {
  it('matches by amount within the date window and prefers the line with the same reference', () => {
    const matcher = createBankMatcher([bl(1, '2026-10-05', 100n, 'X'), bl(2, '2026-10-05', 100n, 'BANK REF y-1')], { toleranceDays: 3 });
    matcher.offer(mv(1, '2026-10-04', 100n, 'y-1'));
    matcher.offer(mv(2, '2026-10-02', 100n));
    const result = matcher.finish();
    expect(result.matchedCount).toBe(2);
    expect(result.unmatchedLedger.count + result.unmatchedStatement.count).toBe(0);
  });

  it('does not match outside the window or when references clash', () => {
    const matcher = createBankMatcher([bl(1, '2026-10-09', 100n), bl(2, '2026-10-02', -50n, 'A')], { toleranceDays: 3 });
    matcher.offer(mv(1, '2026-10-05', 100n)); // 4 days apart
    matcher.offer(mv(2, '2026-10-02', -50n, 'B'));
    const result = matcher.finish();
    expect(result.matchedCount).toBe(0);
    expect(result.unmatchedLedger.items.map((m) => m.version)).toEqual([2, 1]);
    expect(result.unmatchedStatement.items.map((l) => l.lineNo)).toEqual([1, 2]);
  });

  it('uses a last-month movement to clear a line but never lists it as unmatched', () => {
    const matcher = createBankMatcher([bl(1, '2026-10-01', -300n)], { toleranceDays: 3 });
    matcher.offer(mv(9, '2026-09-29', -300n), { optional: true });
    matcher.offer(mv(8, '2026-09-30', -999n), { optional: true });
    const result = matcher.finish();
    expect(result.matchedCount).toBe(1);
    expect(result.unmatchedLedger.count).toBe(0);
  });

  it('caps the listed items but keeps totals over all of them', () => {
    const matcher = createBankMatcher([], { toleranceDays: 3, listLimit: 2 });
    for (let v = 1; v <= 5; v++) matcher.offer(mv(v, '2026-10-01', BigInt(v * 100)));
    const { unmatchedLedger } = matcher.finish();
    expect(unmatchedLedger).toMatchObject({ count: 5, inflow: 1500n, outflow: 0n, truncated: 3 });
    expect(unmatchedLedger.items).toHaveLength(2);
  });
});

describe('a reversal (冲正) at month end', () => {
  // A reversal quotes its original's reference (movementReference).
  const reversal = (version: number, date: string, amount: bigint, reverses: number, reference = 'LCCZ-1'): CashMovement => ({ ...mv(version, date, amount, reference), reverses: `fund-f1@${reverses}` });

  it('offsets its original when the bank shows neither: the error never reached the bank', () => {
    // An injection of 5,600,000.00 typed for 560,000.00, reversed the same month: no bank line.
    const matcher = createBankMatcher([bl(1, '2026-10-03', 56_000_000n, 'LCCZ-2')], { toleranceDays: 3 });
    matcher.offer(mv(1, '2026-10-02', 560_000_000n, 'LCCZ-1'));
    matcher.offer(reversal(2, '2026-10-06', -560_000_000n, 1));
    matcher.offer(mv(3, '2026-10-06', 56_000_000n, 'LCCZ-2'));
    const result = matcher.finish();
    expect(result).toMatchObject({ matchedCount: 1, reversalOffsets: 1 });
    expect(result.unmatchedLedger.count + result.unmatchedStatement.count).toBe(0);
  });

  it('is matched like any movement when the bank shows both, and does not offset then', () => {
    const matcher = createBankMatcher([bl(1, '2026-10-02', 1_000n, 'X'), bl(2, '2026-10-06', -1_000n, 'X')], { toleranceDays: 3 });
    matcher.offer(mv(1, '2026-10-02', 1_000n, 'X'));
    matcher.offer(reversal(2, '2026-10-06', -1_000n, 1, 'X'));
    expect(matcher.finish()).toMatchObject({ matchedCount: 2, reversalOffsets: 0, unmatchedLedger: { count: 0 }, unmatchedStatement: { count: 0 } });
  });

  it('stays unmatched when the bank shows the original only, or the amounts do not cancel', () => {
    const shown = createBankMatcher([bl(1, '2026-10-02', 1_000n)], { toleranceDays: 3 });
    shown.offer(mv(1, '2026-10-02', 1_000n));
    shown.offer(reversal(2, '2026-10-06', -1_000n, 1));
    expect(shown.finish()).toMatchObject({ matchedCount: 1, reversalOffsets: 0, unmatchedLedger: { count: 1, outflow: 1_000n } });
    const other = createBankMatcher([], { toleranceDays: 3 });
    other.offer(mv(1, '2026-10-02', 1_000n));
    other.offer(reversal(2, '2026-10-06', -999n, 1));
    expect(other.finish()).toMatchObject({ reversalOffsets: 0, unmatchedLedger: { count: 2 } });
  });
});

describe('余额调节表', () => {
  it('balances when a missing line and an extra line explain the difference', () => {
    // Ledger: +1,000.00 injection, −200.00 disbursement, +30.00 interest  → cash 830.00 (opening 0)
    // Bank: opening 0, +1,000.00, −200.00 and a −5.00 bank charge the ledger lacks; no interest yet → 795.00
    const matcher = createBankMatcher([bl(1, '2026-10-02', 100_000n, 'INJ'), bl(2, '2026-10-03', -20_000n, 'DIS'), bl(3, '2026-10-31', -500n, 'FEE')], { toleranceDays: 3 });
    matcher.offer(mv(1, '2026-10-02', 100_000n, 'INJ'));
    matcher.offer(mv(2, '2026-10-03', -20_000n, 'DIS'));
    matcher.offer(mv(3, '2026-10-31', 3_000n, 'INT'));
    const match = matcher.finish();
    const table = balanceReconciliation(83_000n, 79_500n, match);
    // 830.00 − 5.00 = 825.00 = 795.00 + 30.00
    expect(table).toEqual({
      ledgerBalance: 83_000n,
      bankReceivedNotInLedger: 0n,
      bankPaidNotInLedger: 500n,
      adjustedLedgerBalance: 82_500n,
      statementBalance: 79_500n,
      depositsInTransit: 3_000n,
      paymentsInTransit: 0n,
      adjustedStatementBalance: 82_500n,
      balanced: true,
    });
  });
});
