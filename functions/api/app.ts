// The API pipeline, independent of Lambda plumbing: route → size → auth → role/fund → content
// type → idempotency key → JSON → validation → handler → answer. handler.ts wraps it with middy;
// the local HTTP server and tests call the same function.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ObservedAppends, observeAppends } from '../store/append-observer';
import type { JsonValue } from '../store/types';
import { type AuditWriter, auditRecord } from './audit';
import { actingCity, authorize, type Principal, type Role, type Verifier } from './auth';
import type { CityId } from '../../events/cities';
import { withCity } from '../shared/city-scope';
import type { ApiDeps } from './deps';
import type { ApiLogger } from './logger';
import { ApiProblem, type FieldError, type Problem, problemToJson, validationProblem } from './problems';
import type { UploadedTable } from '../files/table';
import { bodyBytes, MAX_BODY_BYTES, parseJson, requestHash, requireIdempotencyKey, requireJsonContentType, validate } from './request';
import { type HttpMethod, isCommandMethod, operationIdOf, type RouteResult } from './route';
import type { Router } from './router';
import { toProblem } from './to-problem';
import { isFileMediaType, MAX_FILE_BYTES, type UploadReader } from './upload';

export interface AppOptions {
  router: Router;
  verify: Verifier;
  /** Resolved once per cold start; a promise so the handler file can stay synchronous. */
  deps: () => Promise<ApiDeps>;
  logger: ApiLogger;
  /**
   * Reads file bodies for routes that declare `files: true` (upload-reader.ts). Only the function
   * serving such routes passes it, so the others' bundles leave out csv-parse and the XLSX reader.
   */
  readUpload?: UploadReader;
  /** Writes the request's audit record (audit.ts); absent, none is written (unit tests, in-memory stacks). */
  audit?: AuditWriter;
  /** The audit record's clock; injectable for tests. */
  now?: () => Date;
}

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** The method and path a request names, as the router (and the local gateway) match them. */
export const requestLine = (event: APIGatewayProxyEventV2): { method: string; path: string } => ({
  method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
  path: event.rawPath ?? event.requestContext?.http?.path ?? '/',
});

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
  const { method, path } = requestLine(event);
  const ids = { 'x-request-id': requestId, 'x-correlation-id': correlationId };
  let routeTemplate = 'unmatched';
  let principal: Principal | undefined;
  // What the audit record needs beyond the answer: filled in as the pipeline gets that far.
  let role: Role | undefined;
  let city: CityId | undefined;
  let matchedParams: Record<string, string> = {};
  let command: string | undefined;
  let idempotencyKey: string | undefined;
  let refusal: Problem | undefined;
  const appends: ObservedAppends = { streams: [], replayed: false };

  let result: APIGatewayProxyStructuredResultV2;
  try {
    const { route, params } = options.router(method, path);
    routeTemplate = `${route.method} ${route.path}`;
    matchedParams = params;
    if (isCommandMethod(route.method)) command = operationIdOf(route);
    const takesFiles = route.files === true;
    const bytes = bodyBytes(event.body, event.isBase64Encoded, takesFiles ? MAX_FILE_BYTES : MAX_BODY_BYTES);

    const rawQuery = queryObject(event);
    if (route.roles !== 'public') {
      principal = await options.verify(headers.authorization);
      role = authorize(principal, route.roles, params.fundId);
      city = actingCity(principal, rawQuery.city);
      // The province's `city` chose the scope; the route's own query never sees it.
      if (principal.roles.includes('province')) delete rawQuery.city;
    }

    let rawBody: unknown;
    let file: UploadedTable | undefined;
    if (route.method === 'DELETE') idempotencyKey = requireIdempotencyKey(headers['idempotency-key']);
    if (route.method === 'POST') {
      const contentType = headers['content-type'];
      const isFile = takesFiles && isFileMediaType(contentType);
      // A files route reads every non-JSON body as a file (its bytes say which), so only JSON-only routes refuse here.
      if (!isFile) requireJsonContentType(contentType);
      idempotencyKey = requireIdempotencyKey(headers['idempotency-key']);
      if (isFile) {
        if (options.readUpload === undefined) throw new Error(`${routeTemplate} takes files but this app has no upload reader`);
        file = await options.readUpload(contentType, bytes, queryObject(event));
        // The same key with another file (or other fields) must not replay the first answer.
        rawBody = { file: { sha256: file.sha256, format: file.format }, fields: file.fields };
      } else {
        rawBody = parseJson(bytes.toString('utf8'));
      }
    }

    // Everything the route reads or writes is the acting city's (functions/store/city-keys.ts), and
    // so are the values its input is judged by (a county is the city's: functions/shared/city-county.ts).
    const inCity = <T>(work: () => T): T => (city === undefined ? work() : withCity(city, work));

    // Body and query are validated together so every bad field is named in one answer.
    const errors: FieldError[] = [];
    const { body: bodySchema, query: querySchema } = route;
    const body = bodySchema === undefined || file !== undefined ? { value: undefined } : inCity(() => validate(bodySchema, rawBody, 'body'));
    const query = querySchema === undefined ? { value: undefined } : inCity(() => validate(querySchema, rawQuery, 'query'));
    if ('errors' in body) errors.push(...body.errors);
    if ('errors' in query) errors.push(...query.errors);
    if (!('value' in body) || !('value' in query) || errors.length > 0) throw validationProblem(errors);

    const routeResult = await inCity(() => observeAppends(appends, async () => route.handler({
      method: route.method as HttpMethod,
      path,
      params,
      headers,
      // A file replaces the body: the route's handler looks at `file` first.
      body: body.value as unknown,
      query: query.value,
      ...(file === undefined ? {} : { file }),
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
    })));
    result = answer(routeResult, ids);
  } catch (error) {
    const problem = toProblem(error);
    if (problem === undefined) {
      options.logger.error('unhandled error', { requestId, correlationId, route: routeTemplate, error: error as Error });
      const internal = new ApiProblem('internal', `Something went wrong; quote request id ${requestId}`);
      refusal = internal.toProblem();
      result = answer({ status: 500, body: problemToJson({ ...refusal, instance: path }) as JsonValue }, ids, true);
    } else {
      refusal = problem.toProblem();
      result = answer({ status: problem.status, body: problemToJson({ ...refusal, instance: path }), headers: problem.headers }, ids, true);
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
  if (options.audit !== undefined) {
    const record = auditRecord({
      event, requestId, correlationId, method, path, route: routeTemplate, params: matchedParams, command, idempotencyKey, principal, role, city,
      status: result.statusCode ?? 200, durationMs: Math.round(performance.now() - started), problem: refusal, appends, now: (options.now ?? (() => new Date()))(),
    });
    // An audit store that fails is an operations alarm (the error log), never a changed answer:
    // a command that landed has landed.
    await options.audit(record).catch((error: unknown) => options.logger.error('audit record not written', { requestId, error: error as Error }));
  }
  return result;
};
