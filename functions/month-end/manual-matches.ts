// The month's manual matches (人工勾对) as a reconciliation run uses them: the live matches of
// `match-<fundId>-<yyyy-mm>` whose bank lines belong to the statement version the run reads are
// applied (their lines and entries count as matched); a match made on an earlier import of the
// statement is listed but not applied, so its lines show again and can be matched anew.
import { entryKey, evolveMatchBook, initialMatchBook, liveMatches, parseLineRef } from '../../domain/bank-match';
import { decodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../store/event-store';
import type { ManualMatchReport } from './report-schema';

export interface AppliedMatches {
  /** Line numbers of the statement version read. */
  lineNos: ReadonlySet<number>;
  /** Book entries by `streamId@version` (domain/bank-match.ts entryKey). */
  entries: ReadonlySet<string>;
}

export const NO_MATCHES: AppliedMatches = { lineNos: new Set(), entries: new Set() };

export async function readManualMatches(store: EventStore, fundId: string, month: string, statementVersion: number): Promise<{ applied: AppliedMatches; listed: ManualMatchReport[] }> {
  const stored = await store.readStream(streamIds.match(fundId, month));
  const matchedAt = new Map<string, string>();
  let book = initialMatchBook(fundId, month);
  for (const s of stored) {
    const event = decodeEvent(s);
    if (event.type === 'BankMatchRecorded') matchedAt.set(event.data.matchId, s.recordedAt);
    book = evolveMatchBook(book, event);
  }
  const lineNos = new Set<number>();
  const entries = new Set<string>();
  const listed = liveMatches(book).map((m): ManualMatchReport => {
    const applied = m.bankLines.every((ref) => parseLineRef(ref).statementVersion === statementVersion);
    if (applied) {
      for (const ref of m.bankLines) lineNos.add(parseLineRef(ref).lineNo);
      for (const e of m.bookEntries) entries.add(entryKey(e));
    }
    return { matchId: m.matchId, bankLines: m.bankLines, bookEntries: m.bookEntries, note: m.note, matchedBy: m.matchedBy, matchedAt: matchedAt.get(m.matchId) ?? '', amount: m.amount, applied };
  });
  return { applied: { lineNos, entries }, listed };
}
