import type { EventEnvelope } from '../events/envelope';
import type { DomainEvent } from '../events/registry';
import { ACCOUNT_CODES, CHART_OF_ACCOUNTS, type AccountCode } from './accounts';
import { postingsFor, type JournalLine } from './posting-rules';

// Folding journal lines into account balances, trial balance and point-in-time balances.

export type DatedLine = JournalLine & { occurredOn: string };
export type AccountBalance = { debit: bigint; credit: bigint };
export type Balances = Partial<Record<AccountCode, AccountBalance>>;

/** Journal lines of a stored event, each dated with the event's business date. */
export function postingsForEnvelope(envelope: { occurredOn: string } & DomainEvent): DatedLine[] {
  return postingsFor(envelope).map((l) => ({ ...l, occurredOn: envelope.occurredOn }));
}

/** Adds lines into balances (mutates and returns `into`, so large folds allocate nothing per line). */
export function foldLines(lines: Iterable<JournalLine>, into: Balances = {}): Balances {
  for (const l of lines) {
    const b = (into[l.account] ??= { debit: 0n, credit: 0n });
    if (l.side === 'debit') b.debit += l.amount;
    else b.credit += l.amount;
  }
  return into;
}

/** Balances of every line dated on or before `asOf` (YYYY-MM-DD). */
export function balancesAsOf(lines: Iterable<DatedLine>, asOf: string): Balances {
  const into: Balances = {};
  for (const l of lines) if (l.occurredOn <= asOf) foldLines([l], into);
  return into;
}

/** Balances from envelopes, optionally only up to a business date. */
export function balancesOfEvents(events: Iterable<EventEnvelope>, asOf?: string): Balances {
  const into: Balances = {};
  for (const e of events) if (asOf === undefined || e.occurredOn <= asOf) foldLines(postingsFor(e), into);
  return into;
}

/** Balance on the account's normal side: positive when the account holds what it normally holds. */
export function balanceOnNormalSide(code: AccountCode, balance: AccountBalance | undefined): bigint {
  if (balance === undefined) return 0n;
  return CHART_OF_ACCOUNTS[code].normalSide === 'debit' ? balance.debit - balance.credit : balance.credit - balance.debit;
}

export interface TrialBalanceRow {
  code: AccountCode;
  debit: bigint;
  credit: bigint;
}

export interface TrialBalance {
  rows: TrialBalanceRow[];
  totalDebit: bigint;
  totalCredit: bigint;
  balanced: boolean;
  /** Memo exposure, listed apart and excluded from the totals. */
  memo: TrialBalanceRow[];
}

/** Net balance of each account on the side it falls; memo accounts listed apart. */
export function trialBalance(balances: Balances): TrialBalance {
  const rows: TrialBalanceRow[] = [];
  const memo: TrialBalanceRow[] = [];
  let totalDebit = 0n;
  let totalCredit = 0n;
  for (const code of ACCOUNT_CODES) {
    const b = balances[code];
    if (b === undefined) continue;
    const net = b.debit - b.credit;
    const row: TrialBalanceRow = { code, debit: net > 0n ? net : 0n, credit: net < 0n ? -net : 0n };
    if (CHART_OF_ACCOUNTS[code].memo) {
      memo.push(row);
      continue;
    }
    rows.push(row);
    totalDebit += row.debit;
    totalCredit += row.credit;
  }
  return { rows, totalDebit, totalCredit, balanced: totalDebit === totalCredit, memo };
}
