import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_CODES, CASH_ACCOUNT, CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { adjustmentProblems, type AdjustmentLine } from '../../../domain/adjustment';
import { isDomainError } from '../../../domain/errors';
import { decideFund, evolveFund, initialFundState, type FundState } from '../../../domain/fund-book';
import { isBalanced, postingsFor } from '../../../domain/posting-rules';
import { decodeEvent, encodeEvent, type DomainEvent } from '../../../events/registry';

// Random adjustments (调整分录) over the whole chart: whatever is accepted balances and moves only
// adjustable accounts (cash only with a bank reference); whatever is refused moves nothing.

/** A fund with 1,000,000.00 of cash, so only the chart's rules refuse. */
const rich: FundState = [
  { type: 'FundCreated', data: { fundId: 'f', kind: 'risk-pool', name: 'f' } },
  { type: 'CapitalInjected', data: { fundId: 'f', amount: 100_000_000n, source: 'city', reference: 'I' } },
].reduce((s, e) => evolveFund(s, e as DomainEvent), initialFundState('f'));

const line = fc.record({ account: fc.constantFrom(...ACCOUNT_CODES), side: fc.constantFrom('debit' as const, 'credit' as const), amount: fc.bigInt({ min: 1n, max: 10_000_000n }) });

/** Balanced lines: random debits, and credits that split their total. */
const balanced = (accounts: readonly string[]) =>
  fc
    .tuple(fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.constantFrom(...accounts), { minLength: 8, maxLength: 8 }))
    .map(([debits, parts, picks]): AdjustmentLine[] => {
      const total = debits.reduce((a, b) => a + b, 0n);
      const share = total / BigInt(parts);
      const credits = Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - share * BigInt(parts - 1) : share)).filter((c) => c > 0n);
      return [...debits.map((amount, i) => ({ account: picks[i] ?? '5003', side: 'debit' as const, amount })), ...credits.map((amount, i) => ({ account: picks[4 + i] ?? '5002', side: 'credit' as const, amount }))];
    });

const allowed = (account: string, bankReference: string | undefined): boolean =>
  account === CASH_ACCOUNT ? bankReference !== undefined : CHART_OF_ACCOUNTS[account as keyof typeof CHART_OF_ACCOUNTS].adjustable;

const decide = (lines: AdjustmentLine[], bankReference: string | undefined) => decideFund(rich, { type: 'postAdjustment', adjustmentId: 'a', reason: 'r', bankReference, lines });

describe('adjustments (property)', () => {
  it('an accepted adjustment balances, survives the contract round trip, and moves only adjustable accounts', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 6 }), fc.option(fc.constant('BANK-1'), { nil: undefined }), (lines, bankReference) => {
        const events = decide(lines, bankReference);
        if (isDomainError(events)) return;
        for (const event of events) {
          const postings = postingsFor(event);
          expect(isBalanced(postings)).toBe(true);
          for (const p of postings) expect(allowed(p.account, bankReference), p.account).toBe(true);
          expect(postingsFor(decodeEvent(encodeEvent(event)))).toEqual(postings);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses exactly the adjustments that are unbalanced or touch an account it may not', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 6 }), fc.option(fc.constant('BANK-1'), { nil: undefined }), (lines, bankReference) => {
        const net = lines.reduce((s, l) => s + (l.side === 'debit' ? l.amount : -l.amount), 0n);
        const shouldPass = net === 0n && lines.every((l) => allowed(l.account, bankReference));
        expect(adjustmentProblems({ lines, bankReference }).length === 0).toBe(shouldPass);
        expect(isDomainError(decide(lines, bankReference))).toBe(!shouldPass);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every balanced entry between adjustable accounts', () => {
    const adjustable = ACCOUNT_CODES.filter((c) => CHART_OF_ACCOUNTS[c].adjustable);
    fc.assert(
      fc.property(balanced(adjustable), (lines) => {
        const events = decide(lines, undefined);
        expect(isDomainError(events)).toBe(false);
        if (!isDomainError(events)) expect(events.every((e) => isBalanced(postingsFor(e)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
