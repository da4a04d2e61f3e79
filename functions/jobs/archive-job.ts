// What the archive Lambda does per invocation (issue 15 §4). The monthly schedule sends {} and the job
// archives the month that just ended (Asia/Shanghai), then every year closed for all its funds and
// not archived yet (the annual accounts, permanently: issue 21 §4; the last two years that have
// ended, as a year is closed in the months after it). An operator may archive a given month
// ({"month": "YYYY-MM"}) or year ({"year": 2024}), or read one back and verify it against its seal
// ({"verify": "YYYY-MM"}, {"verifyYear": 2024}). A fund's year close on the bus sends
// {"closedOn": "YYYY-12-31"} (its YearClosingPosted's date): that year is archived once all its
// funds have closed it.
import * as z from 'zod';
import { businessDate, month } from '../../events/primitives';
import type { ArchiveJobDeps } from '../archive/context';
import { type ArchiveResult, archiveMonth } from '../archive/month-archive';
import { archiveClosedYear, verifyYearArchive, type YearArchiveOutcome } from '../archive/year-archive';
import { type ArchiveVerification, verifyArchive } from '../archive/verify-archive';
import { previousMonth } from '../month-end/reconcile';

const year = z.number().int().min(2000).max(2100);
export const archiveRequest = z
  .object({ month: month.optional(), verify: month.optional(), year: year.optional(), verifyYear: year.optional(), closedOn: businessDate.optional() })
  .loose();

export type ArchiveJobResult =
  | ({ action: 'archive'; years?: YearArchiveOutcome[] } & ArchiveResult)
  | ({ action: 'verify' } & ArchiveVerification)
  | ({ action: 'archive-year' } & YearArchiveOutcome)
  | { action: 'verify-year'; year: number; ok: boolean; problems: string[] };

/** The years a scheduled run looks at: the last two that have ended (a year is closed in the months after it). */
export const yearsToArchive = (now: Date): number[] => {
  const ended = previousMonth(now);
  const last = Number(ended.slice(0, 4)) - (ended.endsWith('-12') ? 0 : 1);
  return [last - 1, last];
};

export async function archiveJob(input: unknown, deps: ArchiveJobDeps, now: Date = new Date()): Promise<ArchiveJobResult> {
  const request = archiveRequest.parse(input ?? {});
  if (request.verify !== undefined) return { action: 'verify', ...(await verifyArchive(deps.objects, deps.seals, request.verify)) };
  if (request.verifyYear !== undefined) return { action: 'verify-year', ...(await verifyYearArchive(deps.objects, deps.seals, request.verifyYear)) };
  const yearDeps = { ...deps.year, now: () => now };
  const closedYear = request.year ?? (request.closedOn === undefined ? undefined : Number(request.closedOn.slice(0, 4)));
  if (closedYear !== undefined) return { action: 'archive-year', ...(await archiveClosedYear(yearDeps, closedYear)) };
  const target = request.month ?? previousMonth(now);
  // A month is archived once it has ended: its events and reports are final then.
  if (target > previousMonth(now)) throw new Error(`cannot archive ${target}: the month has not ended`);
  const archived = await archiveMonth({ ...deps, now: () => now }, target);
  if (request.month !== undefined) return { action: 'archive', ...archived };
  const years: YearArchiveOutcome[] = [];
  for (const y of yearsToArchive(now)) years.push(await archiveClosedYear(yearDeps, y));
  return { action: 'archive', ...archived, years };
}
