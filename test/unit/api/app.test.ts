// The pipeline in app.ts without HTTP or DynamoDB: what a route's failure turns into on the wire.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApp } from '../../../functions/api/app';
import type { ApiDeps } from '../../../functions/api/deps';
import { createRouter } from '../../../functions/api/router';
import { defineRoute, type Route } from '../../../functions/api/route';
import { ConcurrencyConflict } from '../../../functions/store/errors';
import { cityCounty } from '../../../functions/shared/city-county';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const principal = { subject: 'u', roles: ['finance-bureau' as const], funds: [], city: 'liaocheng' as const };

const appWith = (routes: Route[]) =>
  createApp({ router: createRouter(routes), verify: async () => principal, deps: async () => ({}) as ApiDeps, logger: silent });

const event = (method: string, path: string, body?: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  ({ rawPath: path, headers: { authorization: 'Bearer t', ...headers }, body, isBase64Encoded: false, requestContext: { requestId: 'req-1', http: { method } } }) as unknown as APIGatewayProxyEventV2;

const throwing = (error: unknown): Route =>
  defineRoute({ method: 'GET', path: '/boom', summary: '', tag: 't', roles: ['finance-bureau'], successStatus: 200, handler: async () => Promise.reject(error) });

describe('API pipeline', () => {
  it('answers an unexpected error with a bare 500 that leaks no message or stack', async () => {
    const result = await appWith([throwing(new Error('secret table name at /var/task/x.js:1'))])(event('GET', '/boom'));
    expect(result.statusCode).toBe(500);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(result.body).not.toMatch(/secret|var\/task|at /);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ type: 'https://fund-ledger.example/problems/internal', status: 500 });
  });

  it('answers a conflict left after the retries with 409 concurrency-conflict', async () => {
    const result = await appWith([throwing(new ConcurrencyConflict('fund-x', 3))])(event('GET', '/boom'));
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body ?? '{}').type).toBe('https://fund-ledger.example/problems/concurrency-conflict');
  });

  it('answers a store that cannot be reached with 503 problem+json and Retry-After, not 500', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const result = await appWith([throwing(refused)])(event('GET', '/boom'));
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '1' });
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ type: 'https://fund-ledger.example/problems/store-unavailable', status: 503 });
  });

  it('hands the handler parsed values and a request hash that depends on the body', async () => {
    const seen: (string | undefined)[] = [];
    const route = defineRoute({
      method: 'POST',
      path: '/things',
      summary: '',
      tag: 't',
      roles: ['finance-bureau'],
      successStatus: 201,
      body: z.object({ n: z.string() }),
      handler: async (req) => {
        seen.push(req.requestHash);
        return { status: 201, body: { n: req.body.n } };
      },
    });
    const app = appWith([route]);
    const post = (body: string) => app(event('POST', '/things', body, { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': 'k' }));
    expect((await post('{"n":"a"}')).statusCode).toBe(201);
    await post('{ "n" : "a" }');
    await post('{"n":"b"}');
    expect(seen[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(seen[1]).toBe(seen[0]); // whitespace does not change the request
    expect(seen[2]).not.toBe(seen[0]);
  });
});

describe('non-JSON answers', () => {
  it('sends a raw body with the route content type, base64 flagged for binary', async () => {
    const csv = defineRoute({
      method: 'GET',
      path: '/report',
      summary: '',
      tag: 't',
      roles: ['finance-bureau'],
      successStatus: 200,
      handler: async () => ({ status: 200, body: null, raw: { body: 'YWJj', base64: true }, headers: { 'content-type': 'application/octet-stream' } }),
    });
    const result = await appWith([csv])(event('GET', '/report'));
    expect(result).toMatchObject({ statusCode: 200, body: 'YWJj', isBase64Encoded: true });
    expect(result.headers?.['content-type']).toBe('application/octet-stream');
  });
});

describe("the acting city's scope", () => {
  it("judges the body in the caller's city: a Jinan token's Jinan county passes, a Liaocheng one is refused", async () => {
    const seen: string[] = [];
    const route = defineRoute({
      method: 'POST',
      path: '/counties',
      summary: '',
      tag: 't',
      roles: ['finance-bureau'],
      successStatus: 201,
      body: z.object({ county: cityCounty }),
      handler: async (req) => {
        seen.push(req.body.county);
        return { status: 201, body: {} };
      },
    });
    const app = createApp({ router: createRouter([route]), verify: async () => ({ ...principal, city: 'jinan' as const }), deps: async () => ({}) as ApiDeps, logger: silent });
    const post = (county: string) => app(event('POST', '/counties', JSON.stringify({ county }), { 'content-type': 'application/json', 'idempotency-key': county }));
    expect((await post('lixia')).statusCode).toBe(201);
    const refused = await post('chiping');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/body\.county/);
    expect(seen).toEqual(['lixia']);
  });
});
