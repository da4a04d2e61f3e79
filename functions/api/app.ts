// The API pipeline, independent of Lambda plumbing: route → size → auth → role/fund → content
// type → idempotency key → JSON → validation → handler → answer. handler.ts wraps it with middy;
// the local HTTP server and tests call the same function.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JsonValue } from '../store/types';
import { authorize, type Principal, type Role, type Verifier } from './auth';
import type { ApiDeps } from './deps';
import type { ApiLogger } from './logger';
import { ApiProblem, type FieldError, problemToJson, validationProblem } from './problems';
import { bodyText, parseJson, requestHash, requireIdempotencyKey, requireJsonContentType, validate } from './request';
import type { HttpMethod, RouteResult } from './route';
import type { Router } from './router';
import { toProblem } from './to-problem';

export interface AppOptions {
  router: Router;
  verify: Verifier;
  /** Resolved once per cold start; a promise so the handler file can stay synchronous. */
  deps: () => Promise<ApiDeps>;
  logger: ApiLogger;
}

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

const queryObject = (event: APIGatewayProxyEventV2): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) out[key] = value;
  return out;
};

const answer = (result: RouteResult, ids: Record<string, string>, problem = false): APIGatewayProxyStructuredResultV2 => ({
  statusCode: result.status,
  headers: {
    'content-type': problem ? 'application/problem+json' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...ids,
    ...result.headers,
  },
  ...(result.raw === undefined ? { body: JSON.stringify(result.body) } : { body: result.raw.body, isBase64Encoded: result.raw.base64 === true }),
});

export const createApp = (options: AppOptions): ApiHandler => async (event) => {
  const started = performance.now();
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const requestId = event.requestContext?.requestId ?? randomUUID();
  const incoming = headers['x-correlation-id'];
  const correlationId = incoming !== undefined && CORRELATION.test(incoming) ? incoming : randomUUID();
  const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
  const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
  const ids = { 'x-request-id': requestId, 'x-correlation-id': correlationId };
  let routeTemplate = 'unmatched';
  let principal: Principal | undefined;
  let rawBody: unknown;

  let result: APIGatewayProxyStructuredResultV2;
  try {
    const { route, params } = options.router(method, path);
    routeTemplate = `${route.method} ${route.path}`;
    const text = bodyText(event.body, event.isBase64Encoded);

    let role: Role | undefined;
    if (route.roles !== 'public') {
      principal = await options.verify(headers.authorization);
      role = authorize(principal, route.roles, params.fundId);
    }

    let idempotencyKey: string | undefined;
    if (route.method === 'POST') {
      requireJsonContentType(headers['content-type']);
      idempotencyKey = requireIdempotencyKey(headers['idempotency-key']);
      rawBody = parseJson(text);
    }

    // Body and query are validated together so every bad field is named in one answer.
    const errors: FieldError[] = [];
    const body = route.body === undefined ? { value: undefined } : validate(route.body, rawBody, 'body');
    const query = route.query === undefined ? { value: undefined } : validate(route.query, queryObject(event), 'query');
    if ('errors' in body) errors.push(...body.errors);
    if ('errors' in query) errors.push(...query.errors);
    if (!('value' in body) || !('value' in query) || errors.length > 0) throw validationProblem(errors);

    const routeResult = await route.handler({
      method: route.method as HttpMethod,
      path,
      params,
      body: body.value,
      query: query.value,
      principal,
      role,
      idempotencyKey,
      requestHash:
        idempotencyKey === undefined || principal === undefined
          ? undefined
          : requestHash({ method: route.method, path, body: rawBody, actor: principal.subject }),
      requestId,
      correlationId,
      deps: await options.deps(),
    });
    result = answer(routeResult, ids);
  } catch (error) {
    const problem = toProblem(error, rawBody);
    if (problem === undefined) {
      options.logger.error('unhandled error', { requestId, correlationId, route: routeTemplate, error: error as Error });
      const internal = new ApiProblem('internal', `Something went wrong; quote request id ${requestId}`);
      result = answer({ status: 500, body: problemToJson({ ...internal.toProblem(), instance: path }) as JsonValue }, ids, true);
    } else {
      result = answer({ status: problem.status, body: problemToJson({ ...problem.toProblem(), instance: path }), headers: problem.headers }, ids, true);
    }
  }
  // Path and template only: ids in paths are codes, never personal data; bodies are never logged.
  options.logger.info('request', {
    requestId,
    correlationId,
    method,
    route: routeTemplate,
    status: result.statusCode,
    durationMs: Math.round(performance.now() - started),
    actor: principal?.subject,
  });
  return result;
};
