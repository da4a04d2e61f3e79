// The typed API client: openapi-fetch over the paths generated from the route table
// (client/api-schema.d.ts), with the session's bearer token. A changed route breaks this build.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../client/api-schema';

export type { paths } from '../../../client/api-schema';
export type Problem = components['schemas']['Problem'];

/** The JSON body a route answers with on success, as the OpenAPI document declares it. */
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer S }
    ? JsonOf<S>
    : R extends { 201: infer S }
      ? JsonOf<S>
      : R extends { 202: infer S }
        ? JsonOf<S>
        : never
  : never;

/** A non-2xx answer, carrying the API's problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    const fields = (problem.errors ?? []).map((e) => `${e.field ?? ''}: ${e.message ?? ''}`).join('; ');
    super([problem.title ?? `HTTP ${status}`, problem.detail, fields].filter((part) => part !== undefined && part !== '').join(' — '));
    this.name = 'ApiError';
  }
}

export type Api = ReturnType<typeof createApi>;

/**
 * `city`: the city a province user is viewing (auth/city-view.ts), sent as ?city= with every request
 * but the province's own routes; undefined for everyone else.
 */
export const createApi = (baseUrl: string, token: () => string | undefined, onUnauthorized: () => void, city: () => string | undefined = () => undefined) => {
  const client = createClient<paths>({ baseUrl });
  /**
   * A request the API described to us rather than one we typed: a register row's `request` (the
   * validation route names method, path, body and idempotency key of each valid row).
   */
  const send = async (request: { method: string; path: string; body: unknown; idempotencyKey: string }): Promise<Response> => {
    const bearer = token();
    return fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey, ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) },
      body: JSON.stringify(request.body),
    });
  };
  const auth: Middleware = {
    onRequest: ({ request }) => {
      const bearer = token();
      if (bearer !== undefined) request.headers.set('authorization', `Bearer ${bearer}`);
      const viewing = city();
      const url = new URL(request.url);
      if (viewing === undefined || url.pathname.includes('/v1/province/')) return request;
      url.searchParams.set('city', viewing);
      return new Request(url, request);
    },
    onResponse: ({ response }) => {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return Object.assign(client, { send });
};

/** The data of an openapi-fetch answer, or an ApiError with its problem. */
export const data = async <T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => {
  const { data: body, error, response } = await pending;
  if (!response.ok || body === undefined) throw new ApiError(response.status, (error ?? {}) as Partial<Problem>);
  return body;
};

/** A fresh idempotency key for a command the user asked for once. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
