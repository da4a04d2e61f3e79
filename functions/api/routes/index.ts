// The route table. Each area keeps its routes in its own file and adds ONE import line here.
import type { Route } from '../route';
import { alertRoutes } from './alert-routes';
import { bookRoutes } from './book-routes';
import { bridgeLoanRoutes } from './bridge-loan-routes';
import { commitmentRoutes } from './commitment-routes';
import { dashboardRoutes } from './dashboard-routes';
import { fundRoutes } from './fund-routes';
import { guaranteeRoutes } from './guarantee-routes';
import { healthRoute, openApiRoute } from './system-routes';
import { monthEndRoutes } from './month-end-routes';
import { subsidyRoutes } from './subsidy-routes';
import { approvalRoutes } from './approval-routes';
import { registerRoutes } from './register-routes';

export type { Route } from '../route';

export const routes: Route[] = [];
routes.push(
  healthRoute,
  openApiRoute(() => routes),
  ...fundRoutes,
  ...bookRoutes,
  ...guaranteeRoutes,
  ...bridgeLoanRoutes,
  ...commitmentRoutes,
  ...monthEndRoutes,
  ...alertRoutes,
  ...dashboardRoutes,
  ...subsidyRoutes,
  ...approvalRoutes,
  ...registerRoutes,
);
