// Two cities on one local stack (issue 24 §1): each city's token acts within its city, the same fund
// id in both is two funds with their own books (through the event flow), another city's fund is
// 404 exactly like a fund that does not exist, and the province role writes nothing.
import { describe, expect, it } from 'vitest';
import { account, client, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);

const fund = { fundId: 'pool', kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2026-01-01' };
const injection = (amount: string) => ({ amount, occurredOn: '2026-02-01', source: 'city', reference: `R-${amount}` });

describe('two cities side by side', () => {
  it('keeps the same fund id of two cities apart, books included', async () => {
    const liaocheng = await http.token('finance-bureau');
    const jinan = await http.cityToken('jinan', 'finance-bureau');
    expect((await http.post('/v1/funds', fund, { token: liaocheng })).status).toBe(201);
    expect((await http.post('/v1/funds', fund, { token: jinan })).status).toBe(201);
    expect((await http.post('/v1/funds/pool/capital-injections', injection('1000.00'), { token: liaocheng })).status).toBe(201);
    expect((await http.post('/v1/funds/pool/capital-injections', injection('2500.50'), { token: jinan })).status).toBe(201);

    // Cash (1001) of each city's pool is its own injection, after the projection caught up.
    const cash = async (token: string) => account(await http.get('/v1/funds/pool/balances', { token }), '1001')?.balance;
    await eventually(() => cash(liaocheng), (balance) => balance === '1000.00');
    await eventually(() => cash(jinan), (balance) => balance === '2500.50');
  });

  it('answers another city’s fund with the same 404 as a fund that does not exist', async () => {
    const liaocheng = await http.token('finance-bureau');
    const qingdao = await http.cityToken('qingdao', 'finance-bureau');
    expect((await http.post('/v1/funds', { ...fund, fundId: 'only-liaocheng' }, { token: liaocheng })).status).toBe(201);
    const foreign = await http.get('/v1/funds/only-liaocheng', { token: qingdao });
    const missing = await http.get('/v1/funds/no-such-fund', { token: qingdao });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(missing.body).sort());
    expect((await http.post('/v1/funds/only-liaocheng/capital-injections', injection('1.00'), { token: qingdao })).status).toBe(404);
    expect(((await http.get('/v1/funds', { token: qingdao })).body.items ?? []).map((f) => f.fundId)).not.toContain('only-liaocheng');
  });

  it('refuses the province role every write', async () => {
    // Its reads (its own routes and ?city= drill-down) are tested with the province's routes.
    const province = await http.cityToken('jinan', 'province');
    expect((await http.post('/v1/funds', { ...fund, fundId: 'by-province' }, { token: province })).status).toBe(403);
  });
});
