// Every bank line bookable (issue 19 §2), through the API in process on DynamoDB Local: bank
// charges, capital returns and adjustments (held for a second person), and manual matching (人工勾对)
// turning a month clean on the next reconciliation run. Every refusal leaves both tables unchanged.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FundState } from '../../domain/fund-book';
import { streamIds } from '../../events/stream-ids';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { type Answer, type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let api: InProcessApi;
let maker: string;
let checker: string;
const MONTH = '2024-11';

const fingerprint = (): Promise<string> => storeFingerprint(db.client, [db.eventsTableName, db.readTableName]);
const cashOf = async (fundId: string): Promise<bigint> => ((await api.deps.store.readHead(streamIds.fund(fundId)))?.snapshot as FundState).cash;

/** A refusal: the expected status and code, and neither table changed. */
const refused = async (request: () => Promise<Answer>, status: number, code?: string): Promise<Answer> => {
  const before = await fingerprint();
  const answer = await request();
  expect(answer.status, answer.text).toBe(status);
  if (code !== undefined) expect(answer.body.code, answer.text).toBe(code);
  expect(await fingerprint()).toBe(before);
  return answer;
};

const fundWith = async (fundId: string, capital: string): Promise<void> => {
  expect((await api.post('/v1/funds', { fundId, kind: 'guidance-fund', name: fundId, openedOn: '2024-11-01' }, maker)).status).toBe(201);
  expect((await api.post(`/v1/funds/${fundId}/capital-injections`, { amount: capital, occurredOn: '2024-11-01', source: 'city', reference: `INJ-${fundId}` }, maker)).status).toBe(201);
};

const statement = async (fundId: string, closing: string, lines: { date: string; amount: string; reference: string; description: string }[]): Promise<void> => {
  const answer = await api.post(`/v1/funds/${fundId}/bank-statements`, { month: MONTH, openingBalance: '0.00', closingBalance: closing, lines }, maker);
  expect(answer.status, answer.text).toBe(201);
};

type Report = { clean: boolean; discrepancyCount: number; bank: { unmatchedStatement: { items: { lineRef?: string; amount: string }[] }; manualMatches?: { matchId: string; note: string; matchedBy: string; matchedAt: string; applied: boolean }[] } };

/** Projects the read models (the month end compares them), runs the month end, and returns the fund's report. */
const monthEnd = async (fundId: string): Promise<Report> => {
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
  const run = await api.post('/v1/reconciliations', { month: MONTH }, maker);
  expect(run.status, run.text).toBe(202);
  const read = await api.get(`/v1/reconciliations/${MONTH}`, maker);
  const report = (read.body.funds as (Report & { fundId: string })[]).find((f) => f.fundId === fundId);
  if (report === undefined) throw new Error(`no report for ${fundId}`);
  return report;
};

const approve = (approvalId: unknown) => api.post(`/v1/approvals/${String(approvalId)}/approve`, { note: '同意' }, checker);
const matches = (fundId: string) => `/v1/reconciliations/${MONTH}/funds/${fundId}/matches`;
const del = (path: string, token: string) => api.call({ method: 'DELETE', path, headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() } });

beforeAll(async () => {
  api = startInProcessApi(db);
  maker = await api.token('finance-bureau', [], { subject: 'maker-zhang' });
  checker = await api.token('finance-bureau', [], { subject: 'checker-li' });
});

