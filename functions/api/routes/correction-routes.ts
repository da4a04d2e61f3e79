// Corrections (冲正 / 红字更正, docs/corrections.md): a maker asks to reverse a stored entry; a second
// person approves it (approval-routes.ts) and the reversal posts the entry's lines negated.
import * as z from 'zod';
import { correctionRequest } from '../../commands/correction-commands';
import { CORRECTION_STATUSES, correctionView } from '../../store/read-models/correction-views';
import { notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { commandContext, fundIdOf, json, READERS, requireFund, wire } from './helpers';

const ONE = '/v1/funds/{fundId}/corrections/{correctionId}';
/** The bureau or the fund's own manager may ask; only a finance-bureau user other than the maker approves. */
const MAKERS = ['finance-bureau', 'fund-manager'] as const;

const correctionIdOf = (params: Record<string, string>): string => params.correctionId ?? '';
const correctionListQuery = z.strictObject({ status: z.enum(CORRECTION_STATUSES).optional() });

export const correctionRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/corrections',
    summary:
      'Ask to reverse the entry a stored event belongs to (冲正): checked now (404 unknown event; 409 not-reversible, has-dependents, already-reversed; 422 insufficient-funds), always held for a second person (202 {approvalId, status: "pending-approval", lines, …})',
    tag: 'corrections',
    roles: MAKERS,
    successStatus: 202,
    body: correctionRequest,
    handler: async (req) => req.deps.commands.requestCorrection(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/corrections',
    summary: 'Corrections of the fund (pending, approved, rejected): what each reverses, its 红字 lines, who asked and decided, when and why',
    tag: 'corrections',
    roles: READERS,
    successStatus: 200,
    query: correctionListQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const items = await req.deps.queries.listCorrections(fundId, req.query);
      return json({ items: items.map((c) => wire(correctionView, c)) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: ONE,
    summary: 'One correction',
    tag: 'corrections',
    roles: READERS,
    successStatus: 200,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const correction = await req.deps.queries.getCorrection(fundId, correctionIdOf(req.params));
      if (correction === undefined) throw notFound(`Unknown correction ${correctionIdOf(req.params)} in fund ${fundId}`);
      return json(wire(correctionView, correction));
    },
  }),
];
