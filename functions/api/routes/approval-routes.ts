// Two-person approval (maker-checker): the requests a policy held, and their approval or rejection
// by a finance-bureau user other than the maker (functions/commands/maker-checker.ts).
import * as z from 'zod';
import { id, nonEmptyText } from '../../../events/primitives';
import { BUREAU_SCOPE } from '../../../domain/approval';
import { APPROVAL_STATUSES, approvalView } from '../../store/read-models/grant-views';
import { ApiProblem } from '../problems';
import { approvalListResponse } from '../responses';
import { defineRoute, type Route } from '../route';
import { commandContext, json, limitedToFunds, READERS, wire } from './helpers';

const approvalQuery = z.strictObject({ status: z.enum(APPROVAL_STATUSES).optional(), fundId: id.optional() });
const approveBody = z.strictObject({ note: z.string().trim().max(1000).default('') });
/** A rejection says why. */
const rejectBody = z.strictObject({ note: nonEmptyText(1000) });

const approvalIdOf = (params: Record<string, string>): string => params.approvalId ?? '';

export const approvalRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/approvals',
    summary: 'Requests held for a second person (bureau and auditors: all funds and bureau-wide requests such as policy proposals, which carry no fundId; a fund manager: its funds)',
    tag: 'approvals',
    roles: READERS,
    successStatus: 200,
    query: approvalQuery,
    response: approvalListResponse,
    handler: async (req) => {
      const only = limitedToFunds(req.principal);
      const { fundId, status } = req.query;
      if (fundId !== undefined && only !== undefined && !only.includes(fundId)) throw new ApiProblem('forbidden', `This token may not act on fund ${fundId}`);
      // The bureau and auditors also see bureau-wide requests (policy proposals, which belong to no fund).
      const scopes = fundId !== undefined ? [fundId] : (only ?? [...(await req.deps.queries.listFunds()).map((f) => f.fundId), BUREAU_SCOPE]);
      const items = await req.deps.queries.listApprovals(scopes, status === undefined ? {} : { status });
      return json({ items: items.map((a) => wire(approvalView, a)) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/approvals/{approvalId}/approve',
    summary: 'Approve a held request: the command runs now with its business date; a refusal (422/409) leaves it pending. Never by its maker (403 same-person)',
    tag: 'approvals',
    roles: ['finance-bureau'],
    successStatus: 200,
    body: approveBody,
    handler: async (req) => req.deps.commands.approve(approvalIdOf(req.params), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/approvals/{approvalId}/reject',
    summary: 'Reject a held request with a note: nothing moves. Never by its maker (403 same-person)',
    tag: 'approvals',
    roles: ['finance-bureau'],
    successStatus: 200,
    body: rejectBody,
    handler: async (req) => req.deps.commands.reject(approvalIdOf(req.params), req.body, req.deps.today(), commandContext(req)),
  }),
];
