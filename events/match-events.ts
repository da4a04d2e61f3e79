import * as z from 'zod';
import { signedYuan } from './money';
import { id, month, nonEmptyText } from './primitives';

// Manual matching (人工勾对, issue 19 §2): a person marks bank lines and book entries of a fund's month
// as explaining each other. One stream per fund and month, `match-<fundId>-<yyyy-mm>`; a match is
// undone by a further event, never edited. The month-end run reads the stream (functions/month-end).

/** A bank line of a recorded statement: `<statement version>:<line number>` (domain/bank-match.ts). */
export const lineRef = z.string().regex(/^[1-9][0-9]{0,8}:[1-9][0-9]{0,5}$/, { error: 'must be a bank line reference <statement version>:<line number>, e.g. "2:14"' });

/** A book entry: the event whose cash movement the match explains. */
export const bookEntry = z.object({ streamId: z.string().min(1).max(200), version: z.number().int().min(1) });

export const BankMatchRecorded = z.object({
  fundId: id,
  month,
  matchId: id,
  bankLines: z.array(lineRef).min(1).max(200),
  bookEntries: z.array(bookEntry).max(200),
  /** Why the sides explain each other (a charge and its refund, one payment of several entries). */
  note: nonEmptyText(500),
  /** Token subject of who matched; when is the event's recordedAt. */
  matchedBy: nonEmptyText(200),
  /** Signed sums of each side (positive = money in); equal, or the match is refused. */
  bankTotal: signedYuan,
  bookTotal: signedYuan,
});

export const BankMatchUndone = z.object({ fundId: id, month, matchId: id, undoneBy: nonEmptyText(200) });

export const matchEvents = { BankMatchRecorded, BankMatchUndone } as const;