describe('bank charges', () => {
  it('booking the charge a statement shows turns the month clean on the next run', async () => {
    await fundWith('bc1', '1000000.00');
    // 1,000,000.00 in, 25.00 charged: closing 999,975.00.
    await statement('bc1', '999975.00', [
      { date: '2024-11-01', amount: '1000000.00', reference: 'INJ-bc1', description: '财政注资' },
      { date: '2024-11-27', amount: '-25.00', reference: 'SXF-0002', description: '银行手续费' },
    ]);
    const before = await monthEnd('bc1');
    expect(before.clean).toBe(false);
    expect(before.bank.unmatchedStatement.items).toEqual([expect.objectContaining({ lineRef: '1:2', amount: '-25.00' })]);

    const booked = await api.post('/v1/funds/bc1/bank-charges', { occurredOn: '2024-11-27', amount: '25.00', reference: 'SXF-0002', description: '银行手续费' }, maker);
    expect(booked.status, booked.text).toBe(201);
    expect(booked.body).toMatchObject({ amount: '25.00', cash: '999975.00' });
    const after = await monthEnd('bc1');
    expect(after.clean, JSON.stringify(after)).toBe(true);
  }, 60_000);

  it('refuses a charge that would overdraw the books, and a fund manager, changing nothing', async () => {
    await fundWith('bc2', '10.00');
    await refused(() => api.post('/v1/funds/bc2/bank-charges', { occurredOn: '2024-11-05', amount: '10.01', reference: 'SXF', description: '手续费' }, maker), 422, 'insufficient-funds');
    const manager = await api.token('fund-manager', ['bc2']);
    await refused(() => api.post('/v1/funds/bc2/bank-charges', { occurredOn: '2024-11-05', amount: '1.00', reference: 'SXF', description: '手续费' }, manager), 403);
  }, 60_000);
});

describe('capital returns', () => {
  it('is held (202), approved by another user, and only then takes the cash', async () => {
    await fundWith('cr1', '1000.00');
    const held = await api.post('/v1/funds/cr1/capital-returns', { occurredOn: '2024-11-10', amount: '400.00', reference: 'JH-2024-11', to: 'treasury' }, maker);
    expect(held.status, held.text).toBe(202);
    expect(held.body).toMatchObject({ status: 'pending-approval', amount: '400.00', to: 'treasury' });
    expect(await cashOf('cr1')).toBe(100_000n);
    await refused(() => api.post(`/v1/approvals/${String(held.body.approvalId)}/approve`, { note: '自己批' }, maker), 403, 'same-person');
    const approved = await approve(held.body.approvalId);
    expect(approved.status, approved.text).toBe(200);
    // 1,000.00 − 400.00 = 600.00
    expect(await cashOf('cr1')).toBe(60_000n);
    const events = await api.deps.store.readStream(streamIds.fund('cr1'));
    expect(events.at(-1)?.type).toBe('CapitalReturned');
  }, 60_000);

  it('checks the overdraw again at approval: cash spent meanwhile leaves the request pending', async () => {
    await fundWith('cr2', '100.00');
    const held = await api.post('/v1/funds/cr2/capital-returns', { occurredOn: '2024-11-10', amount: '80.00', reference: 'JH-2', to: 'treasury' }, maker);
    expect(held.status).toBe(202);
    expect((await api.post('/v1/funds/cr2/bank-charges', { occurredOn: '2024-11-11', amount: '30.00', reference: 'SXF', description: '手续费' }, maker)).status).toBe(201);
    await refused(() => approve(held.body.approvalId), 422, 'insufficient-funds');
    await refused(() => api.post('/v1/funds/cr2/capital-returns', { occurredOn: '2024-11-10', amount: '70.01', reference: 'JH-3', to: 'treasury' }, maker), 422, 'insufficient-funds');
    await refused(() => api.post('/v1/funds/cr2/capital-returns', { occurredOn: '2024-11-10', amount: '1.00', reference: 'JH-3', to: 'province' }, maker), 400);
  }, 60_000);
});

