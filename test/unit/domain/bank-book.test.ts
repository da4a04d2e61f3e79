import { describe, expect, it } from 'vitest';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { decideMatch, decideUndo, evolveMatchBook, initialMatchBook, lineRefOf, liveMatches, parseLineRef } from '../../../domain/bank-match';
import { adjustmentCashEffect, adjustmentProblems, type AdjustmentLine } from '../../../domain/adjustment';
import { isDomainError } from '../../../domain/errors';
import { decideFund, evolveFund, initialFundState, type FundState } from '../../../domain/fund-book';
import { isBalanced, postingsFor } from '../../../domain/posting-rules';
import type { DomainEvent } from '../../../events/registry';

// Issue 19 §2: bank charges (5005), capital returns (3001 / 1001), adjustments (调整分录).

const brief = (event: DomainEvent) => postingsFor(event).map((l) => `${l.side === 'debit' ? 'Dr' : 'Cr'} ${l.account} ${l.amount}`);

/** A guidance fund holding 1,000.00 of cash, all of it fiscal capital. */
const fund = (): FundState =>
  [
    { type: 'FundCreated', data: { fundId: 'g1', kind: 'guidance-fund', name: '引导基金' } },
    { type: 'CapitalInjected', data: { fundId: 'g1', amount: 100_000n, source: 'city', reference: 'INJ-1' } },
  ].reduce((s, e) => evolveFund(s, e as DomainEvent), initialFundState('g1'));

const dr = (account: string, amount: bigint): AdjustmentLine => ({ account, side: 'debit', amount });
const cr = (account: string, amount: bigint): AdjustmentLine => ({ account, side: 'credit', amount });

describe('chart: 5005 and the adjustable flag', () => {
  it('has 5005 银行手续费, an expense on the debit side, adjustable', () => {
    expect(CHART_OF_ACCOUNTS['5005']).toMatchObject({ nameZh: '银行手续费', normalSide: 'debit', memo: false, adjustable: true });
  });

  it('marks income, expense, payables and 3101 adjustable, and nothing else', () => {
    const adjustable = ACCOUNT_CODES.filter((c) => CHART_OF_ACCOUNTS[c].adjustable);
    expect(adjustable.filter((c) => !/^(4|5|22)/.test(c))).toEqual(['3101']);
    for (const code of ['1001', '1201', '1202', '1203', '1204', '1501', '3001', '9001', '9002'] as const) expect(CHART_OF_ACCOUNTS[code].adjustable, code).toBe(false);
    for (const code of ['2201', '2202', '2203', '4001', '4004', '5001', '5005', '500207'] as const) expect(CHART_OF_ACCOUNTS[code].adjustable, code).toBe(true);
  });
});

describe('bank charge', () => {
  it('posts Dr 5005 / Cr 1001 and takes the cash', () => {
    const events = decideFund(fund(), { type: 'bookBankCharge', amount: 2_500n, reference: 'SXF-0001', description: '银行手续费' });
    if (isDomainError(events)) throw new Error(events.message);
    const [charge] = events;
    if (charge === undefined) throw new Error('no event');
    // 25.00 = 2,500 fen, out of the account.
    expect(brief(charge)).toEqual(['Dr 5005 2500', 'Cr 1001 2500']);
    expect(isBalanced(postingsFor(charge))).toBe(true);
    expect(events.reduce(evolveFund, fund()).cash).toBe(97_500n);
  });

  it('refuses to overdraw the account (insufficient-funds)', () => {
    const refused = decideFund(fund(), { type: 'bookBankCharge', amount: 100_001n, reference: 'SXF', description: '手续费' });
    expect(isDomainError(refused) && refused.code).toBe('insufficient-funds');
  });
});

describe('capital return', () => {
  it('posts Dr 3001 / Cr 1001 and lowers cash and capital', () => {
    const events = decideFund(fund(), { type: 'returnCapital', amount: 40_000n, reference: 'JH-1', to: 'treasury' });
    if (isDomainError(events)) throw new Error(events.message);
    expect(events.map(brief)).toEqual([['Dr 3001 40000', 'Cr 1001 40000']]);
    const after = events.reduce(evolveFund, fund());
    // 1,000.00 − 400.00 = 600.00 of both.
    expect([after.cash, after.capital]).toEqual([60_000n, 60_000n]);
  });

  it('refuses to overdraw, and to return more capital than was paid in', () => {
    const overdraw = decideFund(fund(), { type: 'returnCapital', amount: 100_001n, reference: 'JH-1', to: 'treasury' });
    expect(isDomainError(overdraw) && overdraw.code).toBe('insufficient-funds');
    // Interest makes cash 1,500.00 while capital stays 1,000.00: 1,200.00 would drive 3001 to a debit.
    const richer = evolveFund(fund(), { type: 'InterestReceived', data: { fundId: 'g1', amount: 50_000n, reference: 'INT' } });
    const tooMuch = decideFund(richer, { type: 'returnCapital', amount: 120_000n, reference: 'JH-1', to: 'treasury' });
    expect(isDomainError(tooMuch) && tooMuch.code).toBe('return-exceeds-paid-in');
  });
});

