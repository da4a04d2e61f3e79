// The route table. Each area keeps its routes in its own file and adds ONE import line here.
import type { Route } from '../route';
import { bookRoutes } from './book-routes';
import { fundRoutes } from './fund-routes';
import { healthRoute, openApiRoute } from './system-routes';

export type { Route } from '../route';

export const routes: Route[] = [];
routes.push(
  healthRoute,
  openApiRoute(() => routes),
  ...fundRoutes,
  ...bookRoutes,
);
