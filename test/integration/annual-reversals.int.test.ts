// The business of the year in the annual accounts leaves out what was reversed (issue 21 §2 with
// issue 19's corrections), through the API on DynamoDB Local: a guarantee issued in error and a
// bridge loan repayment recorded in error, each reversed (冲正, a second person approving) in the
// same year, count neither in the figures nor in the books.
import { beforeAll, describe, expect, it } from 'vitest';
import { streamIds } from '../../events/stream-ids';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { CREDIT_CODE } from '../e2e/api-support';
import { useDynamoLocal } from '../support/dynamo';
import { type InProcessApi, startInProcessApi } from '../support/in-process-api';

const db = useDynamoLocal();
let api: InProcessApi;
let bureau: string;
let checker: string;

const ok = async (answer: Promise<{ status: number; text: string; body: Record<string, unknown> }>, status = 201) => {
  const a = await answer;
  expect(a.status, a.text).toBe(status);
  return a.body;
};

/** Reverses the entry at (streamId, version) with a maker and a checker. */
const reverse = async (fundId: string, correctionId: string, streamId: string, version: number, occurredOn: string): Promise<void> => {
  const held = await ok(api.post(`/v1/funds/${fundId}/corrections`, { correctionId, reverses: { streamId, version }, occurredOn, reason: '录入错误' }, bureau), 202);
  await ok(api.post(`/v1/approvals/${String(held.approvalId)}/approve`, { note: '核对无误' }, checker), 200);
};

/** The version of the fund stream's n-th (from 0) BridgeLoanRepaid. */
const repaymentVersion = async (fundId: string, n: number): Promise<number> => {
  const found = (await api.deps.store.readStream(streamIds.fund(fundId))).filter((e) => e.type === 'BridgeLoanRepaid')[n];
  if (found === undefined) throw new Error(`no repayment ${n} on ${fundId}`);
  return found.version;
};

beforeAll(async () => {
  api = startInProcessApi(db, () => new Date('2024-06-30T02:00:00Z'));
  bureau = await api.token('finance-bureau', [], { subject: 'maker' });
  checker = await api.token('finance-bureau', [], { subject: 'checker' });
  const manager = await api.token('fund-manager', ['rv-pool', 'rv-bridge']);
  await ok(api.post('/v1/funds', { fundId: 'rv-pool', kind: 'risk-pool', name: '冲正测试资金池', openedOn: '2024-05-01' }, bureau));
  await ok(api.post('/v1/funds', { fundId: 'rv-bridge', kind: 'bridge-fund', name: '冲正测试转贷基金', openedOn: '2024-05-01' }, bureau));
  await ok(api.post('/v1/funds/rv-pool/capital-injections', { amount: '1000000.00', occurredOn: '2024-05-02', source: 'city', reference: 'INJ-P' }, bureau));
  await ok(api.post('/v1/funds/rv-bridge/capital-injections', { amount: '20000000.00', occurredOn: '2024-05-02', source: 'city', reference: 'INJ-B' }, bureau));
  const guarantee = (guaranteeId: string, principal: string) => ({
    guaranteeId, agency: 'A', borrower: { name: `B-${guaranteeId}`, creditCode: CREDIT_CODE, category: 'small' }, lender: 'L', principal, feeRateBps: 80, startsOn: '2024-05-03', maturesOn: '2025-05-03',
  });
  await ok(api.post('/v1/funds/rv-pool/guarantees', guarantee('g1', '2000000.00'), manager));
  await ok(api.post('/v1/funds/rv-pool/guarantees', guarantee('g-wrong', '4000000.00'), manager));
  const loan = (loanId: string, amount: string, disbursedOn: string, dueOn: string) => ({
    loanId, borrower: { name: `转贷企业${loanId}`, creditCode: CREDIT_CODE, county: 'linqing' }, bank: '工商银行聊城分行', amount, renewalCommitment: { reference: `RC-${loanId}`, amount: '10000000.00' }, disbursedOn, dueOn,
  });
  await ok(api.post('/v1/funds/rv-bridge/bridge-loans', loan('L1', '8000000.00', '2024-05-04', '2024-05-14'), manager));
  // 8,000,000.00 × 1 bp × 3 days = 2,400.00
  await ok(api.post('/v1/funds/rv-bridge/bridge-loans/L1/repayments', { repaidOn: '2024-05-07' }, manager));
  await ok(api.post('/v1/funds/rv-bridge/bridge-loans', loan('L2', '5000000.00', '2024-05-10', '2024-05-20'), manager));
  // Recorded in error (the bank had not re-lent yet): 5,000,000.00 × 1 bp × 4 days = 2,000.00.
  await ok(api.post('/v1/funds/rv-bridge/bridge-loans/L2/repayments', { repaidOn: '2024-05-14' }, manager));
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });

  await reverse('rv-pool', 'CZ-G', streamIds.guarantee('rv-pool', 'g-wrong'), 1, '2024-06-03');
  // L2's repayment is the second BridgeLoanRepaid on the fund stream.
  await reverse('rv-bridge', 'CZ-R', streamIds.fund('rv-bridge'), await repaymentVersion('rv-bridge', 1), '2024-06-05');
});

describe('the annual accounts after reversals in the year', () => {
  it('count neither the reversed guarantee nor the reversed repayment, and still balance', async () => {
    const answer = await api.get('/v1/reports/annual/2024', bureau);
    expect(answer.status, answer.text).toBe(200);
    const funds = answer.body.funds as { fundId: string; business: Record<string, Record<string, unknown>>; balanceSheet: { end: { assets: string; balanced: boolean } }; incomeStatement: { totalIncome: string } }[];
    const pool = funds.find((f) => f.fundId === 'rv-pool');
    const bridge = funds.find((f) => f.fundId === 'rv-bridge');
    // Issued: g1's 2,000,000.00 only; outstanding 2,000,000.00 ÷ capital 1,000,000.00 = 2.00.
    expect(pool?.business.riskPool).toMatchObject({ issued: { count: 1, amount: '2000000.00' }, outstandingEnd: '2000000.00', amplification: '2.00' });
    // Two uses, 13,000,000.00 lent; repaid L1 only (3 days); fee income 2,400.00 (L2's 2,000.00 reversed).
    expect(bridge?.business.bridgeFund).toMatchObject({ uses: 2, lent: '13000000.00', repaid: { count: 1, amount: '8000000.00' }, averageDays: '3.0', feeIncome: '2400.00' });
    // cash 20,000,000.00 − 13,000,000.00 + 8,002,400.00 = 15,002,400.00, plus L2 receivable 5,000,000.00 = 20,002,400.00.
    expect(bridge?.balanceSheet.end).toMatchObject({ assets: '20002400.00', balanced: true });
    expect(bridge?.incomeStatement.totalIncome).toBe('2400.00');
    expect(pool?.balanceSheet.end).toMatchObject({ assets: '1000000.00', balanced: true });
  });
});
