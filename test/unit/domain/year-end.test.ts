import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS } from '../../../domain/accounts';
import { foldLines, type Balances, balanceOnNormalSide } from '../../../domain/ledger';
import { isBalanced } from '../../../domain/posting-rules';
import { closingEntries, decideYearClose, initialYearState, monthsOfYear, NOMINAL_ACCOUNTS } from '../../../domain/year-end';

const bal = (entries: Record<string, [bigint, bigint]>): Balances =>
  Object.fromEntries(Object.entries(entries).map(([code, [debit, credit]]) => [code, { debit, credit }])) as Balances;

describe('closing entries (结转)', () => {
  it('moves income and expense to 3101: a worked example', () => {
    // income 4001 1,234.56 + 4002 10,000.00 = 11,234.56; expense 5001 100,000.00 + 500204 2,000.00 = 102,000.00
    // surplus 11,234.56 − 102,000.00 = −90,765.44, debited to 3101
    const { lines, totals } = closingEntries(bal({ '1001': [500_000_00n, 0n], '4001': [0n, 1_234_56n], '4002': [0n, 10_000_00n], '5001': [100_000_00n, 0n], '500204': [2_000_00n, 0n] }));
    expect(totals).toEqual({ income: 11_234_56n, expense: 102_000_00n, surplus: -90_765_44n });
    expect(lines.map((l) => [l.account, l.side, l.amount])).toEqual([
      ['4001', 'debit', 1_234_56n],
      ['4002', 'debit', 10_000_00n],
      ['5001', 'credit', 100_000_00n],
      ['500204', 'credit', 2_000_00n],
      ['3101', 'debit', 90_765_44n],
    ]);
  });

  it('leaves every income and expense account at zero and always balances (property)', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 13n });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...NOMINAL_ACCOUNTS), amount, amount), { maxLength: 30 }), (rows) => {
        const balances: Balances = {};
        for (const [code, debit, credit] of rows) foldLines([{ account: code, side: 'debit', amount: debit, memo: false }, { account: code, side: 'credit', amount: credit, memo: false }], balances);
        const { lines } = closingEntries(balances);
        expect(isBalanced(lines)).toBe(true);
        const after = foldLines(lines, structuredClone(balances));
        for (const code of NOMINAL_ACCOUNTS) expect(balanceOnNormalSide(code, after[code])).toBe(0n);
      }),
    );
  });

  it('names every 4xxx and 5xxx account of the chart, detail accounts included, and nothing else', () => {
    expect([...NOMINAL_ACCOUNTS]).toEqual(ACCOUNT_CODES.filter((c) => /^[45]/.test(c) && !CHART_OF_ACCOUNTS[c].memo));
    expect(NOMINAL_ACCOUNTS).toContain('500201');
  });
});

describe('deciding a year close', () => {
  it('counts the months from the fund opening month', () => {
    expect(monthsOfYear('2024-11-15', 2024)).toEqual(['2024-11', '2024-12']);
    expect(monthsOfYear('2023-05-01', 2024)).toHaveLength(12);
    expect(monthsOfYear('2025-01-01', 2024)).toEqual([]);
  });

  it('refuses while a month is open, naming it, and refuses a second close', () => {
    const state = { ...initialYearState('f1', 2024) };
    const months = [{ month: '2024-11', closed: true }, { month: '2024-12', closed: false }];
    expect(decideYearClose(state, { balances: {}, months, requestedBy: 'a' })).toMatchObject({ code: 'months-open', actual: '2024-12' });
    expect(decideYearClose({ ...state, closed: true }, { balances: {}, months: [], requestedBy: 'a' })).toMatchObject({ code: 'year-closed' });
  });

  it('marks every month of the year and dates nothing itself (the pipeline dates it 31 December)', () => {
    const decided = decideYearClose(initialYearState('f1', 2024), { balances: bal({ '4001': [0n, 5n] }), months: [{ month: '2024-11', closed: true }, { month: '2024-12', closed: true }], requestedBy: 'a' });
    if ('code' in decided) throw new Error(decided.message);
    expect(decided.markers.map((m) => m.event)).toEqual([
      { type: 'YearClosed', data: { fundId: 'f1', year: 2024, month: '2024-11' } },
      { type: 'YearClosed', data: { fundId: 'f1', year: 2024, month: '2024-12' } },
    ]);
    expect(decided.closing).toMatchObject({ type: 'YearClosingPosted', data: { lines: [{ account: '4001', side: 'debit', amount: 5n }, { account: '3101', side: 'credit', amount: 5n }] } });
  });
});
