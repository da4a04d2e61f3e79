// The local stand-in for API Gateway's routing (infra/constructs/http-api.ts in the cloud): one app
// per API function, each built from its own route group and dependencies, and a request whose
// method and path match a route the table assigns to another function goes to that function;
// everything else goes to the main API. The local stack thus serves every route through the same
// split as the cloud.
import type { ApiHandler } from '../../functions/api/app';
import { requestLine } from '../../functions/api/app';
import type { AuditWriter } from '../../functions/api/audit';
import type { ApiDeps } from '../../functions/api/deps';
import type { ApiLogger } from '../../functions/api/logger';
import { functionOf } from '../../functions/api/route';
import { templatePattern } from '../../functions/api/router';
import { routedElsewhere, routeGroups } from '../../functions/api/routes';
import { createApiFromEnv } from '../../functions/api/wiring';
import { API_FUNCTIONS, type ApiFunctionName, MAIN_API_FUNCTION } from '../../functions/shared/functions';

export const createLocalApi = (env: NodeJS.ProcessEnv, options: { logger?: ApiLogger; deps?: ApiDeps; audit?: AuditWriter } = {}): ApiHandler => {
  const apps = Object.fromEntries(API_FUNCTIONS.map((name) => [name, createApiFromEnv(env, routeGroups[name], options)])) as Record<ApiFunctionName, ApiHandler>;
  const gatewayRoutes = routedElsewhere.map((route) => ({ method: route.method as string, pattern: templatePattern(route.path).pattern, fn: functionOf(route) }));
  return (event) => {
    const { method, path } = requestLine(event);
    const target = gatewayRoutes.find((route) => route.method === method && route.pattern.test(path))?.fn ?? MAIN_API_FUNCTION;
    return apps[target](event);
  };
};
