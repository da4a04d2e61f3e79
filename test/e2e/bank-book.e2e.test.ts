import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { client, eventually, useLocalStack } from './api-support';

// Issue 19 §2 over HTTP on the local stack (projectors running, no rebuild): the demo's November — a
// 25.00 charge and its refund the books do not have — resolved by a manual match (人工勾对), and a
// charge the bank kept resolved by booking it.

const local = useLocalStack();
const api = client(() => local.stack);
const MONTH = '2024-11';

type FundReport = { fundId: string; clean: boolean; discrepancyCount: number; bank: { unmatchedStatement: { items: { lineRef: string; amount: string }[] }; manualMatches: { matchId: string; matchedBy: string; note: string }[] } };

describe('every bank line bookable, over HTTP', () => {
  it('a matched charge and refund, and a booked charge, turn their months clean; a closed month keeps its match', async () => {
    const bureau = await api.token('finance-bureau');
    for (const fundId of ['bb1', 'bb2']) {
      expect((await api.post('/v1/funds', { fundId, kind: 'guidance-fund', name: fundId, openedOn: '2024-11-01' }, { token: bureau })).status).toBe(201);
      expect((await api.post(`/v1/funds/${fundId}/capital-injections`, { amount: '1000.00', occurredOn: '2024-11-01', source: 'city', reference: `INJ-${fundId}` }, { token: bureau })).status).toBe(201);
    }
    // bb1: the charge and its refund (−25.00 + 25.00 = 0.00); bb2: a charge the bank kept (1,000.00 − 25.00 = 975.00).
    const statement = (fundId: string, closing: string, lines: object[]) =>
      api.post(`/v1/funds/${fundId}/bank-statements`, { month: MONTH, openingBalance: '0.00', closingBalance: closing, lines: [{ date: '2024-11-01', amount: '1000.00', reference: `INJ-${fundId}`, description: '财政注资' }, ...lines] }, { token: bureau });
    expect((await statement('bb1', '1000.00', [{ date: '2024-11-27', amount: '-25.00', reference: 'SXF-0001', description: '银行手续费' }, { date: '2024-11-28', amount: '25.00', reference: 'SXF-0001-TH', description: '手续费退回' }])).status).toBe(201);
    expect((await statement('bb2', '975.00', [{ date: '2024-11-27', amount: '-25.00', reference: 'SXF-0002', description: '银行手续费' }])).status).toBe(201);
    const booked = await api.post('/v1/funds/bb2/bank-charges', { occurredOn: '2024-11-27', amount: '25.00', reference: 'SXF-0002', description: '银行手续费' }, { token: bureau });
    expect(booked.status, booked.text).toBe(201);

    const reports = async (): Promise<Map<string, FundReport>> => {
      const run = await api.post('/v1/reconciliations', { month: MONTH }, { token: bureau });
      expect(run.status, run.text).toBe(202);
      const read = await api.get(`/v1/reconciliations/${MONTH}`, { token: bureau });
      return new Map((read.body.funds as FundReport[]).map((f) => [f.fundId, f]));
    };
    // The read models catch up with the postings (month end compares them with a replay).
    await eventually(() => api.get('/v1/funds/bb2', { token: bureau }), (r) => r.body.cash === '975.00');
    const first = await eventually(reports, (r) => r.get('bb2')?.clean === true);
    const bb1 = first.get('bb1');
    expect(bb1?.discrepancyCount).toBe(2);
    const refs = bb1?.bank.unmatchedStatement.items.map((l) => l.lineRef) ?? [];
    expect(refs).toEqual(['1:2', '1:3']);

    const path = `/v1/reconciliations/${MONTH}/funds/bb1/matches`;
    expect((await api.post(path, { matchId: 'x', bankLines: ['1:2'], note: '只有手续费' }, { token: bureau })).body.code).toBe('sides-differ');
    const matched = await api.post(path, { matchId: 'nov-sxf', bankLines: refs, bookEntries: [], note: '手续费及其退回，相互抵销' }, { token: bureau });
    expect(matched.status, matched.text).toBe(201);
    const second = await reports();
    expect(second.get('bb1')?.clean).toBe(true);
    expect(second.get('bb1')?.bank.manualMatches).toEqual([expect.objectContaining({ matchId: 'nov-sxf', note: '手续费及其退回，相互抵销' })]);

    const closed = await api.post(`/v1/periods/${MONTH}/close`, { fundIds: ['bb1', 'bb2'] }, { token: bureau });
    expect(closed.status, closed.text).toBe(200);
    const undo = await fetch(`${local.stack.url}${path}/nov-sxf`, { method: 'DELETE', headers: { authorization: `Bearer ${bureau}`, 'idempotency-key': randomUUID() } });
    expect(undo.status).toBe(409);
    expect(((await undo.json()) as { code: string }).code).toBe('period-closed');
  }, 180_000);
});
