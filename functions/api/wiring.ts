// Builds the API from an environment: the Lambda handler uses process.env, the local stack its
// own values, so two stacks in one process never share settings.
import { createDynamoClient } from '../store/dynamo-client';
import { ENV } from '../shared/tables';
import { type ApiHandler, createApp } from './app';
import { authConfigFromEnv, createVerifier, type Verifier } from './auth';
import { createDeps, type ApiDeps } from './deps';
import { lambdaMonthEnd } from './month-end-starter';
import { apiLogger, type ApiLogger } from './logger';
import { createRouter } from './router';
import { routes } from './routes';

export const createApiFromEnv = (env: NodeJS.ProcessEnv, options: { logger?: ApiLogger; deps?: ApiDeps } = {}): ApiHandler => {
  let verify: Verifier | undefined;
  let deps: ApiDeps | undefined;
  const monthEndFunction = env[ENV.monthEndFunction];
  return createApp({
    router: createRouter(routes),
    // Built on first use: a misconfigured key fails the request (500, logged), not the import.
    verify: (authorization) => (verify ??= createVerifier(authConfigFromEnv(env)))(authorization),
    deps: async () =>
      (deps ??=
        options.deps ??
        createDeps({
          client: createDynamoClient(env[ENV.dynamoEndpoint]),
          eventsTableName: env[ENV.eventsTable],
          readTableName: env[ENV.readTable],
          // In Lambda the run goes to the month-end function; without one (locally) it runs in process.
          ...(monthEndFunction ? { monthEnd: lambdaMonthEnd(monthEndFunction) } : {}),
        })),
    logger: options.logger ?? apiLogger,
  });
};
