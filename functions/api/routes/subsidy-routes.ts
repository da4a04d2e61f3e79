// Subsidy-budget fund (财政补贴资金): grants of the plan's programmes, held for a second person's
// approval (approval-routes.ts), and clawbacks. docs/subsidies.md has the formulas and examples.
import * as z from 'zod';
import { positiveYuan } from '../../../events/money';
import { businessDate, nonEmptyText } from '../../../events/primitives';
import { subsidyRequest } from '../../../events/subsidy-events';
import { SUBSIDY_STATUSES, subsidyView } from '../../store/read-models/grant-views';
import { notFound } from '../problems';
import { subsidyListResponse } from '../responses';
import { defineRoute, type Route } from '../route';
import { commandContext, fundIdOf, json, READERS, requireFund, wire } from './helpers';

const ONE = '/v1/funds/{fundId}/subsidies/{subsidyId}';
/** The bureau runs its own budget; a fund manager of the fund may also make requests. */
const MAKERS = ['fund-manager', 'finance-bureau'] as const;

const subsidyIdOf = (params: Record<string, string>): string => params.subsidyId ?? '';
export const clawbackBody = z.strictObject({ occurredOn: businessDate, amount: positiveYuan, reason: nonEmptyText(500) });
const subsidyListQuery = z.strictObject({ status: z.enum(SUBSIDY_STATUSES).optional() });

export const subsidyRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/subsidies',
    summary: 'Request a subsidy or award grant: checked and computed now, held for approval (202 {approvalId, status: "pending-approval", amount, …})',
    tag: 'subsidies',
    roles: MAKERS,
    successStatus: 202,
    body: subsidyRequest,
    handler: async (req) => req.deps.commands.requestSubsidy(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/clawbacks`,
    summary: 'Recover a grant in part or in full (cash back into the budget account)',
    tag: 'subsidies',
    roles: MAKERS,
    successStatus: 201,
    body: clawbackBody,
    handler: async (req) => req.deps.commands.clawBackSubsidy(fundIdOf(req), subsidyIdOf(req.params), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/subsidies',
    summary: 'Grants of the fund (pending-approval, granted, rejected, clawed-back), with who requested and decided them',
    tag: 'subsidies',
    roles: READERS,
    successStatus: 200,
    query: subsidyListQuery,
    response: subsidyListResponse,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const items = await req.deps.queries.listSubsidies(fundId, req.query);
      return json({ items: items.map((s) => wire(subsidyView, s)) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: ONE,
    summary: 'One grant',
    tag: 'subsidies',
    roles: READERS,
    successStatus: 200,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const subsidy = await req.deps.queries.getSubsidy(fundId, subsidyIdOf(req.params));
      if (subsidy === undefined) throw notFound(`Unknown subsidy ${subsidyIdOf(req.params)} in fund ${fundId}`);
      return json(wire(subsidyView, subsidy));
    },
  }),
];
