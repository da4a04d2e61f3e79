// Manual matching (人工勾对, issue 19 §2): the finance bureau marks bank lines (by their report
// lineRef) and book entries as explaining each other; the next reconciliation run counts them
// matched (docs/month-end.md "Manual matching"). Undone by DELETE while the month is open.
import { matchRequest } from '../../commands/match-commands';
import { defineRoute, type Route } from '../route';
import { commandContext, fundIdOf } from './helpers';
import { monthParam } from './month-reports';

export const matchRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/v1/reconciliations/{month}/funds/{fundId}/matches',
    summary:
      'Match bank lines (lineRef from the report) with book entries ({streamId, version}) whose sums are equal, with a note (人工勾对); the next run counts them matched. 422 sides-differ, unknown-bank-line, unknown-book-entry, already-matched; 409 once the month is closed',
    tag: 'month-end',
    roles: ['finance-bureau'],
    successStatus: 201,
    body: matchRequest,
    handler: async (req) => req.deps.commands.recordMatch(monthParam(req), fundIdOf(req), req.body, commandContext(req)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/reconciliations/{month}/funds/{fundId}/matches/{matchId}',
    summary: 'Undo a manual match before the month closes (409 period-closed after); recorded as an event, nothing is erased',
    tag: 'month-end',
    roles: ['finance-bureau'],
    successStatus: 200,
    handler: async (req) => req.deps.commands.undoMatch(monthParam(req), fundIdOf(req), req.params.matchId ?? '', commandContext(req)),
  }),
];
