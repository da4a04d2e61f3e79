// Alerts (issue 5, issue 10 §3, issue 20 §3): every alert is an alert stream (indicator crossings
// judged by the alerts reactor, overdue loans, reconciliations with discrepancies), listed from the
// alert read model and acknowledged through the pipeline.
import * as z from 'zod';
import { id } from '../../../events/primitives';
import { alertView } from '../../store/read-models/views';
import { canAccessFund } from '../auth';
import { ApiProblem } from '../problems';
import { defineRoute, type Route } from '../route';
import { READERS, commandContext, json, wire } from './helpers';
import { alertListResponse } from '../responses';

const acknowledgementBody = z.strictObject({ note: z.string().trim().max(1000).default('') });

const alertQuery = z.strictObject({
  fundId: id.optional(),
  /** true: alerts not yet resolved (open or acknowledged); false: resolved ones; absent: all. */
  open: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});

export const alertRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/alerts',
    summary:
      'Indicator, overdue-loan and reconciliation alerts, oldest first (?fundId=, ?open=true|false: open = not yet resolved); a fund manager sees only its funds',
    tag: 'alerts',
    roles: READERS,
    successStatus: 200,
    response: alertListResponse,
    query: alertQuery,
    handler: async (req) => {
      const { fundId, open } = req.query;
      const principal = req.principal;
      // Same rule as a {fundId} path: asking for a fund the token may not see is a 403, not an empty list.
      if (fundId !== undefined && principal !== undefined && !canAccessFund(principal, fundId)) {
        throw new ApiProblem('forbidden', `This token may not read fund ${fundId}`);
      }
      const alerts = await req.deps.queries.listAlerts({ ...(fundId === undefined ? {} : { fundId }), ...(open === undefined ? {} : { open }) });
      const visible = principal === undefined ? alerts : alerts.filter((alert) => canAccessFund(principal, alert.fundId));
      return json({ items: visible.map((alert) => wire(alertView, alert)) });
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/v1/alerts/{alertId}/acknowledgements',
    summary:
      'Acknowledge an alert (finance bureau): 201 {alertId, fundId, status, acknowledged}; again → 201 with acknowledged false (the first who/when stands); unknown → 404. Every kind: indicator alerts (overdue ratio, fee rate, compensation rate, each naming the policyId whose threshold it crossed), overdue loans, reconciliations',
    tag: 'alerts',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: acknowledgementBody,
    handler: async (req) => {
      const result = await req.deps.commands.acknowledgeAlert(req.params.alertId ?? '', { note: req.body.note, on: req.deps.today() }, commandContext(req));
      return { status: result.status, body: result.body };
    },
  }),
];
