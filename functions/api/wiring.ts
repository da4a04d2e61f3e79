// Builds one API function's app from an environment and its route group: the Lambda handlers use
// process.env, the local stack its own values, so two stacks in one process never share settings.
import { createDynamoClient } from '../store/dynamo-client';
import { ENV } from '../shared/tables';
import { type ApiHandler, createApp } from './app';
import type { AuditWriter } from './audit';
import { authConfigFromEnv, createVerifier, type Verifier } from './auth';
import { createBaseDeps, type ApiDeps } from './deps';
import { apiLogger, type ApiLogger } from './logger';
import { functionOf } from './route';
import type { RouteGroup } from './route-group';
import { createRouter } from './router';

export const createApiFromEnv = (env: NodeJS.ProcessEnv, group: RouteGroup, options: { logger?: ApiLogger; deps?: ApiDeps; audit?: AuditWriter } = {}): ApiHandler => {
  // A route in the wrong group would be served by a function the gateway never sends it to.
  const strays = group.routes.filter((route) => functionOf(route) !== group.fn);
  if (strays.length > 0) throw new Error(`${group.fn} lists routes of other functions: ${strays.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  if (group.readUpload === undefined && group.routes.some((route) => route.files === true)) throw new Error(`${group.fn} has a files route but no upload reader`);
  let verify: Verifier | undefined;
  let deps: ApiDeps | undefined;
  return createApp({
    router: createRouter(group.routes, group.elsewhere),
    // Built on first use: a misconfigured key fails the request (500, logged), not the import.
    verify: (authorization) => (verify ??= createVerifier(authConfigFromEnv(env)))(authorization),
    deps: async () =>
      (deps ??= group.deps(
        options.deps ??
          createBaseDeps({ client: createDynamoClient(env[ENV.dynamoEndpoint]), eventsTableName: env[ENV.eventsTable], readTableName: env[ENV.readTable] }),
        env,
        options.deps,
      )),
    logger: options.logger ?? apiLogger,
    ...(group.readUpload === undefined ? {} : { readUpload: group.readUpload }),
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });
};
