// The API handler run in process over DynamoDB Local: the same createApp, router, auth and
// routes as the Lambda and the local HTTP server, without a socket per request. The hostile-input,
// access-matrix and race tests drive it; a fingerprint of both tables tells whether a request
// changed anything.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SignJWT } from 'jose';
import type { CityId } from '../../events/cities';
import { LOCAL_ISSUER, type Role } from '../../functions/api/auth';
import { type ApiDeps, createDeps } from '../../functions/api/deps';
import type { ApiLogger } from '../../functions/api/logger';
import { createLocalApi } from '../../infra/local/api-gateway';

/** The audience the in-process API requires, so a token minted for another service is refused. */
export const API_AUDIENCE = 'fund-ledger-api';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: Record<string, unknown>;
}

export interface CallInput {
  method: string;
  /** Path with an optional query string. */
  path: string;
  headers?: Record<string, string>;
  /** Sent as is (hostile input is raw text); objects are JSON-encoded. */
  body?: string | object;
  base64?: boolean;
}

export interface InProcessApi {
  deps: ApiDeps;
  secret: string;
  call(input: CallInput): Promise<Answer>;
  /** A token as the local stack signs it, with the audience the API requires; options spoil it. */
  token(role: Role, funds?: string[], options?: { audience?: string; expiresIn?: string | number; secret?: string; subject?: string; city?: CityId }): Promise<string>;
  /** POST with JSON, a bearer token and a fresh Idempotency-Key unless given. */
  post(path: string, body: unknown, token: string, key?: string): Promise<Answer>;
  get(path: string, token: string): Promise<Answer>;
}

const silent: ApiLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const startInProcessApi = (tables: { client: DynamoDBClient; eventsTableName: string; readTableName: string }, now?: () => Date): InProcessApi => {
  const secret = randomBytes(32).toString('hex');
  const deps = createDeps({ ...tables, ...(now === undefined ? {} : { now }) });
  const handler = createLocalApi({ LOCAL_JWT_SECRET: secret, AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: API_AUDIENCE }, { logger: silent, deps });

  const call = async (input: CallInput): Promise<Answer> => {
    const [rawPath = '/', rawQuery = ''] = input.path.split(/\?(.*)/s);
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v; // API Gateway v2 keeps the last of a repeated key
    const body = input.body === undefined ? undefined : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: rawQuery,
      headers: Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      ...(rawQuery === '' ? {} : { queryStringParameters: query }),
      requestContext: { requestId: randomUUID(), http: { method: input.method, path: rawPath } },
      ...(body === undefined ? {} : { body }),
      isBase64Encoded: input.base64 === true,
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event);
    const text = typeof result.body === 'string' ? result.body : '';
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON (CSV, XLSX): callers look at text
    }
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { status: result.statusCode ?? 0, headers, text, body: parsed };
  };

  const token: InProcessApi['token'] = (role, funds = [], options = {}) =>
    // No `city` claim unless asked: such a token acts within the default city (liaocheng).
    new SignJWT({ 'cognito:groups': [role], funds, ...(options.city === undefined ? {} : { city: options.city }) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(options.subject ?? `test-${role}`)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(options.audience ?? API_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(new TextEncoder().encode(options.secret ?? secret));

  return {
    deps,
    secret,
    call,
    token,
    post: (path, body, bearer, key) =>
      call({
        method: 'POST',
        path,
        body: body as object,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'idempotency-key': key ?? randomUUID() },
      }),
    get: (path, bearer) => call({ method: 'GET', path, headers: { authorization: `Bearer ${bearer}` } }),
  };
};

/** sha-256 over every item of the given tables, in key order: equal fingerprints, unchanged store. */
export const storeFingerprint = async (client: DynamoDBClient, tableNames: readonly string[]): Promise<string> => {
  const hash = createHash('sha256');
  for (const tableName of tableNames) {
    const rows: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start === undefined ? {} : { ExclusiveStartKey: start as never }) }));
      for (const item of page.Items ?? []) rows.push(JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    hash.update(`${tableName}\n${rows.sort().join('\n')}\n`);
  }
  return hash.digest('hex');
};
