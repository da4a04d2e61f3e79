import * as z from 'zod';
import { id, month, nonEmptyText } from './primitives';

// Period-stream events: a fund's month, its reconciliation outcome and its close.

export const PeriodClosed = z.object({
  fundId: id,
  month,
  reconciliationClean: z.boolean(),
  overrideReason: nonEmptyText(500).optional(),
});

export const ReconciliationCompleted = z.object({
  fundId: id,
  month,
  clean: z.boolean(),
  discrepancyCount: z.number().int().min(0),
  reportKey: nonEmptyText(500),
});

export const periodEvents = { PeriodClosed, ReconciliationCompleted } as const;
