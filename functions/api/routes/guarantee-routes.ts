// Risk pool: guarantees and what happens to them (issue, fee, release, default, recovery).
import { guaranteeView } from '../../store/read-models/views';
import { notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { compensationBody, guaranteeFeeBody, guaranteeListQuery, issueGuaranteeBody, occurredOnBody, recoveryBody } from '../schemas';
import { MANAGERS, READERS, commandContext, fundIdOf, json, requireFund, wire } from './helpers';
import { guaranteeListResponse } from '../responses';

const ONE = '/v1/funds/{fundId}/guarantees/{guaranteeId}';

const guaranteeIdOf = (params: Record<string, string>): string => params.guaranteeId ?? '';

export const guaranteeRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/guarantees',
    summary: 'Record a guarantee the pool re-insures (its business date is startsOn)',
    tag: 'risk pool',
    roles: MANAGERS,
    successStatus: 201,
    body: issueGuaranteeBody,
    handler: async (req) => req.deps.commands.issueGuarantee(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/fees`,
    summary: "Guarantee fee collected (the guarantor's income; feeds the fee-rate indicator only)",
    tag: 'risk pool',
    roles: MANAGERS,
    successStatus: 201,
    body: guaranteeFeeBody,
    handler: async (req) => req.deps.commands.collectGuaranteeFee(fundIdOf(req), guaranteeIdOf(req.params), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/releases`,
    summary: 'The guaranteed loan was repaid: exposure released',
    tag: 'risk pool',
    roles: MANAGERS,
    successStatus: 201,
    body: occurredOnBody,
    handler: async (req) => req.deps.commands.releaseGuarantee(fundIdOf(req), guaranteeIdOf(req.params), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/compensations`,
    summary: "Default: the pool pays its share of the principal loss (代偿补偿), in full or not at all",
    tag: 'risk pool',
    roles: MANAGERS,
    successStatus: 201,
    body: compensationBody,
    handler: async (req) => req.deps.commands.compensateDefault(fundIdOf(req), guaranteeIdOf(req.params), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/recoveries`,
    summary: "Recovery after a default: the pool's share of (amount − costs) flows back",
    tag: 'risk pool',
    roles: MANAGERS,
    successStatus: 201,
    body: recoveryBody,
    handler: async (req) => req.deps.commands.recordRecovery(fundIdOf(req), guaranteeIdOf(req.params), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/guarantees',
    summary: 'Guarantees of the fund, filtered by status, county or borrower category',
    tag: 'risk pool',
    roles: READERS,
    successStatus: 200,
    response: guaranteeListResponse,
    query: guaranteeListQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const items = await req.deps.queries.listGuarantees(fundId, req.query);
      return json({ items: items.map((g) => wire(guaranteeView, g)) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: ONE,
    summary: 'One guarantee',
    tag: 'risk pool',
    roles: READERS,
    successStatus: 200,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const guarantee = await req.deps.queries.getGuarantee(fundId, guaranteeIdOf(req.params));
      if (guarantee === undefined) throw notFound(`Unknown guarantee ${guaranteeIdOf(req.params)} in fund ${fundId}`);
      return json(wire(guaranteeView, guarantee));
    },
  }),
];
