// An API function's Lambda handler (API Gateway HTTP API, payload 2.0) for its route group: parse,
// call, answer — the pipeline is in app.ts. handler.ts and files-handler.ts each pass their group.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logAuditWriter } from './audit-log-writer';
import { apiLogger } from './logger';
import type { RouteGroup } from './route-group';
import { createApiFromEnv } from './wiring';

export const lambdaHandler = (group: RouteGroup) => {
  const app = createApiFromEnv(process.env, group, { audit: logAuditWriter });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .before((request) => apiLogger.addContext(request.context))
    .handler((event) => app(event));
};
