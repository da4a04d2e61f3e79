// The access matrix (issue 13 §4): every route of the table × every kind of caller, each cell's
// expected answer derived from the route's declared roles. A refused caller gets 401 (no valid
// token) or 403 (valid token, wrong role or fund) — and 403 comes before 404, so a caller who may
// not see a fund cannot learn whether it exists.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/api/auth';
import type { Route } from '../../functions/api/route';
import { routes } from '../../functions/api/routes';
import { API_AUDIENCE, type Answer, type CallInput, type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';
import type { CityId } from '../../events/cities';
import { countyCodesOf } from '../../events/city-counties';
import { DEFAULT_POLICIES } from '../../domain/policy';
import { examplePath } from '../../functions/api/examples/operation-example';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { withCity } from '../../functions/shared/city-scope';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { exampleOf, seedWorld, WORLD, WORLD_FUNDS } from '../support/route-examples';
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

/** The route's example request, in its own fund or in one that does not exist (or at `path`). */
const requestOf = (route: Route, token: string | undefined, unknownFund: boolean, path: string = exampleOf(route).path): CallInput => {
  const example = exampleOf(route);
  if (unknownFund && example.params.fundId !== undefined) path = path.replace(`/funds/${example.params.fundId}`, '/funds/nosuchfund');
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

/**
 * Isolation in the API (issue 24 §2): the seeded world is Liaocheng's (a token naming no city acts
 * there); Jinan has a fund of its own. A Jinan caller of each role, given a token that lists every
 * Liaocheng fund (so only the city stands between it and them), meets Liaocheng's data nowhere: a
 * route naming one of its records answers exactly as for a record that exists in no city.
 */
describe('access matrix across cities', () => {
  const DATA_CITY: CityId = 'liaocheng';
  const CALLER_CITY: CityId = 'jinan';
  const CALLER_FUND = 'jn-pool';
  const CALLER_ROLES = ['finance-bureau', 'fund-manager', 'auditor'] as const satisfies readonly Role[];
  /** Path parameters that name no record (a month, a year, a register kind): every city has them. */
  const NOT_RECORDS = new Set(['month', 'year', 'kind']);
  /**
   * The shipped policy defaults (version 0, domain/policy.ts) are every city's until it records its
   * own, so they are no city's record: the policy route is asked for the version Liaocheng recorded.
   */
  const SHIPPED = new Set(DEFAULT_POLICIES.map((policy) => policy.id));
  const RECORDED_POLICY = 'liaocheng-2031';
  const recordParams = (route: Route): string[] => [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => !NOT_RECORDS.has(name));
  const missingId = (param: string): string => `nosuch-${param.toLowerCase()}`;
  /**
   * Ids the server generated when the world was seeded (an approval's), which the examples only
   * document: the matrix asks for the ones Liaocheng really holds (found in beforeAll).
   */
  const generated: Record<string, string> = {};
  const paramsOf = (route: Route): Record<string, string> => {
    const params = { ...exampleOf(route).params };
    if (params.policyId !== undefined && SHIPPED.has(params.policyId)) params.policyId = RECORDED_POLICY;
    for (const name of Object.keys(params)) if (generated[name] !== undefined) params[name] = generated[name];
    return params;
  };
  const foreignPath = (route: Route): string => examplePath(route.path, paramsOf(route));
  /** The path with every record it names replaced by one that exists in no city. */
  const missingPath = (route: Route): string => examplePath(route.path, { ...paramsOf(route), ...Object.fromEntries(recordParams(route).map((param) => [param, missingId(param)])) });
  /** Every record id of Liaocheng's the matrix names: none may show to a Jinan caller. */
  const dataIds = (): string[] => [...new Set(routes.flatMap((route) => recordParams(route).map((param) => paramsOf(route)[param]!)))];

  /** Liaocheng's counties in a body become Jinan's, so a body is valid in the caller's city and only the record is foreign. */
  const [callerCounty] = countyCodesOf(CALLER_CITY);
  const dataCounties = new Set<string>(countyCodesOf(DATA_CITY));
  const inCallerCity = (body: unknown): unknown =>
    JSON.parse(JSON.stringify(body), (_key, value: unknown) => (typeof value === 'string' && dataCounties.has(value) ? callerCounty : value));

  const request = (route: Route, token: string, path: string): CallInput => {
    const base = requestOf(route, token, false, path);
    const { csv } = exampleOf(route);
    if (csv !== undefined) return { ...base, headers: { ...base.headers, 'content-type': 'text/csv; charset=utf-8' }, body: csv };
    return base.body === undefined ? base : { ...base, body: inCallerCity(base.body) as object };
  };
  const everything = async (): Promise<string> => {
    const raw = createRawDynamoClient(db.endpoint);
    try {
      return await storeFingerprint(raw, [db.eventsTableName, db.readTableName]);
    } finally {
      raw.destroy();
    }
  };
  const callerToken = (role: Role): Promise<string> =>
    api.token(role, [...new Set([...WORLD_FUNDS, ...routes.flatMap((route) => exampleOf(route).params.fundId ?? []), missingId('fundId'), CALLER_FUND])], { city: CALLER_CITY });
  /** An answer with every id of the two requests put back to its parameter's name: equal shapes, nothing learnt. */
  const shapeOf = (route: Route, answer: Answer): string => {
    const ids = recordParams(route).flatMap((param) => [
      [paramsOf(route)[param]!, param],
      [missingId(param), param],
    ]);
    let text = JSON.stringify({ status: answer.status, type: answer.headers['content-type'], body: answer.text });
    for (const [id, param] of ids.sort(([a], [b]) => b!.length - a!.length)) text = text.split(id!).join(`<${param}>`);
    return text;
  };

  beforeAll(async () => {
    const bureau = await api.token('finance-bureau', [], { city: CALLER_CITY });
    const created = await api.post('/v1/funds', { fundId: CALLER_FUND, kind: 'risk-pool', name: '济南市融资担保风险补偿资金池', openedOn: '2024-01-01' }, bureau);
    expect(created.status).toBe(201);
    // Liaocheng records a policy version of its own (proposed, then approved by a second person):
    // the policy route is asked for it, and the approval routes for its approval.
    const maker = await api.token('finance-bureau', [], { subject: 'matrix-maker' });
    const checker = await api.token('finance-bureau', [], { subject: 'matrix-checker' });
    const proposal = await api.post('/v1/policies', { policyId: RECORDED_POLICY, effectiveFrom: '2031-01-01', reason: '访问矩阵：聊城市自有的政策版本', changes: { bridge: { maxAmount: '15000000.00' } } }, maker);
    expect(proposal.status, proposal.text).toBe(202);
    const approvalId = String(proposal.body.approvalId);
    expect((await api.post(`/v1/approvals/${approvalId}/approve`, { note: '同意' }, checker)).status).toBe(200);
    // The in-process API runs no event flow: each city's read models are built from its events here,
    // inside its scope, so the reads below meet real projections (funds, positions, books, alerts).
    for (const city of [DATA_CITY, CALLER_CITY]) await withCity(city, () => rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName }));
    const auditor = await api.token('auditor');
    generated.approvalId = approvalId;
    // The in-process API runs no event flow, so the world may hold no alert: then the alert route is
    // asked for the documented id, which no city holds (the control below says which routes those are).
    const alerts = (await api.get('/v1/alerts', auditor)).body.items as { alertId: string }[] | undefined;
    if (alerts !== undefined && alerts.length > 0) generated.alertId = alerts[0]!.alertId;
    expect((await api.get(`/v1/policies/${RECORDED_POLICY}`, auditor)).status).toBe(200);
  });

  it('answers a caller of another city on every route that names a record exactly as for a record that exists nowhere: 404 (403 where its role may not use the route), tables unchanged by every write', async () => {
    const wrong: string[] = [];
    let cells = 0;
    const named = routes.filter((route) => recordParams(route).length > 0);
    for (const route of named) {
      for (const role of CALLER_ROLES) {
        const token = await callerToken(role);
        const write = route.method !== 'GET';
        const before = write ? await everything() : '';
        const foreign = await api.call(request(route, token, foreignPath(route)));
        const after = write ? await everything() : '';
        const missing = await api.call(request(route, token, missingPath(route)));
        cells += 1;
        if (!write && role === 'auditor') {
          // Control: the record is there, in its own city.
          const home = await api.call(request(route, await api.token('auditor'), foreignPath(route)));
          if (home.status !== 200) wrong.push(`control: ${route.method} ${foreignPath(route)} as ${DATA_CITY} auditor: ${home.status}`);
        }
        const want = route.roles !== 'public' && route.roles.includes(role) ? 404 : 403;
        const where = `${route.method} ${route.path} as ${CALLER_CITY} ${role}`;
        if (foreign.status !== want) wrong.push(`${where}: ${foreign.status} on ${DATA_CITY}'s record, expected ${want}: ${foreign.text.slice(0, 160)}`);
        if (shapeOf(route, foreign) !== shapeOf(route, missing)) wrong.push(`${where}: answers ${DATA_CITY}'s record otherwise than a missing one: ${shapeOf(route, foreign).slice(0, 240)} vs ${shapeOf(route, missing).slice(0, 240)}`);
        if (before !== after) wrong.push(`${where}: changed the tables`);
      }
    }
    console.log(
      `access matrix across cities: ${cells} cells = ${named.length} routes naming a record × ${CALLER_ROLES.length} roles of ${CALLER_CITY} against ${DATA_CITY}'s data, each cell asked for the record and for a missing one (server-generated ids used: ${Object.keys(generated).join(', ')})`,
    );
    expect(named.length).toBeGreaterThan(40);
    expect(wrong).toEqual([]);
  }, 300_000);

  it("shows a caller only its own city's records in every list and report", async () => {
    const wrong: string[] = [];
    const lists = routes.filter((route) => route.method === 'GET' && route.roles !== 'public' && recordParams(route).length === 0);
    for (const route of lists) {
      for (const role of CALLER_ROLES.filter((candidate) => route.roles !== 'public' && route.roles.includes(candidate))) {
        const answer = await api.call(request(route, await callerToken(role), exampleOf(route).path));
        if (answer.status >= 500) wrong.push(`${route.method} ${route.path} as ${role}: ${answer.status}`);
        const seen = dataIds().filter((id) => answer.text.includes(id));
        if (seen.length > 0) wrong.push(`${route.method} ${route.path} as ${CALLER_CITY} ${role} shows ${DATA_CITY}'s ${seen.join(', ')}`);
      }
    }
    console.log(`access matrix across cities: ${lists.length} list and report routes × the roles of ${CALLER_CITY} each may use`);
    expect(lists.length).toBeGreaterThan(8);
    expect(wrong).toEqual([]);
    const funds = await api.get('/v1/funds', await callerToken('finance-bureau'));
    expect((funds.body.items as { fundId: string }[]).map((fund) => fund.fundId)).toEqual([CALLER_FUND]);
    // The data's own city still sees its records, and not the caller's.
    const home = ((await api.get('/v1/funds', await api.token('finance-bureau'))).body.items as { fundId: string }[]).map((fund) => fund.fundId);
    expect(home).toEqual(expect.arrayContaining([WORLD.pool, WORLD.bridge, WORLD.guide]));
    expect(home).not.toContain(CALLER_FUND);
  }, 120_000);

  it("leaves the other city's data as it was, whatever a caller writes in its own city (every write route naming no record)", async () => {
    const wrong: string[] = [];
    const writes = routes.filter((route) => route.method !== 'GET' && route.roles !== 'public' && recordParams(route).length === 0);
    const dataCity = (): Promise<string> => withCity(DATA_CITY, () => storeFingerprint(db.client, [db.eventsTableName, db.readTableName]));
    const before = await dataCity();
    let accepted = 0;
    for (const route of writes) {
      for (const role of CALLER_ROLES) {
        const answer = await api.call(request(route, await callerToken(role), exampleOf(route).path));
        const allowed = route.roles !== 'public' && route.roles.includes(role);
        if (!allowed && answer.status !== 403) wrong.push(`${route.method} ${route.path} as ${CALLER_CITY} ${role}: ${answer.status}, expected 403`);
        if (answer.status >= 500) wrong.push(`${route.method} ${route.path} as ${CALLER_CITY} ${role}: ${answer.status}`);
        if (answer.status < 300) accepted += 1;
      }
    }
    expect(wrong).toEqual([]);
    // Some of them did write (in Jinan: the example's fund ids, a month's reconciliation, a policy proposal).
    expect(accepted).toBeGreaterThan(0);
    expect(await dataCity()).toBe(before);
    console.log(`access matrix across cities: ${writes.length} write routes naming no record × ${CALLER_ROLES.length} roles of ${CALLER_CITY}, ${accepted} accepted, ${DATA_CITY} unchanged`);
  }, 120_000);

  it('refuses the province role every write route, in its own scope and in a city it names, changing nothing', async () => {
    const wrong: string[] = [];
    const writes = routes.filter((route) => route.method !== 'GET' && route.roles !== 'public');
    const province = await api.token('province', [...WORLD_FUNDS], { city: CALLER_CITY });
    const before = await everything();
    for (const route of writes) {
      for (const path of [foreignPath(route), `${foreignPath(route)}?city=${DATA_CITY}`]) {
        const answer = await api.call(request(route, province, path));
        if (answer.status !== 403) wrong.push(`${route.method} ${path} as province: ${answer.status}`);
      }
    }
    expect(await everything()).toBe(before);
    console.log(`access matrix across cities: province × ${writes.length} write routes × 2 scopes (its own, ?city=${DATA_CITY})`);
    expect(writes.length).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  }, 120_000);
});
