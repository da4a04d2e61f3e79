import * as z from 'zod';
import { businessDate, id, nonEmptyText } from './primitives';

// Two-person approval (maker-checker, DESIGN §6). One stream per request, `approval-<approvalId>`:
// the held command is data (its name, business date and wire input) that is re-run on approval,
// so the mechanism knows nothing about what it holds.

const jsonObject = z.record(z.string(), z.json());

export const heldCommand = z.object({
  /** A name of functions/commands/held-commands.ts. */
  name: z.string().regex(/^[a-z][A-Za-z]{0,63}$/),
  /** The fund whose book it posts to; absent for a bureau-wide command (a policy version, issue 20). */
  fundId: id.optional(),
  occurredOn: businessDate,
  /** The command's input in its wire form (amounts as yuan strings), parsed again when re-run. */
  input: jsonObject,
});

export const ApprovalRequested = z.object({
  approvalId: id,
  /** Absent for a bureau-wide command: the request is the finance bureau's, listed to it alone. */
  fundId: id.optional(),
  command: heldCommand,
  /** Why a second person is needed (the policy rule that asked for it). */
  reason: nonEmptyText(300),
  /** The figures the maker saw; the checker sees the same. */
  figures: jsonObject,
  /** Token subject of the maker. */
  requestedBy: nonEmptyText(200),
});

export const ApprovalGranted = z.object({ approvalId: id, fundId: id.optional(), decidedBy: nonEmptyText(200), note: z.string().max(1000) });
export const ApprovalRejected = z.object({ approvalId: id, fundId: id.optional(), decidedBy: nonEmptyText(200), note: z.string().max(1000) });

export const approvalEvents = { ApprovalRequested, ApprovalGranted, ApprovalRejected } as const;
