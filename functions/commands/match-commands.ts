// Manual matching (人工勾对, issue 19 §2) through the one pipeline. A match or its undoing is dated
// on the month's last day, so the pipeline refuses both once the month is closed (409 period-closed)
// and a close racing them conflicts on the period head. Both sides are read from the store inside
// decide, so a retry after a conflict sees a re-imported statement or a new match.
import * as z from 'zod';
import { type BookEntryRef, decideMatch, decideUndo, evolveMatchBook, initialMatchBook, type MatchBook, parseLineRef } from '../../domain/bank-match';
import { monthOf } from '../../domain/dates';
import { type DomainError, domainError, isDomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import { postingsFor } from '../../domain/posting-rules';
import { cashEffect } from '../../domain/reconciliation';
import { bookEntry, lineRef } from '../../events/match-events';
import { id, nonEmptyText } from '../../events/primitives';
import { decodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../store/event-store';
import { lastDayOf } from '../month-end/reconcile';
import { latestStatement } from '../month-end/statements';
import { changeOf } from './changes';
import { fundAggregate } from './fund-commands';
import type { Aggregate, CommandContext, CommandResult, Pipeline } from './pipeline';

export const matchRequest = z.strictObject({
  matchId: id,
  bankLines: z.array(lineRef).min(1).max(200),
  bookEntries: z.array(bookEntry.strict()).max(200).default([]),
  note: nonEmptyText(500),
});
export type MatchInput = z.output<typeof matchRequest>;

export const matchAggregate = (fundId: string, month: string): Aggregate<MatchBook> => ({ initial: initialMatchBook(fundId, month), evolve: evolveMatchBook });

/** The bank lines' signed amounts, from the month's latest statement. */
async function resolveLines(store: EventStore, fundId: string, month: string, refs: readonly string[]): Promise<{ ref: string; amount: bigint }[] | DomainError> {
  const latest = await latestStatement(store, fundId, month);
  if (latest === undefined) return domainError('unknown-bank-line', `no bank statement is recorded for ${month} of fund ${fundId}`, { field: 'bankLines' });
  const byLine = new Map(latest.statement.lines.map((l) => [l.lineNo, l.amount]));
  const out: { ref: string; amount: bigint }[] = [];
  for (const [index, ref] of refs.entries()) {
    const { statementVersion, lineNo } = parseLineRef(ref);
    const amount = statementVersion === latest.version ? byLine.get(lineNo) : undefined;
    if (amount === undefined) {
      const why = statementVersion === latest.version ? `statement version ${latest.version} has no line ${lineNo}` : `the latest statement of ${month} is version ${latest.version}, not ${statementVersion} (it was re-imported)`;
      return domainError('unknown-bank-line', `bank line ${ref}: ${why}`, { field: `bankLines.${index}`, actual: ref });
    }
    out.push({ ref, amount });
  }
  return out;
}

/** The book entries' cash movements: each an event of this fund, dated in the month, that moves cash. */
async function resolveEntries(store: EventStore, fundId: string, month: string, entries: readonly BookEntryRef[]): Promise<(BookEntryRef & { amount: bigint })[] | DomainError> {
  const out: (BookEntryRef & { amount: bigint })[] = [];
  for (const [index, entry] of entries.entries()) {
    const [stored] = await store.readStream(entry.streamId, { fromVersion: entry.version, toVersion: entry.version });
    const refuse = (why: string) => domainError('unknown-book-entry', `book entry ${entry.streamId}@${entry.version}: ${why}`, { field: `bookEntries.${index}`, actual: `${entry.streamId}@${entry.version}` });
    if (stored === undefined) return refuse('no such event');
    const event = decodeEvent(stored);
    if ((event.data as { fundId?: unknown }).fundId !== fundId) return refuse(`not an event of fund ${fundId}`);
    if (monthOf(stored.occurredOn) !== month) return refuse(`dated ${stored.occurredOn}, not in ${month}`);
    // The opening balance is the bank's balance on openedOn, not a movement (domain/reconciliation-fund.ts).
    const amount = event.type === 'OpeningBalanceRecorded' ? 0n : cashEffect(postingsFor(event));
    if (amount === 0n) return refuse(`${stored.type} moves no cash`);
    out.push({ streamId: entry.streamId, version: entry.version, amount });
  }
  return out;
}

export const createMatchCommands = (pipeline: Pipeline, store: EventStore) => {
  /** Loads the fund (404 when unknown) and the month's matches, then decides. */
  const onMatchBook = (fundId: string, month: string, decide: (book: MatchBook) => Promise<ReturnType<typeof decideMatch>>, answer: (book: MatchBook) => CommandResult) => ({
    fundId,
    occurredOn: lastDayOf(month),
    dateField: 'month',
    dateRule: 'period-end' as const,
    decide: async (load: <S>(streamId: string, aggregate: Aggregate<S>) => Promise<{ streamId: string; version: number; state: S }>) => {
      const fund = await load(streamIds.fund(fundId), fundAggregate(fundId));
      if (fund.version === 0) return domainError('not-found', `fund ${fundId} does not exist`, { field: 'fundId' });
      const aggregate = matchAggregate(fundId, month);
      const book = await load(streamIds.match(fundId, month), aggregate);
      const events = await decide(book.state);
      if (isDomainError(events)) return events;
      const { change, state } = changeOf(book, events, aggregate);
      return { changes: [change], result: answer(state) };
    },
  });

  return {
    recordMatch: (month: string, fundId: string, input: MatchInput, context: CommandContext): Promise<CommandResult> =>
      pipeline.run(
        onMatchBook(
          fundId,
          month,
          async (book) => {
            const lines = await resolveLines(store, fundId, month, input.bankLines);
            if (isDomainError(lines)) return lines;
            const entries = await resolveEntries(store, fundId, month, input.bookEntries);
            if (isDomainError(entries)) return entries;
            return decideMatch(book, { matchId: input.matchId, note: input.note, by: context.meta.actor, bankLines: lines, bookEntries: entries });
          },
          (book) => {
            const match = book.matches.find((m) => m.matchId === input.matchId);
            return {
              status: 201,
              body: {
                fundId,
                month,
                matchId: input.matchId,
                bankLines: [...input.bankLines],
                bookEntries: input.bookEntries.map((e) => ({ ...e })),
                amount: formatYuan(match?.amount ?? 0n),
                note: input.note,
                matchedBy: context.meta.actor,
              },
            };
          },
        ),
        context,
      ),

    undoMatch: (month: string, fundId: string, matchId: string, context: CommandContext): Promise<CommandResult> =>
      pipeline.run(
        onMatchBook(fundId, month, async (book) => decideUndo(book, matchId, context.meta.actor), () => ({ status: 200, body: { fundId, month, matchId, status: 'undone', undoneBy: context.meta.actor } })),
        context,
      ),
  };
};
