// The access matrix (issue 13 §4): every route of the table × every kind of caller, each cell's
// expected answer derived from the route's declared roles. A refused caller gets 401 (no valid
// token) or 403 (valid token, wrong role or fund) — and 403 comes before 404, so a caller who may
// not see a fund cannot learn whether it exists.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/api/auth';
import type { Route } from '../../functions/api/route';
import { routes } from '../../functions/api/routes';
import { API_AUDIENCE, type CallInput, type InProcessApi, startInProcessApi } from '../support/in-process-api';
import { exampleOf, seedWorld, WORLD } from '../support/route-examples';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let api: InProcessApi;

beforeAll(async () => {
  api = startInProcessApi(db);
  await seedWorld(api);
}, 60_000);

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

type Caller =
  | { name: string; kind: 'valid'; role: Role; ownFund: boolean }
  | { name: string; kind: 'invalid'; token: (fundId: string) => Promise<string | undefined> };

const CALLERS: Caller[] = [
  { name: 'finance bureau', kind: 'valid', role: 'finance-bureau', ownFund: true },
  { name: 'manager of the fund', kind: 'valid', role: 'fund-manager', ownFund: true },
  { name: 'manager of another fund', kind: 'valid', role: 'fund-manager', ownFund: false },
  { name: 'auditor', kind: 'valid', role: 'auditor', ownFund: true },
  { name: 'no token', kind: 'invalid', token: async () => undefined },
  { name: 'expired token', kind: 'invalid', token: (fundId) => api.token('finance-bureau', [fundId], { expiresIn: Math.floor(Date.now() / 1000) - 60 }) },
  { name: 'token signed by another key', kind: 'invalid', token: (fundId) => api.token('finance-bureau', [fundId], { secret: 'not-the-stack-key-not-the-stack-key' }) },
  {
    name: 'alg none',
    kind: 'invalid',
    token: async (fundId) =>
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'mallory', iss: 'fund-ledger-local', aud: API_AUDIENCE, 'cognito:groups': ['finance-bureau'], funds: [fundId], exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
  },
  { name: 'token for another audience', kind: 'invalid', token: (fundId) => api.token('finance-bureau', [fundId], { audience: 'some-other-service' }) },
];

/** 401, 403, or 'allowed' (anything below 500 other than 401/403), from the route's declared roles. */
const expected = (route: Route, caller: Caller): 401 | 403 | 'allowed' => {
  if (route.roles === 'public') return 'allowed';
  if (caller.kind === 'invalid') return 401;
  if (!route.roles.includes(caller.role)) return 403;
  const fundScoped = route.path.includes('{fundId}');
  if (fundScoped && caller.role === 'fund-manager' && !caller.ownFund) return 403;
  return 'allowed';
};

const tokenOf = async (caller: Caller, fundId: string): Promise<string | undefined> =>
  caller.kind === 'invalid' ? caller.token(fundId) : api.token(caller.role, caller.ownFund ? [fundId] : ['someotherfund']);

/** The route's example request, in its own fund or in one that does not exist. */
const requestOf = (route: Route, token: string | undefined, unknownFund: boolean): CallInput => {
  const example = exampleOf(route);
  const path = unknownFund && example.params.fundId !== undefined ? example.path.replace(`/funds/${example.params.fundId}`, '/funds/nosuchfund') : example.path;
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  if (route.method === 'POST') Object.assign(headers, { 'content-type': 'application/json' });
  if (route.method !== 'GET') Object.assign(headers, { 'idempotency-key': `access-${Math.random()}` });
  return { method: route.method, path, headers, ...(example.body === undefined ? {} : { body: example.body }) };
};

describe('access matrix', () => {
  it('answers every route × caller cell as the route declares, 403 before 404', async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const route of routes) {
      for (const caller of CALLERS) {
        for (const unknownFund of route.path.includes('{fundId}') ? [false, true] : [false]) {
          const fundId = unknownFund ? 'nosuchfund' : exampleOf(route).params.fundId ?? WORLD.bridge;
          const answer = await api.call(requestOf(route, await tokenOf(caller, fundId), unknownFund));
          const want = expected(route, caller);
          cells += 1;
          const ok = want === 'allowed' ? answer.status < 500 && answer.status !== 401 && answer.status !== 403 : answer.status === want;
          if (!ok) wrong.push(`${route.method} ${route.path}${unknownFund ? ' (unknown fund)' : ''} as ${caller.name}: ${answer.status}, expected ${want}`);
          if (want === 401) expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
        }
      }
    }
    console.log(`access matrix: ${cells} cells over ${routes.length} routes × ${CALLERS.length} callers`);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('shows a manager of another fund neither the fund nor whether it exists', async () => {
    const stranger = await api.token('fund-manager', ['someotherfund']);
    const known = await api.get(`/v1/funds/${WORLD.bridge}/balances`, stranger);
    const unknown = await api.get('/v1/funds/nosuchfund/balances', stranger);
    expect([known.status, unknown.status]).toEqual([403, 403]);
    expect(known.body.detail).toBe(`This token may not act on fund ${WORLD.bridge}`);
    const list = await api.get('/v1/funds', stranger);
    expect(list.body.items).toEqual([]);
  });
});
