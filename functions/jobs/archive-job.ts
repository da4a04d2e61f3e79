// What the archive Lambda does per invocation (issue 15 §4). The monthly schedule sends {} and the job
// archives the month that just ended (Asia/Shanghai); an operator may archive a given month
// ({"month": "YYYY-MM"}) or read one back and verify it against its seal ({"verify": "YYYY-MM"}).
import * as z from 'zod';
import { month } from '../../events/primitives';
import { type ArchiveDeps, type ArchiveResult, archiveMonth } from '../archive/month-archive';
import { type ArchiveVerification, verifyArchive } from '../archive/verify-archive';
import { previousMonth } from '../month-end/reconcile';

export const archiveRequest = z.object({ month: month.optional(), verify: month.optional() }).loose();

export type ArchiveJobResult = ({ action: 'archive' } & ArchiveResult) | ({ action: 'verify' } & ArchiveVerification);

export async function archiveJob(input: unknown, deps: ArchiveDeps, now: Date = new Date()): Promise<ArchiveJobResult> {
  const request = archiveRequest.parse(input ?? {});
  if (request.verify !== undefined) return { action: 'verify', ...(await verifyArchive(deps.objects, deps.seals, request.verify)) };
  const target = request.month ?? previousMonth(now);
  // A month is archived once it has ended: its events and reports are final then.
  if (target > previousMonth(now)) throw new Error(`cannot archive ${target}: the month has not ended`);
  return { action: 'archive', ...(await archiveMonth({ ...deps, now: () => now }, target)) };
}
