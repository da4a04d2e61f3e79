// Each fund names the accounting standard its books are reported under as policy data (issue 21
// §3): a policy version adopted through the API (maker-checker) with `accountingStandards`, and the
// annual accounts follow it from the day it is in force; a fund it does not name keeps its kind's
// default; an unknown standard is a 400 naming the field that changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { useDynamoLocal } from '../support/dynamo';
import { type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';

const db = useDynamoLocal();
let api: InProcessApi;
let bureau: string;
let checker: string;

type Fund = { fundId: string; standard: string; standardName: string; balanceSheet: { end: { assets: string; lines: { name: string; amount: string }[]; accounts: { account: string; standardCode: string; standardName: string }[] } } };
const annual = async (year: number): Promise<Fund[]> => {
  const answer = await api.get(`/v1/reports/annual/${year}`, bureau);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.funds as Fund[];
};

beforeAll(async () => {
  api = startInProcessApi(db, () => new Date('2024-03-10T02:00:00Z'));
  bureau = await api.token('finance-bureau', [], { subject: 'maker' });
  checker = await api.token('finance-bureau', [], { subject: 'checker' });
  for (const [fundId, kind] of [['fs-bridge', 'bridge-fund'], ['fs-guide', 'guidance-fund']] as const) {
    expect((await api.post('/v1/funds', { fundId, kind, name: fundId, openedOn: '2024-01-02' }, bureau)).status).toBe(201);
    expect((await api.post(`/v1/funds/${fundId}/capital-injections`, { amount: '5000000.00', occurredOn: '2024-01-03', source: 'city', reference: `INJ-${fundId}` }, bureau)).status).toBe(201);
  }
  // The annual accounts list the funds of the fund list (a read model).
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
});

describe("a fund's accounting standard as policy data", () => {
  it('refuses an unknown standard with a 400 naming the field, and changes nothing', async () => {
    const before = await storeFingerprint(db.client, [db.eventsTableName, db.readTableName]);
    const bad = await api.post('/v1/policies', { policyId: 'bad', effectiveFrom: '2024-06-01', reason: '测试', changes: { accountingStandards: { 'fs-bridge': 'ifrs' } } }, bureau);
    expect(bad.status, bad.text).toBe(400);
    expect(bad.text).toContain('accountingStandards');
    expect(await storeFingerprint(db.client, [db.eventsTableName, db.readTableName])).toBe(before);
  });

  it('reports a fund under the standard the policy in force names for it, the others under their kind\'s default', async () => {
    // Before: both state-owned-company funds report under 企业会计准则 (our 3001 is its 4001 实收资本).
    expect((await annual(2024)).map((f) => [f.fundId, f.standard])).toEqual([['fs-bridge', 'enterprise'], ['fs-guide', 'enterprise']]);
    const proposed = await api.post('/v1/policies', { policyId: 'standards-2024', effectiveFrom: '2024-06-01', reason: '转贷基金由事业单位管理，按政府会计制度报告', changes: { accountingStandards: { 'fs-bridge': 'government' } } }, bureau);
    expect(proposed.status, proposed.text).toBe(202);
    const approved = await api.post(`/v1/approvals/${String(proposed.body.approvalId)}/approve`, { note: '同意' }, checker);
    expect(approved.status, approved.text).toBe(200);

    const [bridge, guide] = await annual(2024);
    // In force on 31 December: the bridge fund reports under 政府会计制度, where our 3001 财政注资 is 3101 专用基金.
    expect(bridge).toMatchObject({ fundId: 'fs-bridge', standard: 'government', standardName: '政府会计制度' });
    expect(bridge?.balanceSheet.end.accounts.find((a) => a.account === '3001')).toMatchObject({ standardCode: '3101', standardName: '专用基金' });
    expect(bridge?.balanceSheet.end.lines.find((l) => l.name === '专用基金')?.amount).toBe('5000000.00');
    expect(guide).toMatchObject({ fundId: 'fs-guide', standard: 'enterprise', standardName: '企业会计准则' });
    expect(guide?.balanceSheet.end.accounts.find((a) => a.account === '3001')).toMatchObject({ standardCode: '4001', standardName: '实收资本' });
  });
});
