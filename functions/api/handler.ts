// API Lambda (API Gateway HTTP API, payload 2.0): parse, call, answer — the pipeline is in app.ts.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { apiLogger } from './logger';
import { createApiFromEnv } from './wiring';

const app = createApiFromEnv(process.env);

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .before((request) => apiLogger.addContext(request.context))
  .handler((event) => app(event));
