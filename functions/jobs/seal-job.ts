// What the seal Lambda does per invocation (issue 15 §3). The daily schedule sends {} and the job
// seals the business day that just ended (Asia/Shanghai); an operator may seal a missed day
// ({"date": "YYYY-MM-DD"}) or verify a seal ({"verify": "YYYY-MM-DD"}) or a month's seals
// ({"verifyMonth": "YYYY-MM"}), the Lambda-friendly twin of `npm run verify -- <date>`.
import * as z from 'zod';
import { shanghaiToday } from '../../domain/dates';
import { businessDate, month } from '../../events/primitives';
import { type SealDeps, type SealResult, sealDay } from '../seal/daily-seal';
import { sealDateFor } from '../seal/seal';
import { type SealVerification, verifyMonthSeals, verifySealOf } from '../seal/verify-seal';

export const sealRequest = z
  .object({
    date: businessDate.optional(),
    verify: businessDate.optional(),
    verifyMonth: month.optional(),
  })
  .loose();

export type SealJobResult = ({ action: 'seal' } & SealResult) | ({ action: 'verify' } & SealVerification);

export async function sealJob(input: unknown, deps: SealDeps, now: Date = new Date()): Promise<SealJobResult> {
  const request = sealRequest.parse(input ?? {});
  if (request.verify !== undefined) return { action: 'verify', ...(await verifySealOf(deps, request.verify)) };
  if (request.verifyMonth !== undefined) return { action: 'verify', ...(await verifyMonthSeals(deps, request.verifyMonth)) };
  const date = request.date ?? sealDateFor(now);
  // A seal closes a day: sealing today (or later) would fix heads the day may still move.
  if (date >= shanghaiToday(now)) throw new Error(`cannot seal ${date}: only a day that has ended (before ${shanghaiToday(now)}) can be sealed`);
  return { action: 'seal', ...(await sealDay({ ...deps, now: () => now }, date)) };
}

/** Discrepancies a run found (0 when clean): the SealDiscrepancies metric. */
export const discrepanciesOf = (result: SealJobResult): number =>
  result.action === 'seal' ? result.diverged.length : result.mismatches.length + result.sealProblems.length;
