// Every bank line bookable (issue 19 §2): bank charges (booked at once), capital returns and
// adjustments (always held for a second person: functions/commands/bank-book-commands.ts), and the
// reads of adjustments, served from the approvals that hold them.
import * as z from 'zod';
import { BankChargeBooked } from '../../../events/fund-events';
import { businessDate, id } from '../../../events/primitives';
import { adjustmentApprovalId, adjustmentRequest, capitalReturnRequest, POST_ADJUSTMENT } from '../../commands/bank-book-commands';
import { APPROVAL_STATUSES, type ApprovalView } from '../../store/read-models/grant-views';
import type { JsonObject } from '../../store/types';
import { notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { READERS, commandContext, fundIdOf, json, requireFund } from './helpers';

export const bankChargeBody = BankChargeBooked.omit({ fundId: true }).extend({ occurredOn: businessDate }).strict();

const who = z.object({ by: z.string(), at: z.string() });
const adjustmentLineView = z.object({ account: z.string(), debit: z.string().optional(), credit: z.string().optional() });
/** An adjustment as its request holds it, with the request's status (pending, approved, rejected). */
export const adjustmentView = z.object({
  fundId: id,
  adjustmentId: id,
  approvalId: id,
  status: z.enum(APPROVAL_STATUSES),
  occurredOn: businessDate,
  reason: z.string(),
  bankReference: z.string().optional(),
  lines: z.array(adjustmentLineView),
  requested: who,
  decided: who.extend({ note: z.string() }).optional(),
});

const viewOf = (approval: ApprovalView): JsonObject => {
  const input = approval.command.input;
  return {
    fundId: approval.fundId ?? '',
    adjustmentId: String(input.adjustmentId),
    approvalId: approval.approvalId,
    status: approval.status,
    occurredOn: approval.command.occurredOn,
    reason: String(input.reason),
    ...(typeof input.bankReference === 'string' ? { bankReference: input.bankReference } : {}),
    lines: input.lines ?? [],
    requested: { ...approval.requested },
    ...(approval.decided === undefined ? {} : { decided: { ...approval.decided } }),
  };
};

const adjustmentsOf = async (req: Parameters<Route['handler']>[0], fundId: string): Promise<ApprovalView[]> =>
  (await req.deps.queries.listApprovals([fundId])).filter((a) => a.command.name === POST_ADJUSTMENT);

export const bankBookRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/bank-charges',
    summary: 'A bank charge (银行手续费) the bank already took: booked at once, 5005 / 1001; refused if it would overdraw the books (insufficient-funds)',
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: bankChargeBody,
    handler: async (req) => req.deps.commands.bookBankCharge(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/capital-returns',
    summary: 'Return fiscal capital to the treasury (资金缴回/上缴国库, 3001 / 1001): always held for a second person (202 pending-approval); the overdraw check runs again on approval',
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 202,
    body: capitalReturnRequest,
    handler: async (req) => req.deps.commands.returnCapital(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/adjustments',
    summary:
      'An adjustment (调整分录): balanced lines on adjustable accounts (income, expense, payables, 3101; cash 1001 only with bankReference; never a position account), always held for a second person (202)',
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 202,
    body: adjustmentRequest,
    handler: async (req) => req.deps.commands.postAdjustment(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/adjustments',
    summary: "The fund's adjustments, pending, approved or rejected, oldest first",
    tag: 'funds',
    roles: READERS,
    successStatus: 200,
    response: z.object({ items: z.array(adjustmentView) }),
    handler: async (req) => {
      const fundId = await requireFund(req);
      return json({ items: (await adjustmentsOf(req, fundId)).map(viewOf) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/adjustments/{adjustmentId}',
    summary: 'One adjustment with its status and who asked and decided',
    tag: 'funds',
    roles: READERS,
    successStatus: 200,
    response: adjustmentView,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const approvalId = adjustmentApprovalId(fundId, req.params.adjustmentId ?? '');
      const found = (await adjustmentsOf(req, fundId)).find((a) => a.approvalId === approvalId);
      if (found === undefined) throw notFound(`Unknown adjustment ${req.params.adjustmentId ?? ''} of fund ${fundId}`);
      return json(viewOf(found));
    },
  }),
];
