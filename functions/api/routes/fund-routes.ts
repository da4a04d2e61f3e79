// Funds: set-up and fiscal cash in (finance bureau), the list every role sees.
import { formatYuan } from '../../../domain/money';
import { fundView } from '../../store/read-models/views';
import { notFound } from '../problems';
import { defineRoute, type Route } from '../route';
import { capitalInjectionBody, createFundBody, interestBody, openingBalanceBody } from '../schemas';
import { READERS, commandContext, fundIdOf, json, visibleFunds, wire } from './helpers';
import { fundListResponse, fundResponse } from '../responses';


export const fundRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/funds',
    summary: 'Set up a fund (its own book over its bank account)',
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: createFundBody,
    handler: (req) => req.deps.commands.createFund(req.body, req.deps.today(), commandContext(req)),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds',
    summary: 'Funds the caller may see, with cash at bank',
    tag: 'funds',
    roles: READERS,
    successStatus: 200,
    response: fundListResponse,
    handler: async (req) => {
      return json({ items: (await visibleFunds(req)).map((f) => ({ fundId: f.fundId, kind: f.kind, name: f.name, openedOn: f.openedOn, cash: formatYuan(f.cash) })) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/funds/{fundId}',
    summary: 'One fund with cash at bank',
    tag: 'funds',
    roles: READERS,
    successStatus: 200,
    response: fundResponse,
    handler: async (req) => {
      const fundId = fundIdOf(req);
      const fund = await req.deps.queries.getFund(fundId);
      if (fund === undefined) throw notFound(`Unknown fund ${fundId}`);
      const view = wire(fundView, { fundId: fund.fundId, kind: fund.kind, name: fund.name, openedOn: fund.openedOn, createdOn: fund.createdOn });
      return json({ ...(view as Record<string, string>), cash: formatYuan(fund.cash) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/capital-injections',
    summary: 'Fiscal capital paid into the fund (财政注资)',
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: capitalInjectionBody,
    // An unknown fund is the domain's not-found (404): no extra read on the write path.
    handler: async (req) => req.deps.commands.injectCapital(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/interest',
    summary: 'Interest the bank paid on the fund account',
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: interestBody,
    handler: async (req) => req.deps.commands.receiveInterest(fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/funds/{fundId}/opening-balances',
    summary: "A running fund's opening cash and paid-in capital (期初余额), once, on its openedOn (docs/migration.md)",
    tag: 'funds',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: openingBalanceBody,
    handler: async (req) => req.deps.commands.recordOpeningBalance(fundIdOf(req), req.body, commandContext(req)),
  }),
];