describe('adjustments', () => {
  const body = (adjustmentId: string, lines: object[], extra: object = {}) => ({ adjustmentId, occurredOn: '2024-11-15', reason: '科目更正', lines, ...extra });

  it('is held, approved by another user and posted as its lines; the reads show it', async () => {
    await fundWith('ad1', '1000.00');
    // Interest of 12.00 the bank paid, booked by adjustment against the bank line INT-11.
    const held = await api.post('/v1/funds/ad1/adjustments', body('adj-1', [{ account: '1001', debit: '12.00' }, { account: '4001', credit: '12.00' }], { bankReference: 'INT-11' }), maker);
    expect(held.status, held.text).toBe(202);
    expect(await cashOf('ad1')).toBe(100_000n);
    expect((await approve(held.body.approvalId)).status).toBe(200);
    expect(await cashOf('ad1')).toBe(101_200n);
    const [posted] = (await api.deps.store.readStream(streamIds.fund('ad1'))).filter((e) => e.type === 'AdjustmentPosted');
    expect(posted?.data).toMatchObject({ adjustmentId: 'adj-1', bankReference: 'INT-11' });
    await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
    const one = await api.get('/v1/funds/ad1/adjustments/adj-1', maker);
    expect(one.status, one.text).toBe(200);
    expect(one.body).toMatchObject({ adjustmentId: 'adj-1', status: 'approved', requested: { by: 'maker-zhang' }, decided: { by: 'checker-li' }, lines: [{ account: '1001', debit: '12.00' }, { account: '4001', credit: '12.00' }] });
    expect(((await api.get('/v1/funds/ad1/adjustments', maker)).body.items as unknown[]).length).toBe(1);
    expect((await api.get('/v1/funds/ad1/adjustments/nope', maker)).status).toBe(404);
    // The id is taken once, whatever became of the request.
    await refused(() => api.post('/v1/funds/ad1/adjustments', body('adj-1', [{ account: '5003', debit: '1.00' }, { account: '5002', credit: '1.00' }]), maker), 422, 'already-exists');
  }, 60_000);

  it('refuses an unbalanced entry, a position account and cash without a bank reference (400 naming the fields)', async () => {
    await fundWith('ad2', '1000.00');
    const unbalanced = await refused(() => api.post('/v1/funds/ad2/adjustments', body('a', [{ account: '5003', debit: '1.00' }, { account: '5002', credit: '0.99' }]), maker), 400);
    expect(unbalanced.body.errors).toEqual([expect.objectContaining({ field: 'body.lines', message: expect.stringContaining('unbalanced') })]);
    const position = await refused(() => api.post('/v1/funds/ad2/adjustments', body('a', [{ account: '1501', debit: '1.00' }, { account: '3101', credit: '1.00' }]), maker), 400);
    expect(position.body.errors).toEqual([expect.objectContaining({ field: 'body.lines.0.account', message: expect.stringContaining('position account') })]);
    const cash = await refused(() => api.post('/v1/funds/ad2/adjustments', body('a', [{ account: '1001', debit: '1.00' }, { account: '4001', credit: '1.00' }]), maker), 400);
    expect(cash.body.errors).toEqual([expect.objectContaining({ field: 'body.lines.0.account', message: expect.stringContaining('bank-reference-required') })]);
    await refused(() => api.post('/v1/funds/ad2/adjustments', body('a', [{ account: '5003', debit: '1.00', credit: '1.00' }, { account: '5002', credit: '1.00' }]), maker), 400);
    // Cash out beyond what the fund holds is refused at request already.
    await refused(() => api.post('/v1/funds/ad2/adjustments', body('a', [{ account: '5005', debit: '1000.01' }, { account: '1001', credit: '1000.01' }], { bankReference: 'X' }), maker), 422, 'insufficient-funds');
  }, 60_000);

  it('a rejected adjustment posts nothing', async () => {
    await fundWith('ad3', '1000.00');
    const held = await api.post('/v1/funds/ad3/adjustments', body('r1', [{ account: '5003', debit: '5.00' }, { account: '5002', credit: '5.00' }]), maker);
    expect(held.status).toBe(202);
    expect((await api.post(`/v1/approvals/${String(held.body.approvalId)}/reject`, { note: '依据不足' }, checker)).status).toBe(200);
    expect((await api.deps.store.readStream(streamIds.fund('ad3'))).some((e) => e.type === 'AdjustmentPosted')).toBe(false);
  }, 60_000);
});

