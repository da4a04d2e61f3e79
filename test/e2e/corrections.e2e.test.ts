// Reversals (冲正) over HTTP on the local stack: a guarantee typed as 5,600,000.00 instead of
// 560,000.00 is reversed at one user's request and another's approval; the maker cannot approve; the
// journal shows the 红字 line (same account and side, amount negated) linked both ways to the
// original; the guarantee is voided; balances and the correction's read say the same.
import { describe, expect, it } from 'vitest';
import { account, client, CREDIT_CODE, eventually, useLocalStack } from './api-support';

const local = useLocalStack();
const http = client(() => local.stack);
const FUND = 'pool-corr';
const person = (role: 'finance-bureau' | 'fund-manager', name: string) => local.stack.token(role, role === 'fund-manager' ? [FUND] : [], name);

interface Line {
  account: string;
  debit: string;
  credit: string;
  streamId: string;
  version: number;
  summary?: string;
  voucherNo?: string | null;
  reverses?: { streamId: string; version: number; correctionId: string };
  reversedBy?: { streamId: string; version: number; correctionId: string };
}

describe('corrections over HTTP', () => {
  it('voids a mistyped guarantee at one person’s request and another’s approval, with 红字 lines linked both ways', async () => {
    const bob = await person('finance-bureau', 'bob');
    const carol = await person('finance-bureau', 'carol');
    const alice = await person('fund-manager', 'alice');
    expect((await http.post('/v1/funds', { fundId: FUND, kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-01-01' }, { token: bob })).status).toBe(201);
    expect((await http.post(`/v1/funds/${FUND}/capital-injections`, { amount: '1000000.00', occurredOn: '2024-01-02', source: 'city', reference: 'LCCZ-2024-001' }, { token: bob })).status).toBe(201);
    const issued = await http.post(
      `/v1/funds/${FUND}/guarantees`,
      {
        guaranteeId: 'DB2024-0058',
        agency: '聊城市融资担保有限公司',
        borrower: { name: '聊城市某某公司', creditCode: CREDIT_CODE, category: 'small' },
        lender: '聊城农商银行',
        principal: '5600000.00',
        feeRateBps: 100,
        startsOn: '2024-05-06',
        maturesOn: '2025-05-05',
      },
      { token: alice },
    );
    expect(issued.status).toBe(201);
    const stream = `guarantee-${FUND}:DB2024-0058`;

    // Unknown event: 404 at once; nothing held.
    expect((await http.post(`/v1/funds/${FUND}/corrections`, { correctionId: 'x', reverses: { streamId: stream, version: 9 }, occurredOn: '2024-05-07', reason: '无' }, { token: alice })).status).toBe(404);
    // A fund creation is not reversible: 409 naming the event.
    const notReversible = await http.post(`/v1/funds/${FUND}/corrections`, { correctionId: 'y', reverses: { streamId: `fund-${FUND}`, version: 1 }, occurredOn: '2024-05-07', reason: '无' }, { token: alice });
    expect(notReversible.status).toBe(409);
    expect(notReversible.body).toMatchObject({ code: 'not-reversible', events: [{ streamId: `fund-${FUND}`, version: 1, type: 'FundCreated' }] });

    const held = await http.post(`/v1/funds/${FUND}/corrections`, { correctionId: 'CZ-1', reverses: { streamId: stream, version: 1 }, occurredOn: '2024-05-07', reason: '本金 560,000.00 误录为 5,600,000.00' }, { token: alice });
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({ status: 'pending-approval', kind: 'guarantee', lines: [{ streamId: stream, reversesVersion: 1, account: '9001', side: 'debit', amount: '-5600000.00' }] });
    const approvalId = String(held.body.approvalId);

    const pending = await eventually(() => http.get(`/v1/funds/${FUND}/corrections/CZ-1`, { token: bob }), (r) => r.status === 200);
    expect(pending.body).toMatchObject({ status: 'pending', requested: { by: 'alice' }, reverses: { streamId: stream, version: 1 } });

    // The maker cannot approve (a bureau maker gets 403 same-person; alice is no checker at all).
    const ownHeld = await http.post(`/v1/funds/${FUND}/corrections`, { correctionId: 'CZ-own', reverses: { streamId: `fund-${FUND}`, version: 2 }, occurredOn: '2024-05-07', reason: '试' }, { token: bob });
    expect(ownHeld.status).toBe(202);
    const own = await http.post(`/v1/approvals/${String(ownHeld.body.approvalId)}/approve`, { note: 'mine' }, { token: bob });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('same-person');
    expect((await http.post(`/v1/approvals/${approvalId}/approve`, { note: 'x' }, { token: alice })).status).toBe(403);
    expect((await http.post(`/v1/approvals/${String(ownHeld.body.approvalId)}/reject`, { note: '不需要' }, { token: carol })).status).toBe(200);

    const approved = await http.post(`/v1/approvals/${approvalId}/approve`, { note: '核对合同无误' }, { token: carol });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'carol', result: { status: 'approved', reversals: [{ streamId: stream, version: 2, reversesVersion: 1 }] } });

    const guarantee = await eventually(() => http.get(`/v1/funds/${FUND}/guarantees/DB2024-0058`, { token: bob }), (r) => r.body.status === 'voided');
    expect(guarantee.body).toMatchObject({ status: 'voided', voidedOn: '2024-05-07' });
    // 9001: 5,600,000.00 − 5,600,000.00 = 0
    const balances = await eventually(() => http.get(`/v1/funds/${FUND}/balances`, { token: bob }), (r) => account(r, '9001')?.debit === '0.00');
    expect(account(balances, '1001')).toMatchObject({ debit: '1000000.00' });

    const journal = await eventually(
      () => http.get(`/v1/funds/${FUND}/journal`, { token: bob }),
      (r) => ((r.body.items ?? []) as unknown as Line[]).some((l) => l.reversedBy !== undefined),
    );
    const lines = (journal.body.items ?? []) as unknown as Line[];
    const original = lines.find((l) => l.streamId === stream && l.version === 1);
    const reversal = lines.find((l) => l.streamId === stream && l.version === 2);
    if (process.env.SHOW_CORRECTION === '1') console.log(JSON.stringify({ held: held.body, approved: approved.body, original, reversal }, null, 1));
    expect(original).toMatchObject({ account: '9001', debit: '5600000.00', reversedBy: { streamId: stream, version: 2, correctionId: 'CZ-1' } });
    expect(reversal).toMatchObject({ account: '9001', debit: '-5600000.00', credit: '0.00', reverses: { streamId: stream, version: 1, correctionId: 'CZ-1' } });
    expect(reversal?.summary).toMatch(/^冲销 /);
    if (typeof original?.voucherNo === 'string') expect(reversal?.summary).toContain(original.voucherNo);

    const read = await eventually(() => http.get(`/v1/funds/${FUND}/corrections?status=approved`, { token: alice }), (r) => (r.body.items ?? []).length === 1);
    expect(read.body.items?.[0]).toMatchObject({ correctionId: 'CZ-1', status: 'approved', requested: { by: 'alice' }, decided: { by: 'carol', note: '核对合同无误' } });

    // Reversing it again: 409 already-reversed, naming the reversal.
    const twice = await http.post(`/v1/funds/${FUND}/corrections`, { correctionId: 'CZ-2', reverses: { streamId: stream, version: 1 }, occurredOn: '2024-05-08', reason: '再冲' }, { token: alice });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'already-reversed' });
  });
  it('voids a commitment made in error: the commitment reads voided and /v1/kpis no longer counts it as landed', async () => {
    const bob = await person('finance-bureau', 'bob');
    const carol = await person('finance-bureau', 'carol');
    const GUIDE = 'guide-corr';
    const dave = await local.stack.token('fund-manager', [GUIDE], 'dave');
    expect((await http.post('/v1/funds', { fundId: GUIDE, kind: 'guidance-fund', name: '政府引导基金', openedOn: '2024-01-01' }, { token: bob })).status).toBe(201);
    const made = await http.post(
      `/v1/funds/${GUIDE}/commitments`,
      { commitmentId: 'ZJJ-9', committedOn: '2024-06-05', amount: '10000000.00', subFund: { name: '聊城高端装备子基金', size: '40000000.00', prioritySector: false, green: false, manager: { name: 'GP', paidInCapital: '20000000.00' } } },
      { token: dave },
    );
    expect(made.status).toBe(201);
    const landed = async () => ((await http.get('/v1/kpis?year=2024', { token: bob })).body as { indicators: { guidanceLanded: { actual: string; leverage: string } } }).indicators.guidanceLanded;
    // 40,000,000.00 ÷ 10,000,000.00 = 4.00.
    expect(await landed()).toMatchObject({ actual: '10000000.00', leverage: '4.00' });
    const held = await http.post(`/v1/funds/${GUIDE}/corrections`, { correctionId: 'CZ-9', reverses: { streamId: `commitment-${GUIDE}:ZJJ-9`, version: 1 }, occurredOn: '2024-06-10', reason: '子基金录错' }, { token: dave });
    expect(held.status).toBe(202);
    // 红字 of the memo line: Dr 9002 −10,000,000.00.
    expect(held.body).toMatchObject({ kind: 'commitment', lines: [{ account: '9002', side: 'debit', amount: '-10000000.00' }] });
    expect((await http.post(`/v1/approvals/${String(held.body.approvalId)}/approve`, { note: '核对无误' }, { token: carol })).status).toBe(200);
    const commitment = await eventually(() => http.get(`/v1/funds/${GUIDE}/commitments/ZJJ-9`, { token: bob }), (r) => r.body.status === 'voided');
    expect(commitment.body).toMatchObject({ status: 'voided', voidedOn: '2024-06-10', unfunded: '0.00' });
    expect(await landed()).toMatchObject({ actual: '0.00', leverage: '0.00' });
  });
});
