// Bridge fund: loans granted, repaid (answer states principal, fee and days), and their reads.
import { bridgeLoanView } from '../../store/read-models/views';
import { notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { bridgeLoanListQuery, grantBridgeLoanBody, repaymentBody } from '../schemas';
import { MANAGERS, READERS, commandContext, fundIdOf, json, requireFund, wire } from './helpers';
import { bridgeLoanListResponse } from '../responses';

const ONE = '/v1/funds/{fundId}/bridge-loans/{loanId}';

export const bridgeLoanRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/bridge-loans',
    summary: "Grant and disburse a bridge loan against the bank's renewal commitment",
    tag: 'bridge fund',
    roles: MANAGERS,
    successStatus: 201,
    body: grantBridgeLoanBody,
    handler: async (req) => req.deps.commands.grantBridgeLoan(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: `${ONE}/repayments`,
    summary: 'Repayment of principal with the fee (the policy in force: feeBpsPerDay, default 1 bp/day, × days used, at least 1); the answer names the policyId',
    tag: 'bridge fund',
    roles: MANAGERS,
    successStatus: 201,
    body: repaymentBody,
    handler: async (req) => req.deps.commands.repayBridgeLoan(fundIdOf(req), req.params.loanId ?? '', req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}/bridge-loans',
    summary: 'Bridge loans of the fund, filtered by status',
    tag: 'bridge fund',
    roles: READERS,
    successStatus: 200,
    response: bridgeLoanListResponse,
    query: bridgeLoanListQuery,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const items = await req.deps.queries.listBridgeLoans(fundId, req.query);
      return json({ items: items.map((l) => wire(bridgeLoanView, l)) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: ONE,
    summary: 'One bridge loan',
    tag: 'bridge fund',
    roles: READERS,
    successStatus: 200,
    handler: async (req) => {
      const fundId = await requireFund(req);
      const loanId = req.params.loanId ?? '';
      const loan = await req.deps.queries.getBridgeLoan(fundId, loanId);
      if (loan === undefined) throw notFound(`Unknown bridge loan ${loanId} in fund ${fundId}`);
      return json(wire(bridgeLoanView, loan));
    },
  }),
];
