// Every error class over real HTTP: each is a problem+json with a stable type, and a refused
// request changes nothing (the stream heads stay where they were).
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes';
import { streamIds } from '../../events/stream-ids';
import { BAD_CHECK_CREDIT_CODE, client, CREDIT_CODE, useLocalStack } from './api-support';

// The event flow is not needed here: every assertion reads answers or the store's heads.
const local = useLocalStack({ eventFlow: false });
const http = client(() => local.stack);
const PROBLEM = 'https://fund-ledger.example/problems/';

const headVersion = async (streamId: string): Promise<number> => (await local.stack.deps.store.readHead(streamId))?.version ?? 0;

const loan = (loanId: string, amount: string, renewal = '10000000.00') => ({
  loanId,
  borrower: { name: '某公司', creditCode: CREDIT_CODE, county: 'gaotang' },
  bank: 'Bank',
  amount,
  renewalCommitment: { reference: `RC-${loanId}`, amount: renewal },
  disbursedOn: '2024-04-01',
  dueOn: '2024-04-10',
});

beforeAll(async () => {
  const bureau = await http.token('finance-bureau');
  for (const [fundId, kind] of [['pool', 'risk-pool'], ['bridge', 'bridge-fund'], ['other', 'risk-pool']] as const) {
    expect((await http.post('/v1/funds', { fundId, kind, name: fundId, openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);
  }
  expect((await http.post('/v1/funds/bridge/capital-injections', { amount: '5000000.00', occurredOn: '2024-04-01', source: 'city', reference: 'R' }, { token: bureau })).status).toBe(201);
  expect((await http.post('/v1/funds/pool/capital-injections', { amount: '100000.00', occurredOn: '2024-04-01', source: 'city', reference: 'R' }, { token: bureau })).status).toBe(201);
});

describe('authentication (401)', () => {
  it('refuses a request without a token', async () => {
    const reply = await http.get('/v1/funds');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ type: `${PROBLEM}unauthorized`, status: 401 });
  });

  it('refuses a token signed with another key, and one from another issuer', async () => {
    const forged = await new SignJWT({ 'cognito:groups': ['finance-bureau'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('fund-ledger-local')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-stack-key-not-the-stack-key'));
    expect((await http.get('/v1/funds', { token: forged })).status).toBe(401);
    expect((await http.get('/v1/funds', { token: 'garbage' })).status).toBe(401);
  });
});

describe('roles (403)', () => {
  it('refuses an auditor on every POST route', async () => {
    const auditor = await http.token('auditor');
    const posts = routes.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(14);
    for (const route of posts) {
      const path = route.path.replace(/\{fundId\}/g, 'pool').replace(/\{[A-Za-z]+\}/g, 'x1');
      const reply = await http.post(path, {}, { token: auditor });
      expect({ path, status: reply.status, type: reply.body.type }).toEqual({ path, status: 403, type: `${PROBLEM}forbidden` });
    }
  });

  it("refuses a fund manager on another fund's routes, reads included", async () => {
    const manager = await http.token('fund-manager', 'pool');
    const before = await headVersion(streamIds.fund('bridge'));
    const reply = await http.post('/v1/funds/bridge/bridge-loans', loan('L-foreign', '1000.00'), { token: manager });
    expect(reply.status).toBe(403);
    expect((await http.get('/v1/funds/bridge/balances', { token: manager })).status).toBe(403);
    expect(await headVersion(streamIds.fund('bridge'))).toBe(before);
    // and the list of funds shows it only its own
    const funds = await http.get('/v1/funds', { token: manager });
    expect((funds.body.items ?? []).every((f) => f.fundId === 'pool')).toBe(true);
  });

  it('refuses a fund manager creating a fund or injecting capital', async () => {
    const manager = await http.token('fund-manager', 'pool');
    expect((await http.post('/v1/funds', { fundId: 'mine', kind: 'risk-pool', name: 'x' }, { token: manager })).status).toBe(403);
    expect((await http.post('/v1/funds/pool/capital-injections', { amount: '1.00', occurredOn: '2024-04-01', source: 'city', reference: 'R' }, { token: manager })).status).toBe(403);
    expect(await headVersion(streamIds.fund('mine'))).toBe(0);
  });
});

describe('validation (400)', () => {
  it('names every bad field at once: a JSON number amount, three decimals, a missing field, a bad check character, a bad county', async () => {
    const manager = await http.token('fund-manager', 'pool');
    const reply = await http.post(
      '/v1/funds/pool/guarantees',
      {
        guaranteeId: 'gx',
        agency: 'A',
        borrower: { name: 'B', creditCode: BAD_CHECK_CREDIT_CODE, category: 'micro', county: 'atlantis' },
        principal: 1000000,
        feeRateBps: 100,
        startsOn: '2024-04-01',
        maturesOn: '2024-10-01',
      },
      { token: manager },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe(`${PROBLEM}validation`);
    const fields = (reply.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.borrower.county', 'body.borrower.creditCode', 'body.lender', 'body.principal'].sort());
    const messages = Object.fromEntries((reply.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(messages['body.principal']).toMatch(/not a number/);
    expect(messages['body.borrower.creditCode']).toMatch(/check character/);
    expect(messages['body.lender']).toBe('is required');
    expect(await headVersion(streamIds.guarantee('pool', 'gx'))).toBe(0);
  });

  it('refuses more than two decimals, negative amounts, wrong types and unknown fields', async () => {
    const bureau = await http.token('finance-bureau');
    const reply = await http.post('/v1/funds/pool/capital-injections', { amount: '10.001', occurredOn: 20240401, source: ['city'], reference: 'R', extra: true }, { token: bureau });
    expect(reply.status).toBe(400);
    const fields = (reply.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.amount', 'body.extra', 'body.occurredOn', 'body.source']);
    const negative = await http.post('/v1/funds/pool/capital-injections', { amount: '-5.00', occurredOn: '2024-04-01', source: 'city', reference: 'R' }, { token: bureau });
    expect(negative.status).toBe(400);
    expect(negative.body.errors).toEqual([{ field: 'body.amount', message: expect.stringMatching(/negative/) as unknown }]);
  });

  it('refuses malformed JSON, an array body, and a bad query value', async () => {
    const bureau = await http.token('finance-bureau');
    const bad = await http.post('/v1/funds', undefined, { token: bureau, rawBody: '{"fundId": "x",' });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe(`${PROBLEM}malformed-json`);
    expect((await http.post('/v1/funds', [1, 2], { token: bureau })).status).toBe(400);
    const query = await http.get('/v1/funds/pool/balances?asOf=2024-02-30', { token: bureau });
    expect(query.status).toBe(400);
    expect(query.body.errors).toEqual([{ field: 'query.asOf', message: expect.any(String) as unknown }]);
  });

  it('requires an Idempotency-Key on every POST (400) and JSON bodies (415)', async () => {
    const bureau = await http.token('finance-bureau');
    const noKey = await http.post('/v1/funds', { fundId: 'nokey', kind: 'risk-pool', name: 'x' }, { token: bureau, key: null });
    expect(noKey.status).toBe(400);
    expect(noKey.body.type).toBe(`${PROBLEM}missing-idempotency-key`);
    const text = await http.post('/v1/funds', undefined, { token: bureau, rawBody: 'fundId=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.type).toBe(`${PROBLEM}unsupported-media-type`);
    expect(await headVersion(streamIds.fund('nokey'))).toBe(0);
  });

  it('refuses a body over 1 MB (413)', async () => {
    const bureau = await http.token('finance-bureau');
    const huge = await http.post('/v1/funds', { fundId: 'huge', kind: 'risk-pool', name: 'x'.repeat(1_100_000) }, { token: bureau });
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe(`${PROBLEM}payload-too-large`);
    const giant = await http.post('/v1/funds', { fundId: 'huge', kind: 'risk-pool', name: 'y'.repeat(3_000_000) }, { token: bureau });
    expect(giant.status).toBe(413);
    expect(await headVersion(streamIds.fund('huge'))).toBe(0);
  });

  it('keeps unicode text intact and refuses control-character ids', async () => {
    const bureau = await http.token('finance-bureau');
    const name = '聊城市 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 基金 🚀';
    const created = await http.post('/v1/funds', { fundId: 'unicode', kind: 'guidance-fund', name }, { token: bureau });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(name);
    const badId = await http.post('/v1/funds', { fundId: 'bad\u0000id', kind: 'risk-pool', name: 'x' }, { token: bureau });
    expect(badId.status).toBe(400);
    expect((await http.get('/v1/funds/%E4%B8%AD/balances', { token: bureau })).status).toBe(404);
  });
});

describe('not found (404) and method (405)', () => {
  it('answers 404 for an unknown fund, record or route, and 405 for a wrong method', async () => {
    const bureau = await http.token('finance-bureau');
    const manager = await http.token('fund-manager', 'pool');
    expect((await http.get('/v1/funds/nope/balances', { token: bureau })).body.type).toBe(`${PROBLEM}not-found`);
    expect((await http.get('/v1/funds/nope', { token: bureau })).status).toBe(404);
    expect((await http.post('/v1/funds/nope/capital-injections', { amount: '1.00', occurredOn: '2024-04-01', source: 'city', reference: 'R' }, { token: bureau })).status).toBe(404);
    expect((await http.get('/v1/funds/pool/guarantees/none', { token: manager })).status).toBe(404);
    expect((await http.post('/v1/funds/pool/guarantees/none/releases', { occurredOn: '2024-04-02' }, { token: manager })).status).toBe(404);
    expect((await http.get('/v2/everything', { token: bureau })).status).toBe(404);
    const wrongMethod = await http.post('/health', {}, {});
    expect(wrongMethod.status).toBe(405);
  });
});

describe('business rules (422) and idempotency', () => {
  it('refuses a bridge loan over 95 % of the renewal commitment with code, limit and actual', async () => {
    const manager = await http.token('fund-manager', 'bridge');
    const before = await headVersion(streamIds.fund('bridge'));
    const reply = await http.post('/v1/funds/bridge/bridge-loans', loan('L-big', '960000.00', '1000000.00'), { token: manager });
    expect(reply.status).toBe(422);
    // 95 % of 1,000,000.00 = 950,000.00
    expect(reply.body).toMatchObject({ type: `${PROBLEM}business-rule`, code: 'exceeds-renewal-commitment', limit: '950000.00', actual: '960000.00' });
    expect(await headVersion(streamIds.fund('bridge'))).toBe(before);
    expect(await headVersion(streamIds.bridgeLoan('bridge', 'L-big'))).toBe(0);
  });

  it('replays a repeated POST with the same status and body and writes nothing', async () => {
    const manager = await http.token('fund-manager', 'bridge');
    const first = await http.post('/v1/funds/bridge/bridge-loans', loan('L-idem', '100000.00'), { token: manager, key: 'grant-L-idem' });
    expect(first.status).toBe(201);
    const version = await headVersion(streamIds.fund('bridge'));
    const again = await http.post('/v1/funds/bridge/bridge-loans', loan('L-idem', '100000.00'), { token: manager, key: 'grant-L-idem' });
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
    expect(await headVersion(streamIds.fund('bridge'))).toBe(version);
    expect(await headVersion(streamIds.bridgeLoan('bridge', 'L-idem'))).toBe(1);
    // A repayment replayed after the loan is repaid still answers the first result.
    const repaid = await http.post('/v1/funds/bridge/bridge-loans/L-idem/repayments', { repaidOn: '2024-04-02' }, { token: manager, key: 'repay-L-idem' });
    const repaidAgain = await http.post('/v1/funds/bridge/bridge-loans/L-idem/repayments', { repaidOn: '2024-04-02' }, { token: manager, key: 'repay-L-idem' });
    expect(repaidAgain.status).toBe(201);
    expect(repaidAgain.text).toBe(repaid.text);
  });

  it('refuses the same Idempotency-Key with a different body (422) and writes nothing', async () => {
    const manager = await http.token('fund-manager', 'bridge');
    expect((await http.post('/v1/funds/bridge/bridge-loans', loan('L-k1', '1000.00'), { token: manager, key: 'shared-key' })).status).toBe(201);
    const version = await headVersion(streamIds.fund('bridge'));
    const reused = await http.post('/v1/funds/bridge/bridge-loans', loan('L-k2', '1000.00'), { token: manager, key: 'shared-key' });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe(`${PROBLEM}idempotency-key-reused`);
    expect(await headVersion(streamIds.bridgeLoan('bridge', 'L-k2'))).toBe(0);
    expect(await headVersion(streamIds.fund('bridge'))).toBe(version);
  });

  it('refuses a compensation the pool cannot pay, in full or not at all', async () => {
    const manager = await http.token('fund-manager', 'pool');
    const issue = { guaranteeId: 'big', agency: 'A', borrower: { name: 'B', creditCode: CREDIT_CODE, category: 'small' }, lender: 'L', principal: '9000000.00', feeRateBps: 90, startsOn: '2024-04-01', maturesOn: '2025-04-01' };
    expect((await http.post('/v1/funds/pool/guarantees', issue, { token: manager })).status).toBe(201);
    // 9,000,000.00 × 10 % = 900,000.00 > cash 100,000.00
    const reply = await http.post('/v1/funds/pool/guarantees/big/compensations', { occurredOn: '2024-04-05', principalLoss: '9000000.00' }, { token: manager });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ code: 'insufficient-funds', limit: '100000.00', actual: '900000.00' });
    expect(await headVersion(streamIds.guarantee('pool', 'big'))).toBe(1);
  });
});

describe('closed periods (409)', () => {
  it('refuses a posting dated in a closed month and writes nothing', async () => {
    await local.stack.deps.store.append(
      [{ streamId: streamIds.period('pool', '2024-02'), expectedVersion: 0, events: [{ type: 'PeriodClosed', schemaVersion: 1, data: { fundId: 'pool', month: '2024-02', reconciliationClean: true }, occurredOn: '2024-02-29' }] }],
      { meta: { actor: 'test', role: 'finance-bureau', requestId: 'r', correlationId: 'c' } },
    );
    const bureau = await http.token('finance-bureau');
    const before = await headVersion(streamIds.fund('pool'));
    const reply = await http.post('/v1/funds/pool/capital-injections', { amount: '1.00', occurredOn: '2024-02-15', source: 'city', reference: 'LATE' }, { token: bureau });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ type: `${PROBLEM}period-closed`, code: 'period-closed' });
    expect(await headVersion(streamIds.fund('pool'))).toBe(before);
    // March is still open
    expect((await http.post('/v1/funds/pool/capital-injections', { amount: '1.00', occurredOn: '2024-03-01', source: 'city', reference: 'OK' }, { token: bureau })).status).toBe(201);
  });
});

describe('correlation', () => {
  it('echoes x-correlation-id and generates one when absent', async () => {
    const echoed = await http.get('/health', { headers: { 'x-correlation-id': 'abc-123' } });
    expect(echoed.headers.get('x-correlation-id')).toBe('abc-123');
    const generated = await http.get('/health');
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
