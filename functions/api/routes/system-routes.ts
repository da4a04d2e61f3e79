// Unauthenticated routes: liveness and the API's own description.
import { buildOpenApi } from '../openapi';
import { defineRoute, type Route, type RouteSpec } from '../route';
import { json } from './helpers';

export const healthRoute: Route = defineRoute({
  method: 'GET',
  path: '/health',
  summary: 'Liveness',
  tag: 'system',
  roles: 'public',
  successStatus: 200,
  handler: async () => json({ status: 'ok' }),
});

/**
 * The document describes every route, itself included and those other functions serve (from
 * their specs), so it takes the final table lazily.
 */
export const openApiRoute = (allRoutes: () => readonly RouteSpec[]): Route => {
  let document: ReturnType<typeof buildOpenApi> | undefined;
  return defineRoute({
    method: 'GET',
    path: '/v1/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    roles: 'public',
    successStatus: 200,
    handler: async (req) => json((document ??= buildOpenApi(allRoutes(), req.deps.operationExamples?.() ?? []))),
  });
};
