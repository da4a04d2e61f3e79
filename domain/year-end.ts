import type { DomainEvent } from '../events/registry';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS, type AccountCode } from './accounts';
import { event } from './aggregate';
import { monthOf } from './dates';
import { domainError, type DomainError } from './errors';
import { type Balances, balanceOnNormalSide } from './ledger';
import type { JournalLine } from './posting-rules';

// Closing a fund's year (年度结账, issue 21 §1). Once all twelve months (from the fund's opening
// month) are closed, the closing entries (结转) move every income (4xxx) and expense (5xxx, with
// 5002's detail accounts) balance to 3101 累计结余, dated 31 December; then every month of the
// year carries YearClosed and nothing more may be dated in it, reversals included.

export const SURPLUS_ACCOUNT: AccountCode = '3101';

/** Income (4xxx) and expense (5xxx) accounts: what the closing entries empty. */
export const isIncome = (code: AccountCode): boolean => code.startsWith('4');
export const isExpense = (code: AccountCode): boolean => code.startsWith('5');
export const NOMINAL_ACCOUNTS: readonly AccountCode[] = ACCOUNT_CODES.filter((c) => isIncome(c) || isExpense(c));

export interface YearState {
  fundId: string;
  year: number;
  closed: boolean;
  requestedBy: string;
  lines: JournalLine[];
}

export const initialYearState = (fundId = '', year = 0): YearState => ({ fundId, year, closed: false, requestedBy: '', lines: [] });

export function evolveYear(state: YearState, e: DomainEvent): YearState {
  if (e.type !== 'YearClosingPosted') return state;
  return { fundId: e.data.fundId, year: e.data.year, closed: true, requestedBy: e.data.requestedBy, lines: closingLinesOf(e.data.lines) };
}

/** The stored lines as journal lines (the event's account is a string; our chart names it). */
export function closingLinesOf(lines: readonly { account: string; side: 'debit' | 'credit'; amount: bigint }[]): JournalLine[] {
  return lines.map((l) => {
    const account = CHART_OF_ACCOUNTS[l.account as AccountCode];
    if (account === undefined) throw new Error(`closing line names unknown account ${l.account}`);
    return { account: account.code, side: l.side, amount: l.amount, memo: false };
  });
}

/** The months of `year` a fund opened on `openedOn` has books for (none when it opened later). */
export function monthsOfYear(openedOn: string, year: number): string[] {
  const first = openedOn.slice(0, 4) === String(year) ? Number(openedOn.slice(5, 7)) : openedOn < `${year}-01-01` ? 1 : 13;
  const months: string[] = [];
  for (let m = first; m <= 12; m++) months.push(`${year}-${String(m).padStart(2, '0')}`);
  return months;
}

export const yearEnd = (year: number): string => `${year}-12-31`;

export interface ClosingTotals {
  income: bigint;
  expense: bigint;
  /** income − expense: credited to 3101 when positive, debited when negative. */
  surplus: bigint;
}

/**
 * The closing voucher for the fund's balances at 31 December: each income account debited and each
 * expense account credited by its balance (the opposite side when a balance runs the other way),
 * and 3101 takes the difference. Zero balances make no line. Always balanced.
 */
export function closingEntries(balances: Balances): { lines: JournalLine[]; totals: ClosingTotals } {
  const lines: JournalLine[] = [];
  let income = 0n;
  let expense = 0n;
  for (const code of NOMINAL_ACCOUNTS) {
    const balance = balanceOnNormalSide(code, balances[code]);
    if (balance === 0n) continue;
    if (isIncome(code)) income += balance;
    else expense += balance;
    // To empty an account, post its balance on the side opposite to where it stands.
    const normal = CHART_OF_ACCOUNTS[code].normalSide;
    const opposite = normal === 'debit' ? 'credit' : 'debit';
    lines.push({ account: code, side: balance > 0n ? opposite : normal, amount: balance > 0n ? balance : -balance, memo: false });
  }
  const surplus = income - expense;
  if (surplus !== 0n) lines.push({ account: SURPLUS_ACCOUNT, side: surplus > 0n ? 'credit' : 'debit', amount: surplus > 0n ? surplus : -surplus, memo: false });
  return { lines, totals: { income, expense, surplus } };
}

/** The months of the year not yet closed (the caller reads each month's period stream). */
export function openMonths(months: readonly { month: string; closed: boolean }[]): string[] {
  return months.filter((m) => !m.closed).map((m) => m.month);
}

export interface YearCloseInput {
  balances: Balances;
  months: readonly { month: string; closed: boolean }[];
  requestedBy: string;
  reason?: string;
}

/** Close the year: refused while a month is open or when already closed; else the voucher and the month markers. */
export function decideYearClose(state: YearState, input: YearCloseInput): { closing: DomainEvent; markers: { month: string; event: DomainEvent }[] } | DomainError {
  const { fundId, year } = state;
  if (state.closed) return domainError('year-closed', `year ${year} of fund ${fundId} is already closed`, { actual: String(year) });
  const open = openMonths(input.months);
  if (open.length > 0) return domainError('months-open', `fund ${fundId}: months ${open.join(', ')} of ${year} are not closed`, { field: 'year', actual: open.join(', '), limit: 'all months of the year closed' });
  const { lines } = closingEntries(input.balances);
  const closing = event('YearClosingPosted', {
    fundId,
    year,
    lines: lines.map(({ account, side, amount }) => ({ account, side, amount })),
    requestedBy: input.requestedBy,
    ...(input.reason === undefined ? {} : { reason: input.reason }),
  });
  const markers = input.months.map(({ month }) => ({ month, event: event('YearClosed', { fundId, year, month: monthOf(`${month}-01`) }) }));
  return { closing, markers };
}
