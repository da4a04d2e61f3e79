// What the month-end job does per invocation: pick the month (the one before "now" in Asia/Shanghai
// when the schedule fires, or the one an operator or POST /v1/reconciliations asks for), run the
// reconciliation, and emit one ReconciliationDiscrepancies data point per fund. Separate from the
// handler so tests call it.
import * as z from 'zod';
import { cityId } from '../../events/cities';
import { month as monthSchema } from '../../events/primitives';
import { type MonthEndDeps, type MonthEndSummary, previousMonth, runMonthEnd } from '../month-end/reconcile';

export const monthEndRequest = z
  .object({
    /** Absent on the scheduled run: the month before now. */
    month: monthSchema.optional(),
    /** Absent on the scheduled run: `scheduled-<month>`, so a retried invocation appends nothing twice. */
    runId: z.string().min(1).max(200).optional(),
    /** Who asked: the API's payload {month, runId, actor} (functions/api/month-end-starter.ts) names the user. */
    actor: z.string().min(1).max(200).optional(),
    /** The city whose month it is: the API's run names the caller's city; absent (or null), every city: the schedule's `{}` fans out (functions/jobs/city-fan-out.ts, docs/month-end.md). */
    city: cityId.nullish(),
  })
  .loose();

export type MonthEndRequest = z.infer<typeof monthEndRequest>;

export async function monthEndJob(input: unknown, deps: MonthEndDeps, now: Date = new Date()): Promise<MonthEndSummary> {
  const request = monthEndRequest.parse(input ?? {});
  const month = request.month ?? previousMonth(now);
  return runMonthEnd(deps, { month, runId: request.runId ?? `scheduled-${month}`, actor: request.actor ?? 'month-end-job' });
}