describe('manual matching (人工勾对)', () => {
  it('matching a charge and its refund makes the month clean, lists who/when/note, and DELETE undoes it', async () => {
    await fundWith('mm1', '1000000.00');
    // The demo's November: a 25.00 charge and its refund, no book entry for either.
    await statement('mm1', '1000000.00', [
      { date: '2024-11-01', amount: '1000000.00', reference: 'INJ-mm1', description: '财政注资' },
      { date: '2024-11-27', amount: '-25.00', reference: 'SXF-0001', description: '银行手续费' },
      { date: '2024-11-28', amount: '25.00', reference: 'SXF-0001-TH', description: '手续费退回' },
    ]);
    const before = await monthEnd('mm1');
    expect(before.discrepancyCount).toBe(2);
    expect(before.bank.unmatchedStatement.items.map((l) => l.lineRef)).toEqual(['1:2', '1:3']);

    // Sides that differ, unknown lines, and a bank line of another import are refused.
    await refused(() => api.post(matches('mm1'), { matchId: 'x', bankLines: ['1:2'], note: '只有手续费' }, maker), 422, 'sides-differ');
    await refused(() => api.post(matches('mm1'), { matchId: 'x', bankLines: ['1:9'], note: '?' }, maker), 422, 'unknown-bank-line');
    await refused(() => api.post(matches('mm1'), { matchId: 'x', bankLines: ['2:2', '2:3'], note: '?' }, maker), 422, 'unknown-bank-line');
    await refused(() => api.post(matches('mm1'), { matchId: 'x', bankLines: ['1:2', '1:3'], bookEntries: [{ streamId: 'fund-nope', version: 1 }], note: '?' }, maker), 422, 'unknown-book-entry');
    await refused(() => api.post(matches('mm1'), { matchId: 'x', bankLines: ['1:2', '1:3'], note: '' }, maker), 400);
    const manager = await api.token('fund-manager', ['mm1']);
    await refused(() => api.post(matches('mm1'), { matchId: 'x', bankLines: ['1:2', '1:3'], note: '手续费及退回' }, manager), 403);

    const matched = await api.post(matches('mm1'), { matchId: 'm1', bankLines: ['1:2', '1:3'], note: '手续费及其退回，相互抵销' }, maker);
    expect(matched.status, matched.text).toBe(201);
    expect(matched.body).toMatchObject({ matchId: 'm1', amount: '0.00', matchedBy: 'maker-zhang' });
    await refused(() => api.post(matches('mm1'), { matchId: 'm2', bankLines: ['1:3', '1:2'], note: '再勾一次' }, maker), 422, 'already-matched');

    const clean = await monthEnd('mm1');
    expect(clean.clean, JSON.stringify(clean)).toBe(true);
    expect(clean.bank.manualMatches).toEqual([expect.objectContaining({ matchId: 'm1', note: '手续费及其退回，相互抵销', matchedBy: 'maker-zhang', applied: true, matchedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) })]);

    const undone = await del(`${matches('mm1')}/m1`, maker);
    expect(undone.status, undone.text).toBe(200);
    await refused(() => del(`${matches('mm1')}/m1`, maker), 404);
    expect((await monthEnd('mm1')).discrepancyCount).toBe(2);

    // Matched again, the month closes clean without an override; after that nothing is undone.
    expect((await api.post(matches('mm1'), { matchId: 'm3', bankLines: ['1:2', '1:3'], note: '重新勾对' }, maker)).status).toBe(201);
    expect((await monthEnd('mm1')).clean).toBe(true);
    const closed = await api.post(`/v1/periods/${MONTH}/close`, { fundIds: ['mm1'] }, maker);
    expect(closed.status, closed.text).toBe(200);
    await refused(() => del(`${matches('mm1')}/m3`, maker), 409, 'period-closed');
  }, 120_000);

  it('one bank line paying several book entries', async () => {
    await fundWith('mm2', '1000.00');
    for (const [amount, reference] of [['100.00', 'FEE-A'], ['200.00', 'FEE-B']]) {
      expect((await api.post('/v1/funds/mm2/bank-charges', { occurredOn: '2024-11-12', amount, reference, description: '手续费' }, maker)).status).toBe(201);
    }
    // The bank took both in one debit of 300.00: 1,000.00 − 300.00 = 700.00.
    await statement('mm2', '700.00', [
      { date: '2024-11-01', amount: '1000.00', reference: 'INJ-mm2', description: '财政注资' },
      { date: '2024-11-12', amount: '-300.00', reference: 'FEE-AB', description: '手续费合并扣收' },
    ]);
    expect((await monthEnd('mm2')).discrepancyCount).toBe(3);
    const versions = (await api.deps.store.readStream(streamIds.fund('mm2'))).filter((e) => e.type === 'BankChargeBooked').map((e) => ({ streamId: e.streamId, version: e.version }));
    const matched = await api.post(matches('mm2'), { matchId: 'm1', bankLines: ['1:2'], bookEntries: versions, note: '两笔手续费一次扣收' }, maker);
    expect(matched.status, matched.text).toBe(201);
    expect((await monthEnd('mm2')).clean).toBe(true);
  }, 60_000);
});
