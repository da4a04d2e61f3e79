// Read-model shape of a correction (冲正): what it reverses, the 红字 lines it would post (or
// posted), who asked and who decided, when and why (amounts bigint fen in code, yuan strings stored).
import * as z from 'zod';
import { eventRef, reversalLine } from '../../../events/correction-events';
import { businessDate, id } from '../../../events/primitives';

const who = z.object({ by: z.string(), at: z.string() });

export const CORRECTION_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const correctionView = z.object({
  fundId: id,
  correctionId: id,
  approvalId: id,
  status: z.enum(CORRECTION_STATUSES),
  /** The event the maker named, and the whole entry it belongs to (all reversed together). */
  reverses: z.object({ streamId: z.string(), version: z.number().int() }),
  entry: z.array(eventRef),
  occurredOn: businessDate,
  reason: z.string(),
  /** The 红字 lines: each original line's account and side, amount negated. */
  lines: z.array(reversalLine.extend({ streamId: z.string(), reversesVersion: z.number().int() })),
  requested: who,
  decided: who.extend({ note: z.string() }).optional(),
  /** Once approved: where each EntryReversed was appended. */
  reversals: z.array(z.object({ streamId: z.string(), version: z.number().int(), reversesVersion: z.number().int() })).optional(),
  version: z.number().int(),
});
export type CorrectionView = z.output<typeof correctionView>;
