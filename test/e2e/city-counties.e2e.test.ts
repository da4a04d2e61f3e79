// Counties per city over HTTP (issue 24 §1): GET /v1/city answers the caller's city and its
// counties, and a guarantee's county is judged against the caller's city — Jinan's 历下区 is taken
// from a Jinan manager and refused (400, naming the field and Liaocheng's codes) from Liaocheng's.
import { describe, expect, it } from 'vitest';
import { countiesOf } from '../../events/city-counties';
import { client, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);

const CREDIT_CODE = '91350100M000100Y43';
const guarantee = (guaranteeId: string, county: string) => ({
  guaranteeId,
  agency: '济南市融资担保有限公司',
  borrower: { name: '济南市历下区某某科技有限公司', creditCode: CREDIT_CODE, category: 'small', county },
  lender: '齐鲁银行',
  principal: '5000000.00',
  feeRateBps: 80,
  startsOn: '2026-03-02',
  maturesOn: '2027-03-01',
});

describe('GET /v1/city', () => {
  it("answers Liaocheng and its eleven for a token that names no city, as the reference's example shows", async () => {
    const answer = await http.get('/v1/city', { token: await http.token('fund-manager') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ cityId: 'liaocheng', name: '聊城市', nameEn: 'Liaocheng', counties: countiesOf('liaocheng').map((c) => ({ ...c })) });
  });

  it("answers Jinan's twelve to any role of Jinan, the province role included", async () => {
    for (const role of ['auditor', 'province'] as const) {
      const answer = await http.get('/v1/city', { token: await http.cityToken('jinan', role) });
      expect(answer.status, role).toBe(200);
      expect(answer.body).toMatchObject({ cityId: 'jinan', name: '济南市', nameEn: 'Jinan' });
      const counties = answer.body.counties as { code: string; name: string; nameEn: string }[];
      expect(counties).toHaveLength(12);
      expect(counties[0]).toEqual({ code: 'lixia', name: '历下区', nameEn: 'Lixia District' });
    }
  });

  it("answers the city a province user views (?city=, the dashboard's drill-down), and only the province may choose one", async () => {
    const province = await http.cityToken('jinan', 'province');
    expect((await http.get('/v1/city?city=heze', { token: province })).body).toMatchObject({ cityId: 'heze', name: '菏泽市', counties: expect.arrayContaining([{ code: 'caoxian', name: '曹县', nameEn: 'Cao County' }]) });
    expect((await http.get('/v1/city?city=heze', { token: await http.cityToken('jinan', 'auditor') })).body).toMatchObject({ cityId: 'jinan' });
  });

  it('refuses a caller without a token', async () => {
    expect((await http.get('/v1/city')).status).toBe(401);
  });
});

describe("a guarantee's county is the caller's city's", () => {
  it('takes 历下区 from a Jinan manager and lists it by ?county=; refuses it from a Liaocheng manager, naming the field and the allowed codes', async () => {
    const fund = { fundId: 'pool', kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2026-01-01' };
    for (const city of ['jinan', 'liaocheng'] as const) expect((await http.post('/v1/funds', fund, { token: await http.cityToken(city, 'finance-bureau') })).status).toBe(201);

    const jinan = await http.cityToken('jinan', 'fund-manager', 'pool');
    expect((await http.post('/v1/funds/pool/guarantees', guarantee('JN-1', 'lixia'), { token: jinan })).status).toBe(201);
    const listed = await eventually(
      async () => (await http.get('/v1/funds/pool/guarantees?county=lixia', { token: jinan })).body.items ?? [],
      (items) => items.length === 1,
    );
    expect(listed[0]).toMatchObject({ guaranteeId: 'JN-1', borrower: { county: 'lixia' } });

    const liaocheng = await http.cityToken('liaocheng', 'fund-manager', 'pool');
    const refused = await http.post('/v1/funds/pool/guarantees', guarantee('LC-1', 'lixia'), { token: liaocheng });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'body.borrower.county', message: `Invalid option: expected one of ${countiesOf('liaocheng').map((c) => `"${c.code}"`).join('|')}` }]);
    expect((await http.get('/v1/funds/pool/guarantees?county=lixia', { token: liaocheng })).status).toBe(400);
  });
});
