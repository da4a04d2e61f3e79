// A route is data: method, path template, who may call it, the zod schemas of its input (which
// also feed the OpenAPI document), the function that serves it, and a handler that gets parsed
// input and returns an answer. Route files export arrays of these; each function's group
// (routes/api-group.ts, routes/api-files-group.ts) lists its own, routes/index.ts joins them.
import type { z } from 'zod';
import type { UploadedTable } from '../files/table';
import { type ApiFunctionName, MAIN_API_FUNCTION } from '../shared/functions';
import type { JsonValue } from '../store/types';
import type { Principal, Role } from './auth';
import type { ApiDeps } from './deps';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** A command changes something: it takes an Idempotency-Key (a DELETE carries no body). */
export const isCommandMethod = (method: HttpMethod): boolean => method !== 'GET';

export interface RouteRequest<TBody = unknown, TQuery = unknown> {
  method: HttpMethod;
  /** The request path as received, e.g. /v1/funds/f1/guarantees. */
  path: string;
  /** Path parameters by template name ({fundId} → params.fundId), already checked against the id pattern. */
  params: Record<string, string>;
  /** The validated JSON body; undefined (not validated) when a files route received a file instead. */
  body: TBody;
  query: TQuery;
  /** Request headers, names lower-cased (e.g. `accept` for routes that negotiate their answer). */
  headers?: Readonly<Record<string, string | undefined>>;
  /** A files route's upload (CSV/XLSX/multipart), decoded to a table; undefined on a JSON body. */
  file?: UploadedTable;
  /** Absent only on public routes. */
  principal: Principal | undefined;
  /** The role the request acts under (the first of the route's roles the principal holds). */
  role: Role | undefined;
  /** Present on every POST (the API refuses a POST without one). */
  idempotencyKey: string | undefined;
  /** sha-256 of the canonical {method, path, body, actor} (for a file: its sha-256, format and fields); pairs with the idempotency key. */
  requestHash: string | undefined;
  requestId: string;
  correlationId: string;
  deps: ApiDeps;
}

export interface RouteResult {
  status: number;
  body: JsonValue;
  headers?: Record<string, string>;
  /** A non-JSON answer (CSV text, or base64 bytes such as XLSX): sent as is instead of `body`; set content-type in headers. */
  raw?: { body: string; base64?: boolean };
}

export interface Route<TBody = unknown, TQuery = unknown> {
  method: HttpMethod;
  /** OpenAPI-style template: /v1/funds/{fundId}/guarantees/{guaranteeId}. */
  path: string;
  summary: string;
  /** Who may call it; 'public' skips authentication (health, the OpenAPI document). */
  roles: readonly Role[] | 'public';
  /** Status of a successful answer (documented in OpenAPI). */
  successStatus: number;
  body?: z.ZodType<TBody, unknown>;
  query?: z.ZodType<TQuery, unknown>;
  /**
   * The success body's wire shape, when declared: documented in OpenAPI so the dashboard's generated
   * client types follow the route (a changed answer breaks the dashboard's build, not its page).
   */
  response?: z.ZodType;
  /**
   * The route also takes a file as its body (text/csv, XLSX or multipart/form-data with a `file`
   * part, up to 5 MB): the handler then gets `file` and no `body`. JSON bodies still work.
   */
  files?: boolean;
  /** Tag grouping the route in the OpenAPI document. */
  tag: string;
  /**
   * The Lambda function serving the route (functions/shared/functions.ts); absent: the main API.
   * That function's group (routes/*-group.ts) must list it, and no other may.
   */
  fn?: ApiFunctionName;
  // Method syntax on purpose: it lets a Route<Specific> sit in a Route[] (parameter bivariance).
  handler(request: RouteRequest<TBody, TQuery>): Promise<RouteResult>;
}

/** Identity with inference: write routes as defineRoute({...}) to get typed body and query. */
export const defineRoute = <TBody = undefined, TQuery = undefined>(route: Route<TBody, TQuery>): Route<TBody, TQuery> => route;

/**
 * A route without its handler: what the OpenAPI document and the gateway's routing need. A
 * function that documents or refuses routes served by another reads their specs, not their code.
 */
export type RouteSpec<TBody = unknown, TQuery = unknown> = Omit<Route<TBody, TQuery>, 'handler'>;
export const defineSpec = <TBody = undefined, TQuery = undefined>(spec: RouteSpec<TBody, TQuery>): RouteSpec<TBody, TQuery> => spec;

/** The function that serves a route. */
export const functionOf = (route: Pick<Route, 'fn'>): ApiFunctionName => route.fn ?? MAIN_API_FUNCTION;

/** The route's OpenAPI operationId (postV1FundsFundIdGuarantees), also the command type the audit log records. */
export const operationIdOf = (route: Pick<RouteSpec, 'method' | 'path'>): string =>
  `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/(^|[/-])([a-zA-Z])/g, (_m, _s: string, c: string) => c.toUpperCase())}`;

export const ok = (body: JsonValue, status = 200): RouteResult => ({ status, body });
