// The main API function's routes (functions/api/handler.ts): every command and query, and the
// OpenAPI document of the whole API, which describes apiFiles' routes from their specs.
import { ENV } from '../../shared/tables';
import { commandsOf } from '../deps';
import { bundledExamples } from '../examples/bundled-examples';
import { lambdaMonthEnd, type MonthEndStarter } from '../month-end-starter';
import type { RouteGroup } from '../route-group';
import type { Route } from '../route';
import { alertRoutes } from './alert-routes';
import { approvalRoutes } from './approval-routes';
import { bankBookRoutes } from './bank-book-routes';
import { bookRoutes } from './book-routes';
import { bridgeLoanRoutes } from './bridge-loan-routes';
import { cityRoutes } from './city-routes';
import { commitmentRoutes } from './commitment-routes';
import { correctionRoutes } from './correction-routes';
import { dashboardRoutes } from './dashboard-routes';
import { fileRouteSpecs } from './file-route-specs';
import { fundRoutes } from './fund-routes';
import { guaranteeRoutes } from './guarantee-routes';
import { matchRoutes } from './match-routes';
import { monthEndRoutes } from './month-end-routes';
import { policyRoutes } from './policy-routes';
import { provinceRoutes } from './province-routes';
import { subsidyRoutes } from './subsidy-routes';
import { healthRoute, openApiRoute } from './system-routes';
import { yearRoutes } from './year-routes';

const routes: Route[] = [];
routes.push(
  healthRoute,
  openApiRoute(() => [...routes, ...fileRouteSpecs]),
  ...cityRoutes,
  ...fundRoutes,
  ...bankBookRoutes,
  ...bookRoutes,
  ...guaranteeRoutes,
  ...bridgeLoanRoutes,
  ...commitmentRoutes,
  ...monthEndRoutes,
  ...matchRoutes,
  ...alertRoutes,
  ...dashboardRoutes,
  ...subsidyRoutes,
  ...approvalRoutes,
  ...policyRoutes,
  ...correctionRoutes,
  ...yearRoutes,
  ...provinceRoutes,
);

export const apiGroup: RouteGroup = {
  fn: 'api',
  routes,
  elsewhere: fileRouteSpecs,
  deps: (base, env, local) => {
    if (local !== undefined) return local;
    // POST /v1/reconciliations hands the run to the month-end function (the stack names it); without
    // one only that route fails, never the others.
    const monthEndFunction = env[ENV.monthEndFunction];
    const monthEnd: MonthEndStarter =
      monthEndFunction === undefined || monthEndFunction === ''
        ? { start: () => Promise.reject(new Error(`${ENV.monthEndFunction} is not set: no month-end function to start`)) }
        : lambdaMonthEnd(monthEndFunction);
    return { ...base, commands: commandsOf(base), monthEnd, operationExamples: bundledExamples() };
  },
};
