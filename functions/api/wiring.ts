// Builds the API from an environment: the Lambda handler uses process.env, the local stack its
// own values, so two stacks in one process never share settings.
import { createDynamoClient } from '../store/dynamo-client';
import { ENV } from '../../infra/shared/tables';
import { type ApiHandler, createApp } from './app';
import { authConfigFromEnv, createVerifier, type Verifier } from './auth';
import { createDeps, type ApiDeps } from './deps';
import { apiLogger, type ApiLogger } from './logger';
import { createRouter } from './router';
import { routes } from './routes';

export const createApiFromEnv = (env: NodeJS.ProcessEnv, options: { logger?: ApiLogger; deps?: ApiDeps } = {}): ApiHandler => {
  let verify: Verifier | undefined;
  let deps: ApiDeps | undefined;
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
        })),
    logger: options.logger ?? apiLogger,
  });
};
