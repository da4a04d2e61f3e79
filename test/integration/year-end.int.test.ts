// Closing a year (issue 21 §1) through the API on DynamoDB Local: refused while a month is open,
// held for a second person, then the closing entries (结转) post on 31 December into the closed
// December, and nothing more may be dated in the year (409 year-closed, not period-closed).
import { beforeAll, describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { CREDIT_CODE } from '../e2e/api-support';
import { useDynamoLocal } from '../support/dynamo';
import { type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';

const db = useDynamoLocal();
let api: InProcessApi;
let bureau: string;
let checker: string;
const FUND = 'ye-pool';
const tables = () => [db.eventsTableName, db.readTableName];

beforeAll(async () => {
  api = startInProcessApi(db, () => new Date('2025-02-10T02:00:00Z'));
  bureau = await api.token('finance-bureau', [], { subject: 'maker' });
  checker = await api.token('finance-bureau', [], { subject: 'checker' });
  const manager = await api.token('fund-manager', [FUND]);
  const ok = async (answer: Promise<{ status: number; text: string }>) => {
    const a = await answer;
    expect(a.status, a.text).toBe(201);
  };
  await ok(api.post('/v1/funds', { fundId: FUND, kind: 'risk-pool', name: '年末测试资金池', openedOn: '2024-11-01' }, bureau));
  await ok(api.post(`/v1/funds/${FUND}/capital-injections`, { amount: '500000.00', occurredOn: '2024-11-02', source: 'city', reference: 'INJ-1' }, bureau));
  await ok(api.post(`/v1/funds/${FUND}/interest`, { amount: '1234.56', occurredOn: '2024-11-10', reference: 'INT-1' }, bureau));
  await ok(api.post(`/v1/funds/${FUND}/guarantees`, { guaranteeId: 'g1', agency: 'A', borrower: { name: 'B', creditCode: CREDIT_CODE, category: 'small' }, lender: 'L', principal: '1000000.00', feeRateBps: 100, startsOn: '2024-11-03', maturesOn: '2025-11-01' }, manager));
  // Pool share 10 % of 1,000,000.00 = 100,000.00 (5001), under the 1,000,000.00 approval threshold.
  await ok(api.post(`/v1/funds/${FUND}/guarantees/g1/compensations`, { occurredOn: '2024-11-20', principalLoss: '1000000.00' }, manager));
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
});

describe('the annual accounts', () => {
  it('are a draft marked 未结账 while the year is open, and balance', async () => {
    const answer = await api.get('/v1/reports/annual/2024', bureau);
    expect(answer.status, answer.text).toBe(200);
    const fund = (answer.body.funds as { fundId: string; status: string; statusZh: string; standardName: string; balanceSheet: { end: { assets: string; netAssets: string; balanced: boolean } }; incomeStatement: { surplus: string } }[]).find((f) => f.fundId === FUND);
    // cash 500,000.00 + 1,234.56 − 100,000.00 = 401,234.56; surplus 1,234.56 − 100,000.00 = −98,765.44
    expect(fund).toMatchObject({ status: 'draft', statusZh: '未结账', standardName: '政府会计制度', balanceSheet: { end: { assets: '401234.56', netAssets: '401234.56', balanced: true } }, incomeStatement: { surplus: '-98765.44' } });
    expect(answer.body).toMatchObject({ year: 2024, status: 'draft', total: { balanceSheet: { end: { assets: '401234.56' } } } });
  });
});

describe('closing a year', () => {
  it('refuses 409 months-open naming the fund and its open months, and changes nothing', async () => {
    expect((await api.post('/v1/periods/2024-11/close', { fundIds: [FUND], overrideReason: '测试' }, bureau)).status).toBe(200);
    const before = await storeFingerprint(db.client, tables());
    const refused = await api.post('/v1/years/2024/close', { fundIds: [FUND] }, bureau);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'months-open', actual: [{ fundId: FUND, months: ['2024-12'] }] });
    expect(await storeFingerprint(db.client, tables())).toBe(before);
  });

  it('holds the close for a second person, then posts the closing entries on 31 December and locks the year', async () => {
    expect((await api.post('/v1/periods/2024-12/close', { fundIds: [FUND], overrideReason: '测试' }, bureau)).status).toBe(200);
    const held = await api.post('/v1/years/2024/close', { reason: '2024年度决算' }, bureau);
    expect(held.status).toBe(202);
    const [approval] = (held.body as { approvals: { approvalId: string; fundId: string; income: string; expense: string; surplus: string }[] }).approvals;
    // income 1,234.56 − expense 100,000.00 = −98,765.44
    expect(approval).toMatchObject({ fundId: FUND, status: 'pending-approval', income: '1234.56', expense: '100000.00', surplus: '-98765.44' });
    expect(await api.deps.store.readHead(streamIds.year(FUND, 2024))).toBeUndefined();

    const own = await api.post(`/v1/approvals/${approval?.approvalId}/approve`, { note: '' }, bureau);
    expect(own.status).toBe(403);
    const approved = await api.post(`/v1/approvals/${approval?.approvalId}/approve`, { note: '同意结账' }, checker);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      result: {
        status: 'closed',
        closingEntries: [
          { account: '4001', side: 'debit', amount: '1234.56' },
          { account: '5001', side: 'credit', amount: '100000.00' },
          { account: '3101', side: 'debit', amount: '98765.44' },
        ],
      },
    });
    const [closing] = await api.deps.store.readStream(streamIds.year(FUND, 2024));
    expect(closing).toMatchObject({ type: 'YearClosingPosted', occurredOn: '2024-12-31' });
    for (const month of ['2024-11', '2024-12']) expect((await api.deps.store.readStream(streamIds.period(FUND, month))).map((e) => e.type)).toContain('YearClosed');

    const status = await api.get('/v1/years/2024', bureau);
    expect(status.body).toMatchObject({ year: 2024, funds: [{ fundId: FUND, status: 'closed', requestedBy: 'maker', approvedBy: 'checker', reason: '2024年度决算', openMonths: [] }] });
  });

  it('answers year-closed (not period-closed) for anything dated in the closed year, and takes the new year', async () => {
    const before = await storeFingerprint(db.client, tables());
    const late = await api.post(`/v1/funds/${FUND}/interest`, { amount: '1.00', occurredOn: '2024-12-20', reference: 'INT-LATE' }, bureau);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'year-closed' });
    const again = await api.post('/v1/years/2024/close', { fundIds: [FUND] }, bureau);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'year-closed' });
    expect(await storeFingerprint(db.client, tables())).toBe(before);
    expect((await api.post(`/v1/funds/${FUND}/interest`, { amount: '1.00', occurredOn: '2025-01-05', reference: 'INT-NEW' }, bureau)).status).toBe(201);
  });

  it('stores the closed year\'s accounts and returns the stored version; CSV and XLSX carry the standard\'s codes', async () => {
    const first = await api.get('/v1/reports/annual/2024', bureau);
    expect(first.body).toMatchObject({ status: 'closed', statusZh: '已结账', funds: [{ fundId: FUND, status: 'closed', balanceSheet: { end: { netAssets: '401234.56', uncarriedSurplus: '0.00', balanced: true } } }] });
    const second = await api.get('/v1/reports/annual/2024', bureau);
    expect(second.body.funds).toEqual(first.body.funds);
    const csv = await api.call({ method: 'GET', path: '/v1/reports/annual/2024?format=csv', headers: { authorization: `Bearer ${bureau}` } });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('balance-sheet-account,ye-pool,已结账,政府会计制度,1001,银行存款,1002,银行存款,0.00,401234.56,');
    const xlsx = await api.call({ method: 'GET', path: '/v1/reports/annual/2024?format=xlsx', headers: { authorization: `Bearer ${bureau}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('carries the balance sheet forward: income and expense start the new year at zero', async () => {
    await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    const balances = await api.deps.queries.getBalances(FUND, '2024-12-31');
    const byCode = new Map(balances.accounts.map((a) => [a.code, a.debit - a.credit]));
    expect(byCode.get('4001') ?? 0n).toBe(0n);
    expect(byCode.get('5001') ?? 0n).toBe(0n);
    // cash 500,000.00 + 1,234.56 − 100,000.00 = 401,234.56 = capital 500,000.00 − surplus 98,765.44
    expect(byCode.get('1001')).toBe(401_234_56n);
    expect(byCode.get('3101')).toBe(98_765_44n);
  });
});
