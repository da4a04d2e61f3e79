// Manual matching (人工勾对, issue 19 §2), pure. A person marks bank lines of a month's statement and
// book entries (events with a cash movement) as explaining each other: a charge and its refund that
// net to zero with no book entry, one bank line paying several entries. Both sides must sum equal;
// a line or entry belongs to one live match at most; a match is undone by a further event.
import type { DomainEvent } from '../events/registry';
import { event } from './aggregate';
import { domainError, type DomainError } from './errors';
import { formatYuan } from './money';

/** A bank line's stable name across reconciliation runs: the statement version and its line number. */
export const lineRefOf = (statementVersion: number, lineNo: number): string => `${statementVersion}:${lineNo}`;

export const parseLineRef = (ref: string): { statementVersion: number; lineNo: number } => {
  const [version = '', line = ''] = ref.split(':');
  return { statementVersion: Number(version), lineNo: Number(line) };
};

export interface BookEntryRef {
  streamId: string;
  version: number;
}

export const entryKey = (entry: BookEntryRef): string => `${entry.streamId}@${entry.version}`;

export interface ManualMatch {
  matchId: string;
  bankLines: string[];
  bookEntries: BookEntryRef[];
  note: string;
  matchedBy: string;
  /** Signed fen, positive = money in; equal on both sides. */
  amount: bigint;
  undone: boolean;
}

/** The matches of one fund's month; undone ones stay (their ids are never reused). */
export interface MatchBook {
  fundId: string;
  month: string;
  matches: ManualMatch[];
}

export const initialMatchBook = (fundId = '', month = ''): MatchBook => ({ fundId, month, matches: [] });

export function evolveMatchBook(state: MatchBook, e: DomainEvent): MatchBook {
  switch (e.type) {
    case 'BankMatchRecorded': {
      const { fundId, month, matchId, bankLines, bookEntries, note, matchedBy, bankTotal } = e.data;
      return { fundId, month, matches: [...state.matches, { matchId, bankLines, bookEntries, note, matchedBy, amount: bankTotal, undone: false }] };
    }
    case 'BankMatchUndone':
      return { ...state, matches: state.matches.map((m) => (m.matchId === e.data.matchId ? { ...m, undone: true } : m)) };
    default:
      return state;
  }
}

export const liveMatches = (book: MatchBook): ManualMatch[] => book.matches.filter((m) => !m.undone);

/** The request with each side resolved to its signed amount (the command layer reads them from the store). */
export interface MatchRequest {
  matchId: string;
  note: string;
  by: string;
  bankLines: { ref: string; amount: bigint }[];
  bookEntries: (BookEntryRef & { amount: bigint })[];
}

const sum = (items: readonly { amount: bigint }[]): bigint => items.reduce((total, item) => total + item.amount, 0n);

export function decideMatch(book: MatchBook, request: MatchRequest): DomainEvent[] | DomainError {
  if (book.matches.some((m) => m.matchId === request.matchId)) return domainError('already-exists', `match ${request.matchId} already exists in ${book.month}`, { field: 'matchId' });
  const live = liveMatches(book);
  const takenLines = new Map(live.flatMap((m) => m.bankLines.map((ref) => [ref, m.matchId] as const)));
  const takenEntries = new Map(live.flatMap((m) => m.bookEntries.map((e) => [entryKey(e), m.matchId] as const)));
  const seen = new Set<string>();
  for (const [index, line] of request.bankLines.entries()) {
    const owner = takenLines.get(line.ref) ?? (seen.has(line.ref) ? request.matchId : undefined);
    if (owner !== undefined) return domainError('already-matched', `bank line ${line.ref} is already matched (${owner})`, { field: `bankLines.${index}`, actual: line.ref });
    seen.add(line.ref);
  }
  for (const [index, entry] of request.bookEntries.entries()) {
    const key = entryKey(entry);
    const owner = takenEntries.get(key) ?? (seen.has(key) ? request.matchId : undefined);
    if (owner !== undefined) return domainError('already-matched', `book entry ${key} is already matched (${owner})`, { field: `bookEntries.${index}`, actual: key });
    seen.add(key);
  }
  const bankTotal = sum(request.bankLines);
  const bookTotal = sum(request.bookEntries);
  if (bankTotal !== bookTotal) {
    return domainError('sides-differ', `the bank lines sum to ${formatYuan(bankTotal)}, the book entries to ${formatYuan(bookTotal)}: a match explains equal amounts`, {
      limit: formatYuan(bankTotal),
      actual: formatYuan(bookTotal),
    });
  }
  return [
    event('BankMatchRecorded', {
      fundId: book.fundId,
      month: book.month,
      matchId: request.matchId,
      bankLines: request.bankLines.map((l) => l.ref),
      bookEntries: request.bookEntries.map(({ streamId, version }) => ({ streamId, version })),
      note: request.note,
      matchedBy: request.by,
      bankTotal,
      bookTotal,
    }),
  ];
}

export function decideUndo(book: MatchBook, matchId: string, by: string): DomainEvent[] | DomainError {
  const match = book.matches.find((m) => m.matchId === matchId);
  if (match === undefined || match.undone) return domainError('not-found', `no live match ${matchId} in ${book.month} of fund ${book.fundId}`, { field: 'matchId' });
  return [event('BankMatchUndone', { fundId: book.fundId, month: book.month, matchId, undoneBy: by })];
}
