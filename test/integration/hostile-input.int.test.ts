// Hostile input over EVERY route of the table (issue 13 §3), property-based: each request is a
// valid example of its route with one thing spoiled. Whatever arrives, the answer is never a 5xx;
// a refusal is a 4xx problem+json and leaves both tables exactly as they were.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes';
import { hostileRequest } from '../support/hostile';
import { type Answer, type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';
import { allowedRole, exampleOf, seedWorld, WORLD, WORLD_FUNDS } from '../support/route-examples';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let api: InProcessApi;
const fingerprint = (): Promise<string> => storeFingerprint(db.client, [db.eventsTableName, db.readTableName]);

beforeAll(async () => {
  api = startInProcessApi(db);
  await seedWorld(api);
}, 60_000);

/** What a refusal must look like; undefined when it does. */
const badRefusal = (answer: Answer): string | undefined => {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status < 400) return undefined;
  if (answer.headers['content-type'] !== 'application/problem+json') return `${answer.status} as ${answer.headers['content-type']}`;
  if (answer.body.status !== answer.status || typeof answer.body.type !== 'string' || typeof answer.body.detail !== 'string') return `${answer.status} with a malformed problem: ${answer.text.slice(0, 200)}`;
  return undefined;
};

describe('hostile input', () => {
  it('every route answers every spoiled request with a 4xx problem+json (never a 5xx) and a refusal changes nothing', async () => {
    const tokens = new Map<string, string>();
    for (const role of ['finance-bureau', 'fund-manager', 'auditor'] as const) tokens.set(role, await api.token(role, role === 'fund-manager' ? WORLD_FUNDS : []));
    const cases = fc.constantFrom(...routes).chain((route) => {
      const role = allowedRole(route);
      return hostileRequest(exampleOf(route), role === undefined ? undefined : `Bearer ${tokens.get(role) ?? ''}`).map((request) => ({ route, request }));
    });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let before = await fingerprint();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ route, request }) => {
        tried += 1;
        const answer = await api.call(request.input);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const after = await fingerprint();
        const wrong = badRefusal(answer) ?? (answer.status >= 400 && after !== before ? `refused with ${answer.status} yet the store changed` : undefined);
        if (wrong !== undefined) failures.push(`${route.method} ${route.path} — ${request.spoiled}: ${wrong}`);
        before = after;
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 400), seed: Number(process.env.HOSTILE_SEED ?? 20261202) },
    );
    console.log(`hostile input: ${tried} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(failures).toEqual([]);
  }, 240_000);

  // The defects the first fuzz found (issue 13), pinned by name.
  it('refuses a business date no policy covers with 422 no-policy-in-force, naming the field', async () => {
    const bureau = await api.token('finance-bureau');
    const before = await fingerprint();
    // A fund cannot open before the first policy version (2024-01-01): nothing could be posted in its first days.
    for (const openedOn of ['1900-01-01', '2020-01-01', '2023-12-31']) {
      const answer = await api.post('/v1/funds', { fundId: 'oldfund', kind: 'bridge-fund', name: 'old', openedOn }, bureau);
      expect(answer.status).toBe(422);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'no-policy-in-force', limit: '2024-01-01', actual: openedOn, errors: [{ field: 'body.openedOn' }] });
    }
    // The fuzz's 1900-01-01 and 1969-12-31 on a fund opened in 2024: before the fund opened, also a 422.
    for (const occurredOn of ['1900-01-01', '1969-12-31']) {
      const answer = await api.post(`/v1/funds/${WORLD.bridge}/capital-injections`, { amount: '1.00', occurredOn, source: 'city', reference: 'OLD' }, bureau);
      expect(answer.status).toBe(422);
      expect(answer.body.code).toBe('before-fund-opened');
    }
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a business date after today with 422 date-in-future, for every command alike', async () => {
    const bureau = await api.token('finance-bureau');
    const manager = await api.token('fund-manager', WORLD_FUNDS);
    const before = await fingerprint();
    const injection = await api.post(`/v1/funds/${WORLD.bridge}/capital-injections`, { amount: '1.00', occurredOn: '2999-12-31', source: 'city', reference: 'FUTURE' }, bureau);
    expect(injection.status).toBe(422);
    expect(injection.body).toMatchObject({ code: 'date-in-future', actual: '2999-12-31', errors: [{ field: 'body.occurredOn' }] });
    const repayment = await api.post(`/v1/funds/${WORLD.bridge}/bridge-loans/${WORLD.loanId}/repayments`, { repaidOn: '2999-12-31' }, manager);
    expect(repayment.status).toBe(422);
    expect(repayment.body).toMatchObject({ code: 'date-in-future', errors: [{ field: 'body.repaidOn' }] });
    expect(await fingerprint()).toBe(before);
  });

  it('answers indicators for a year no policy covers with a 4xx, not a 500', async () => {
    const auditor = await api.token('auditor');
    const answer = await api.get('/v1/kpis?year=1900', auditor);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });
});
