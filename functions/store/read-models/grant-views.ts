// Read-model shapes of subsidy grants and approval requests (amounts bigint fen in code, yuan
// strings when stored). Every read of a request names its maker, its checker, when and why.
import * as z from 'zod';
import { yuan } from '../../../events/money';
import { businessDate, id } from '../../../events/primitives';
import { programme } from '../../../events/subsidy-events';

const jsonObject = z.record(z.string(), z.json());
const who = z.object({ by: z.string(), at: z.string() });

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalViewStatus = (typeof APPROVAL_STATUSES)[number];

export const approvalView = z.object({
  approvalId: id,
  /** Absent for a bureau-wide request (a policy proposal). */
  fundId: id.optional(),
  status: z.enum(APPROVAL_STATUSES),
  command: z.object({ name: z.string(), occurredOn: businessDate, input: jsonObject }),
  reason: z.string(),
  figures: jsonObject,
  requested: who,
  /** Who approved or rejected it, when (UTC instant) and why (the note). */
  decided: who.extend({ note: z.string() }).optional(),
  version: z.number().int(),
});
export type ApprovalView = z.output<typeof approvalView>;

export const SUBSIDY_STATUSES = ['pending-approval', 'granted', 'rejected', 'clawed-back'] as const;
export type SubsidyViewStatus = (typeof SUBSIDY_STATUSES)[number];

const cut = z.object({ scope: z.string(), limit: yuan, used: yuan, uncutAmount: yuan });

export const subsidyView = z.object({
  /** The policy version its latest command was judged under (issue 20); absent on positions last moved before versions. */
  policyId: z.string().optional(),
  fundId: id,
  subsidyId: id,
  programme,
  firm: z.object({ name: z.string(), creditCode: z.string() }),
  occurredOn: businessDate,
  details: jsonObject,
  status: z.enum(SUBSIDY_STATUSES),
  /** The figure when requested, and the cap that cut it then. */
  requestedAmount: yuan,
  requestedCut: cut.optional(),
  /** What was granted (figures recomputed at approval), and the cap that cut it then. */
  amountGranted: yuan,
  grantCut: cut.optional(),
  clawedBack: yuan,
  approvalId: id.optional(),
  requested: who,
  granted: who.optional(),
  rejected: who.optional(),
  clawbacks: z.array(z.object({ occurredOn: businessDate, amount: yuan, reason: z.string(), by: z.string(), at: z.string() })),
  version: z.number().int(),
});
export type SubsidyView = z.output<typeof subsidyView>;
