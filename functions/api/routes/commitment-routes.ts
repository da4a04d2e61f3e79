// Guidance fund: commitments to sub-funds, capital calls and their payment, distributions.
import { commitmentView } from '../../store/read-models/views';
import { notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { capitalCallBody, capitalCallPaymentBody, distributionBody, makeCommitmentBody } from '../schemas';
import { MANAGERS, READERS, commandContext, fundIdOf, json, requireFund, wire } from './helpers';
import { commitmentListResponse } from '../responses';

const ONE = '/v1/funds/{fundId}/commitments/{commitmentId}';

export const commitmentRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/commitments',
    summary: 'Commit to a sub-fund (government share ≤ 25 %, 30 % in priority sectors)',
    tag: 'guidance fund',
    roles: MANAGERS,
    successStatus: 201,
    body: makeCommitmentBody,
    handler: async (req) => req.deps.commands.makeCommitment(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/capital-calls`,
    summary: 'The sub-fund calls capital (never more than the unfunded commitment)',
    tag: 'guidance fund',
    roles: MANAGERS,
    successStatus: 201,
    body: capitalCallBody,
    handler: async (req) => req.deps.commands.callCapital(fundIdOf(req), req.params.commitmentId ?? '', req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/capital-calls/{callId}/payments`,
    summary: 'Pay a capital call from the fund account',
    tag: 'guidance fund',
    roles: MANAGERS,
    successStatus: 201,
    body: capitalCallPaymentBody,
    handler: async (req) =>
      req.deps.commands.payCapitalCall(fundIdOf(req), req.params.commitmentId ?? '', req.params.callId ?? '', req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/distributions`,
    summary: 'A distribution received: return of capital and gain',
    tag: 'guidance fund',
    roles: MANAGERS,
    successStatus: 201,
    body: distributionBody,
    handler: async (req) => req.deps.commands.recordDistribution(fundIdOf(req), req.params.commitmentId ?? '', req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/commitments',
    summary: 'Commitments of the fund',
    tag: 'guidance fund',
    roles: READERS,
    successStatus: 200,
    response: commitmentListResponse,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const items = await req.deps.queries.listCommitments(fundId);
      return json({ items: items.map((c) => wire(commitmentView, c)) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: ONE,
    summary: 'One commitment with its calls and distributions',
    tag: 'guidance fund',
    roles: READERS,
    successStatus: 200,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const commitmentId = req.params.commitmentId ?? '';
      const commitment = await req.deps.queries.getCommitment(fundId, commitmentId);
      if (commitment === undefined) throw notFound(`Unknown commitment ${commitmentId} in fund ${fundId}`);
      return json(wire(commitmentView, commitment));
    },
  }),
];
