import * as z from 'zod';
import { signedYuan } from './money';
import { businessDate, id, nonEmptyText } from './primitives';

// Reversals (冲正 / 红字更正, docs/corrections.md). A correction is requested on its own stream,
// `correction-<fundId>:<correctionId>`, held for a second person, and on approval appends one
// EntryReversed to every stream the reversed entry touched (the fund's cash, the guarantee, the
// loan, the commitment), in the same transaction as the approval. Stored events are never changed.

/** A stored event named by position, with what a reader needs to find its journal lines. */
export const eventRef = z.object({
  streamId: nonEmptyText(200),
  version: z.number().int().min(1),
  type: nonEmptyText(64),
  occurredOn: businessDate,
  recordedAt: nonEmptyText(40),
  /** Its entry's 凭证号 when it posted journal lines (the reversal's 摘要 names it: `冲销 记-2024-05-0001 …`). */
  voucherNo: nonEmptyText(40).optional(),
});

/**
 * One 红字 line: the original's account and side with the amount negated (so a debit of 100.00
 * is reversed by a debit of -100.00). Account codes are the chart's (domain/accounts.ts).
 */
export const reversalLine = z.object({
  account: z.string().regex(/^\d{4,6}$/),
  side: z.enum(['debit', 'credit']),
  amount: signedYuan,
});

const reason = nonEmptyText(500);

/**
 * The reversal of one event of the entry, on that event's own stream. It carries the original's
 * data (its stored form) so each aggregate's evolve undoes it without reading anything else, and
 * the negated lines so the books fold the reversal by itself on replay.
 */
export const EntryReversed = z.object({
  fundId: id,
  correctionId: id,
  approvalId: id,
  reverses: eventRef,
  original: z.object({ schemaVersion: z.number().int().min(1), data: z.record(z.string(), z.json()) }),
  lines: z.array(reversalLine),
  reason,
});

/** The maker's request: what it reverses (the whole entry), on which date, why, and the lines it would post. */
export const CorrectionRequested = z.object({
  fundId: id,
  correctionId: id,
  approvalId: id,
  /** The event the maker named; the entry is every event its command appended in one transaction. */
  reverses: z.object({ streamId: nonEmptyText(200), version: z.number().int().min(1) }),
  entry: z.array(eventRef).min(1),
  occurredOn: businessDate,
  reason,
  requestedBy: nonEmptyText(200),
  lines: z.array(reversalLine.extend({ streamId: nonEmptyText(200), reversesVersion: z.number().int().min(1) })),
});

export const CorrectionApproved = z.object({
  fundId: id,
  correctionId: id,
  approvalId: id,
  decidedBy: nonEmptyText(200),
  note: z.string().max(1000),
  /** Where each EntryReversed was appended (stream and version), and the version it reverses there. */
  reversals: z.array(z.object({ streamId: nonEmptyText(200), version: z.number().int().min(1), reversesVersion: z.number().int().min(1) })),
});
export const CorrectionRejected = z.object({ fundId: id, correctionId: id, approvalId: id, decidedBy: nonEmptyText(200), note: z.string().max(1000) });

export const correctionEvents = { EntryReversed, CorrectionRequested, CorrectionApproved, CorrectionRejected } as const;