describe('adjustment validation', () => {
  it('accepts a balanced entry between adjustable accounts', () => {
    expect(adjustmentProblems({ lines: [dr('5003', 1_200n), cr('5002', 1_200n)] })).toEqual([]);
  });

  it('refuses an unbalanced entry, naming the lines', () => {
    const [problem] = adjustmentProblems({ lines: [dr('5003', 1_200n), cr('5002', 1_100n)] });
    expect(problem).toEqual({ code: 'unbalanced', path: ['lines'], message: 'debits 12.00 ≠ credits 11.00: an adjustment balances to the fen' });
  });

  it('refuses a position account and a non-adjustable one, naming the line', () => {
    const problems = adjustmentProblems({ lines: [dr('1201', 500n), dr('3001', 500n), cr('3101', 1_000n)] });
    expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['not-adjustable', 'lines.0.account'],
      ['not-adjustable', 'lines.1.account'],
    ]);
    expect(problems[0]?.message).toContain('position account');
  });

  it('refuses cash without a bank reference and accepts it with one', () => {
    const lines = [dr('1001', 700n), cr('4001', 700n)];
    expect(adjustmentProblems({ lines }).map((p) => p.code)).toEqual(['bank-reference-required']);
    expect(adjustmentProblems({ lines, bankReference: 'INT-2024-11' })).toEqual([]);
    expect(adjustmentCashEffect(lines)).toBe(700n);
  });

  it('posts an approved adjustment as its own lines, and refuses one that would overdraw', () => {
    const lines = [dr('5005', 300n), cr('1001', 300n)];
    const events = decideFund(fund(), { type: 'postAdjustment', adjustmentId: 'a1', reason: '补记手续费', bankReference: 'SXF-9', lines });
    if (isDomainError(events)) throw new Error(events.message);
    expect(events.map(brief)).toEqual([['Dr 5005 300', 'Cr 1001 300']]);
    expect(events.reduce(evolveFund, fund()).cash).toBe(99_700n);
    const overdraw = decideFund(fund(), { type: 'postAdjustment', adjustmentId: 'a1', reason: '超额', bankReference: 'X', lines: [dr('5005', 100_001n), cr('1001', 100_001n)] });
    expect(isDomainError(overdraw) && overdraw.code).toBe('insufficient-funds');
    const forbidden = decideFund(fund(), { type: 'postAdjustment', adjustmentId: 'a1', reason: '错', lines: [dr('9001', 1n), cr('3101', 1n)] });
    expect(isDomainError(forbidden) && [forbidden.code, forbidden.field]).toEqual(['not-adjustable', 'lines.0.account']);
  });
});

describe('manual matching (domain/bank-match.ts)', () => {
  const book = () => initialMatchBook('g1', '2024-11');
  const charge = { ref: '1:2', amount: -2_500n };
  const refund = { ref: '1:3', amount: 2_500n };

  it('records a charge and its refund that net to zero with no book entry', () => {
    const events = decideMatch(book(), { matchId: 'm1', note: '手续费及退回', by: 'alice', bankLines: [charge, refund], bookEntries: [] });
    if (isDomainError(events)) throw new Error(events.message);
    // −25.00 + 25.00 = 0.00 on the bank side, nothing on the book side.
    expect(events[0]?.data).toMatchObject({ bankLines: ['1:2', '1:3'], bankTotal: 0n, bookTotal: 0n, matchedBy: 'alice' });
  });

  it('refuses sides that differ, a line matched twice, and an id reused after an undo', () => {
    const differ = decideMatch(book(), { matchId: 'm1', note: 'n', by: 'a', bankLines: [charge], bookEntries: [] });
    expect(isDomainError(differ) && [differ.code, differ.limit, differ.actual]).toEqual(['sides-differ', '-25.00', '0.00']);
    const recorded = decideMatch(book(), { matchId: 'm1', note: 'n', by: 'a', bankLines: [charge, refund], bookEntries: [] });
    if (isDomainError(recorded)) throw new Error(recorded.message);
    const matched = recorded.reduce(evolveMatchBook, book());
    const twice = decideMatch(matched, { matchId: 'm2', note: 'n', by: 'a', bankLines: [refund, charge], bookEntries: [] });
    expect(isDomainError(twice) && [twice.code, twice.field]).toEqual(['already-matched', 'bankLines.0']);
    const undo = decideUndo(matched, 'm1', 'bob');
    if (isDomainError(undo)) throw new Error(undo.message);
    const undone = undo.reduce(evolveMatchBook, matched);
    expect(liveMatches(undone)).toEqual([]);
    const again = decideMatch(undone, { matchId: 'm1', note: 'n', by: 'a', bankLines: [charge, refund], bookEntries: [] });
    expect(isDomainError(again) && again.code).toBe('already-exists');
    const undoTwice = decideUndo(undone, 'm1', 'bob');
    expect(isDomainError(undoTwice) && undoTwice.code).toBe('not-found');
  });

  it('names a bank line by statement version and line number', () => {
    expect(lineRefOf(2, 14)).toBe('2:14');
    expect(parseLineRef('2:14')).toEqual({ statementVersion: 2, lineNo: 14 });
  });
});
