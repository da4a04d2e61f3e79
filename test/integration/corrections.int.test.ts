// Reversals (冲正) against DynamoDB Local: a correction is held until a second person approves; the
// approval appends one EntryReversed per event of the entry, on each stream the entry touched, in one
// transaction with the approval; every refusal leaves both tables exactly as they were.
import { beforeAll, describe, expect, it } from 'vitest';
import { balancesOfEvents, trialBalance } from '../../domain/ledger';
import type { BridgeLoanState } from '../../domain/bridge-fund';
import type { FundState } from '../../domain/fund-book';
import type { CommitmentState } from '../../domain/guidance-fund';
import type { GuaranteeState } from '../../domain/risk-pool';
import { toEnvelope } from '../../events/envelope';
import { encodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { createCommands } from '../../functions/commands';
import { createEventStore } from '../../functions/store/event-store';
import { kpisForYear } from '../../functions/month-end/kpis';
import { storeFingerprint } from '../support/in-process-api';
import { useDynamoLocal } from '../support/dynamo';
import { CREDIT_CODE } from '../e2e/api-support';

const db = useDynamoLocal();
let store: ReturnType<typeof createEventStore>;
let commands: ReturnType<typeof createCommands>;
beforeAll(() => {
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  commands = createCommands(store, { baseDelayMs: 5, maxAttempts: 20 });
});
let n = 0;
const as = (actor: string, role = 'finance-bureau') => ({ meta: { actor, role, requestId: `r${(n += 1)}`, correlationId: 'c' } });
const fingerprint = () => storeFingerprint(db.client, [db.eventsTableName, db.readTableName]);

const snapshot = async <S>(streamId: string): Promise<S> => (await store.readHead(streamId))?.snapshot as S;
const cashOf = async (fundId: string) => (await snapshot<FundState>(streamIds.fund(fundId))).cash;
/** Trial balance of the fund from its stored events alone (replay). */
const foldedBalances = async (...streams: string[]) => balancesOfEvents((await Promise.all(streams.map((s) => store.readStream(s)))).flat().map(toEnvelope));

/** Requests by the maker, approves by the checker; answers the approval's body. */
const reverse = async (fundId: string, correctionId: string, reverses: { streamId: string; version: number }, occurredOn: string) => {
  const held = await commands.requestCorrection(fundId, { correctionId, reverses, occurredOn, reason: '录入错误' }, as('maker', 'fund-manager'));
  expect(held.status).toBe(202);
  const { approvalId } = held.body as { approvalId: string };
  return (await commands.approve(approvalId, { note: '核对无误' }, as('checker'))).body as { result: Record<string, unknown> };
};

const openFund = async (fundId: string, kind: 'risk-pool' | 'bridge-fund' | 'guidance-fund', cash: bigint) => {
  await commands.createFund({ fundId, kind, name: fundId, openedOn: '2024-01-01' }, '2024-01-01', as('setup'));
  await commands.injectCapital(fundId, { amount: cash, occurredOn: '2024-01-02', source: 'city', reference: 'LCCZ-2024-001' }, as('setup'));
};
const guarantee = (guaranteeId: string, principal: bigint) => ({
  guaranteeId,
  agency: '聊城市融资担保有限公司',
  borrower: { name: '聊城市某某公司', creditCode: CREDIT_CODE, category: 'small' as const },
  lender: '聊城农商银行',
  principal,
  feeRateBps: 100,
  startsOn: '2024-05-06',
  maturesOn: '2025-05-05',
});

/** A guidance fund with 50,000,000.00, a commitment of 10,000,000.00, one call made on the 6th of `month` and paid on the 8th. */
const calledAndPaid = async (fundId: string, commitmentId: string, callId: string, amount: bigint, month: string) => {
  await openFund(fundId, 'guidance-fund', 50_000_000_00n);
  await commands.makeCommitment(
    fundId,
    { commitmentId, committedOn: `${month}-05`, amount: 10_000_000_00n, subFund: { name: '聊城绿色产业子基金', size: 40_000_000_00n, prioritySector: false, green: true, manager: { name: 'GP', paidInCapital: 20_000_000_00n } } },
    as('m'),
  );
  await commands.callCapital(fundId, commitmentId, { callId, amount, calledOn: `${month}-06`, dueOn: `${month}-20` }, as('m'));
  await commands.payCapitalCall(fundId, commitmentId, callId, { paidOn: `${month}-08` }, as('m'));
};

describe('reversals (冲正) on DynamoDB Local', () => {
  it('reverses interest: held until approved, then the cash goes back out with the 红字 lines on the fund stream', async () => {
    await openFund('cr-int', 'risk-pool', 1_000_000_00n);
    await commands.receiveInterest('cr-int', { amount: 1_234_56n, occurredOn: '2024-05-10', reference: 'INT-Q2' }, as('m'));
    const before = await fingerprint();
    const held = await commands.requestCorrection('cr-int', { correctionId: 'c1', reverses: { streamId: 'fund-cr-int', version: 3 }, occurredOn: '2024-06-03', reason: '利息重复入账' }, as('maker'));
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({
      status: 'pending-approval',
      kind: 'interest',
      // 红字: the original's debit 1001 and credit 4001 of 1,234.56, amounts negated, same sides.
      lines: [
        { streamId: 'fund-cr-int', reversesVersion: 3, account: '1001', side: 'debit', amount: '-1234.56' },
        { streamId: 'fund-cr-int', reversesVersion: 3, account: '4001', side: 'credit', amount: '-1234.56' },
      ],
    });
    expect(await cashOf('cr-int')).toBe(1_001_234_56n);
    expect(await fingerprint()).not.toBe(before); // the request itself is recorded (correction + approval streams)

    const { approvalId } = held.body as { approvalId: string };
    await expect(commands.approve(approvalId, { note: 'me' }, as('maker'))).rejects.toMatchObject({ code: 'same-person' });
    const approved = await commands.approve(approvalId, { note: '核对无误' }, as('checker'));
    expect(approved.body).toMatchObject({ status: 'approved', result: { status: 'approved', cash: '1000000.00', reversals: [{ streamId: 'fund-cr-int', version: 4, reversesVersion: 3 }] } });
    // 1,001,234.56 − 1,234.56 = 1,000,000.00
    expect(await cashOf('cr-int')).toBe(1_000_000_00n);
    const [reversal] = (await store.readStream('fund-cr-int', { fromVersion: 4 })).map(toEnvelope);
    expect(reversal).toMatchObject({ type: 'EntryReversed', occurredOn: '2024-06-03', data: { correctionId: 'c1', reverses: { streamId: 'fund-cr-int', version: 3, type: 'InterestReceived' } } });
    const tb = trialBalance(await foldedBalances('fund-cr-int'));
    expect(tb.balanced).toBe(true);
    expect(tb.rows.find((r) => r.code === '4001')).toEqual({ code: '4001', debit: 0n, credit: 0n });
    const correction = await store.readStream(streamIds.correction('cr-int', 'c1'));
    expect(correction.map((e) => e.type)).toEqual(['CorrectionRequested', 'CorrectionApproved']);
    expect(correction[1]?.recordedAt).toBe(reversal?.recordedAt); // one transaction

    // Reversing twice is refused, and changes nothing.
    const twice = await fingerprint();
    await expect(
      commands.requestCorrection('cr-int', { correctionId: 'c2', reverses: { streamId: 'fund-cr-int', version: 3 }, occurredOn: '2024-06-03', reason: '再冲' }, as('maker')),
    ).rejects.toMatchObject({ code: 'already-reversed' });
    // A reversal itself is not reversible.
    await expect(
      commands.requestCorrection('cr-int', { correctionId: 'c3', reverses: { streamId: 'fund-cr-int', version: 4 }, occurredOn: '2024-06-03', reason: '冲红字' }, as('maker')),
    ).rejects.toMatchObject({ code: 'not-reversible' });
    expect(await fingerprint()).toBe(twice);
  });

  it('voids a guarantee issued in error (memo 9001 released), refusing while a compensation stands on it; the compensation reverses with its cash', async () => {
    await openFund('cr-pool', 'risk-pool', 10_000_000_00n);
    await commands.issueGuarantee('cr-pool', guarantee('DB2024-0058', 5_600_000_00n), as('m'));
    // Pool share 10 % of a 500,000.00 loss = 50,000.00
    await commands.compensateDefault('cr-pool', 'DB2024-0058', { occurredOn: '2024-07-01', principalLoss: 500_000_00n }, as('m'));
    const g = streamIds.guarantee('cr-pool', 'DB2024-0058');
    const before = await fingerprint();
    await expect(
      commands.requestCorrection('cr-pool', { correctionId: 'void-1', reverses: { streamId: g, version: 1 }, occurredOn: '2024-07-02', reason: '金额录错' }, as('maker')),
    ).rejects.toMatchObject({ code: 'has-dependents', error: { events: [{ streamId: g, version: 2, type: 'GuaranteeDefaulted' }] } });
    expect(await fingerprint()).toBe(before);

    // Reversing the compensation (named by its fund-stream half) reverses both halves and returns the cash.
    const comp = await reverse('cr-pool', 'comp-1', { streamId: 'fund-cr-pool', version: 3 }, '2024-07-02');
    expect(comp.result).toMatchObject({ kind: 'compensation', cash: '10000000.00' });
    expect((await snapshot<GuaranteeState>(g)).status).toBe('active');

    const voided = await reverse('cr-pool', 'void-1', { streamId: g, version: 1 }, '2024-07-03');
    expect(voided.result).toMatchObject({ kind: 'guarantee', lines: [{ account: '9001', side: 'debit', amount: '-5600000.00' }] });
    expect((await snapshot<GuaranteeState>(g)).status).toBe('voided');
    const balances = await foldedBalances('fund-cr-pool', g);
    // 9001: issue 5,600,000.00 + its 红字 −5,600,000.00 = 0 debit; default 5,600,000.00 + its 红字 −5,600,000.00 = 0 credit
    expect(balances['9001']).toEqual({ debit: 0n, credit: 0n });
    expect(balances['5001']).toEqual({ debit: 0n, credit: 0n });
    expect(trialBalance(balances).balanced).toBe(true);
  });

  it('reverses a repayment: the loan is outstanding again, the fee income reversed, the cash taken back; it can then be repaid', async () => {
    await openFund('cr-bridge', 'bridge-fund', 20_000_000_00n);
    await commands.grantBridgeLoan(
      'cr-bridge',
      {
        loanId: 'ZD-1',
        borrower: { name: '聊城市某某机械公司', creditCode: CREDIT_CODE },
        bank: '工商银行聊城分行',
        amount: 8_000_000_00n,
        renewalCommitment: { reference: 'XD-1', amount: 9_000_000_00n },
        disbursedOn: '2024-05-06',
        dueOn: '2024-05-16',
      },
      as('m'),
    );
    // The fee is the policy's rate × 8,000,000.00 × 3 days (8 bp/day: 19,200.00; 1 bp/day: 2,400.00).
    await commands.repayBridgeLoan('cr-bridge', 'ZD-1', { repaidOn: '2024-05-09' }, as('m'));
    const repaid = (await store.readStream('fund-cr-bridge', { fromVersion: 4 })).map(toEnvelope)[0];
    const fee = repaid?.type === 'BridgeLoanRepaid' ? repaid.data.fee : 0n;
    const yuanOf = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    const loan = streamIds.bridgeLoan('cr-bridge', 'ZD-1');
    // Named by its loan-stream half: the entry is found through the transaction both halves share.
    const answer = await reverse('cr-bridge', 'rep-1', { streamId: loan, version: 2 }, '2024-05-10');
    expect(answer.result).toMatchObject({
      kind: 'repayment',
      entry: [
        { streamId: loan, version: 2, type: 'BridgeLoanSettled' },
        { streamId: 'fund-cr-bridge', version: 4, type: 'BridgeLoanRepaid' },
      ],
      lines: [
        { account: '1001', side: 'debit', amount: `-${yuanOf(8_000_000_00n + fee)}` },
        { account: '1201', side: 'credit', amount: '-8000000.00' },
        { account: '4002', side: 'credit', amount: `-${yuanOf(fee)}` },
      ],
      // 20,000,000.00 − 8,000,000.00 out = 12,000,000.00
      cash: '12000000.00',
    });
    expect((await snapshot<BridgeLoanState>(loan)).status).toBe('open');
    const fund = await snapshot<FundState>('fund-cr-bridge');
    expect(fund.bridgeOutstanding).toBe(8_000_000_00n);
    await expect(commands.repayBridgeLoan('cr-bridge', 'ZD-1', { repaidOn: '2024-05-11' }, as('m'))).resolves.toMatchObject({ status: 201 });
  });

  it('reverses a capital call payment: the call reopens and the cash comes back, dated in an open month after the original month closed', async () => {
    await calledAndPaid('cr-guide', 'ZJJ-1', 'K1', 2_000_000_00n, '2024-03');
    // Close March: the reversal must be dated in an open period, the original's may be closed.
    const closed = encodeEvent({ type: 'PeriodClosed', data: { fundId: 'cr-guide', month: '2024-03', reconciliationClean: true } });
    await store.append([{ streamId: streamIds.period('cr-guide', '2024-03'), expectedVersion: 0, events: [{ ...closed, occurredOn: '2024-03-31' }] }], { meta: as('close').meta });
    const before = await fingerprint();
    await expect(commands.requestCorrection('cr-guide', { correctionId: 'pay-x', reverses: { streamId: 'fund-cr-guide', version: 3 }, occurredOn: '2024-03-28', reason: '付错' }, as('maker'))).rejects.toMatchObject({
      code: 'period-closed',
    });
    expect(await fingerprint()).toBe(before);
    const answer = await reverse('cr-guide', 'pay-1', { streamId: 'fund-cr-guide', version: 3 }, '2024-04-02');
    expect(answer.result).toMatchObject({ kind: 'capital-call-payment', cash: '50000000.00', lines: [{ account: '2203', side: 'debit', amount: '-2000000.00' }, { account: '1001', side: 'credit', amount: '-2000000.00' }] });
    const commitment = await snapshot<CommitmentState>(streamIds.commitment('cr-guide', 'ZJJ-1'));
    expect(commitment.calls.K1?.paid).toBe(false);
    expect(commitment.paidIn).toBe(0n);
    await expect(commands.payCapitalCall('cr-guide', 'ZJJ-1', 'K1', { paidOn: '2024-04-03' }, as('m'))).resolves.toMatchObject({ status: 201 });
  });

  it('reverses a capital call issued in error once its payment is reversed: unfunded again, and the call gone', async () => {
    await calledAndPaid('cr-call', 'ZJJ-2', 'K9', 3_000_000_00n, '2024-05');
    const commitmentStream = streamIds.commitment('cr-call', 'ZJJ-2');
    // The call (commitment stream v2) has its payment (v3) standing on it: refused, nothing written.
    const before = await fingerprint();
    await expect(commands.requestCorrection('cr-call', { correctionId: 'call-x', reverses: { streamId: commitmentStream, version: 2 }, occurredOn: '2024-05-10', reason: '误发缴款通知' }, as('maker'))).rejects.toMatchObject({
      code: 'has-dependents',
    });
    expect(await fingerprint()).toBe(before);
    await reverse('cr-call', 'pay-9', { streamId: commitmentStream, version: 3 }, '2024-05-10');
    const answer = await reverse('cr-call', 'call-9', { streamId: commitmentStream, version: 2 }, '2024-05-10');
    // 红字 of the call: Dr 1501 −3,000,000.00, Cr 2203 −3,000,000.00, Cr 9002 −3,000,000.00.
    expect(answer.result).toMatchObject({ kind: 'capital-call', lines: [{ account: '1501', amount: '-3000000.00' }, { account: '2203', amount: '-3000000.00' }, { account: '9002', amount: '-3000000.00' }] });
    const commitment = await snapshot<CommitmentState>(commitmentStream);
    // 10,000,000.00 committed, 0.00 called: the whole commitment is unfunded again.
    expect(commitment).toMatchObject({ called: 0n, paidIn: 0n, calls: {} });
    expect(trialBalance(await foldedBalances('fund-cr-call', commitmentStream)).balanced).toBe(true);
    // 1501 and 2203 are back to zero; cash back to the 50,000,000.00 injected.
    expect(await cashOf('cr-call')).toBe(50_000_000_00n);
  });

  it('voids a commitment made in error (memo 9002 reversed), refusing while a capital call stands on it, at the request and again at approval', async () => {
    await openFund('cr-commit', 'guidance-fund', 50_000_000_00n);
    await commands.makeCommitment(
      'cr-commit',
      { commitmentId: 'ZJJ-3', committedOn: '2024-06-05', amount: 10_000_000_00n, subFund: { name: '聊城高端装备子基金', size: 40_000_000_00n, prioritySector: false, green: false, manager: { name: 'GP', paidInCapital: 20_000_000_00n } } },
      as('m'),
    );
    const commitmentStream = streamIds.commitment('cr-commit', 'ZJJ-3');
    const made = { streamId: commitmentStream, version: 1 };
    // Requested while nothing stands on it; a call made before the approval is found again at approval.
    const held = await commands.requestCorrection('cr-commit', { correctionId: 'cm-1', reverses: made, occurredOn: '2024-06-10', reason: '子基金录错' }, as('maker', 'fund-manager'));
    const { approvalId } = held.body as { approvalId: string };
    await commands.callCapital('cr-commit', 'ZJJ-3', { callId: 'K1', amount: 1_000_000_00n, calledOn: '2024-06-06', dueOn: '2024-06-20' }, as('m'));
    let before = await fingerprint();
    await expect(commands.approve(approvalId, { note: 'ok' }, as('checker'))).rejects.toMatchObject({ code: 'has-dependents', error: { events: [{ streamId: commitmentStream, version: 2, type: 'CapitalCalled' }] } });
    await expect(commands.requestCorrection('cr-commit', { correctionId: 'cm-2', reverses: made, occurredOn: '2024-06-10', reason: '子基金录错' }, as('maker'))).rejects.toMatchObject({ code: 'has-dependents' });
    expect(await fingerprint()).toBe(before);

    await reverse('cr-commit', 'cm-call', { streamId: commitmentStream, version: 2 }, '2024-06-10');
    const landedBefore = (await kpisForYear(store, 2024, '2024-12-31')).guidanceLanded.actual;
    const answer = await reverse('cr-commit', 'cm-3', made, '2024-06-10');
    // GET /v1/kpis reads the reversal from the month index: 10,000,000.00 less landed in 2024.
    expect((await kpisForYear(store, 2024, '2024-12-31')).guidanceLanded.actual).toBe(landedBefore - 10_000_000_00n);
    // 红字 of the commitment's one memo line: Dr 9002 −10,000,000.00 (the original Dr 9002 10,000,000.00).
    expect(answer.result).toMatchObject({ kind: 'commitment', lines: [{ streamId: commitmentStream, account: '9002', side: 'debit', amount: '-10000000.00' }] });
    expect(await snapshot<CommitmentState>(commitmentStream)).toMatchObject({ status: 'voided', called: 0n, calls: {} });
    // 9002: +10,000,000.00 − 1,000,000.00 (call) + 1,000,000.00 (call reversed) − 10,000,000.00 (voided) = 0.00.
    const balances = await foldedBalances('fund-cr-commit', commitmentStream);
    const memo = balances['9002'];
    expect((memo?.debit ?? 0n) - (memo?.credit ?? 0n)).toBe(0n);
    expect(trialBalance(balances).balanced).toBe(true);
    expect(await cashOf('cr-commit')).toBe(50_000_000_00n);

    // A voided commitment takes no calls, and is not reversed twice; neither refusal writes anything.
    before = await fingerprint();
    await expect(commands.callCapital('cr-commit', 'ZJJ-3', { callId: 'K2', amount: 1_000_000_00n, calledOn: '2024-06-11', dueOn: '2024-06-20' }, as('m'))).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(commands.requestCorrection('cr-commit', { correctionId: 'cm-4', reverses: made, occurredOn: '2024-06-11', reason: '再冲' }, as('maker'))).rejects.toMatchObject({ code: 'already-reversed' });
    expect(await fingerprint()).toBe(before);
  });

  it('reverses a bank charge booked twice: the 25.00 comes back and 5005 nets to the one charge; a second reversal is refused, writing nothing', async () => {
    await openFund('cr-fee', 'risk-pool', 1_000_000_00n);
    await commands.bookBankCharge('cr-fee', { amount: 25_00n, occurredOn: '2024-11-20', reference: 'FEE-1130', description: '跨行汇款手续费' }, as('m'));
    await commands.bookBankCharge('cr-fee', { amount: 25_00n, occurredOn: '2024-11-20', reference: 'FEE-1130', description: '跨行汇款手续费' }, as('m'));
    const duplicate = { streamId: 'fund-cr-fee', version: 4 };
    const answer = await reverse('cr-fee', 'fee-1', duplicate, '2024-11-21');
    // 红字 of the duplicate: Dr 5005 −25.00 / Cr 1001 −25.00.
    expect(answer.result).toMatchObject({ kind: 'bank-charge', lines: [{ account: '5005', side: 'debit', amount: '-25.00' }, { account: '1001', side: 'credit', amount: '-25.00' }] });
    // 1,000,000.00 − 25.00 − 25.00 + 25.00 = 999,975.00.
    expect(await cashOf('cr-fee')).toBe(999_975_00n);
    const balances = await foldedBalances('fund-cr-fee');
    expect((balances['5005']?.debit ?? 0n) - (balances['5005']?.credit ?? 0n)).toBe(25_00n);
    const before = await fingerprint();
    await expect(commands.requestCorrection('cr-fee', { correctionId: 'fee-2', reverses: duplicate, occurredOn: '2024-11-21', reason: '再冲' }, as('maker'))).rejects.toMatchObject({ code: 'already-reversed' });
    expect(await fingerprint()).toBe(before);
  });

  it('refuses an injection reversal that would overdraw (insufficient-funds), at the request and again at approval, changing nothing', async () => {
    await openFund('cr-cash', 'bridge-fund', 1_000_000_00n);
    await commands.injectCapital('cr-cash', { amount: 500_000_00n, occurredOn: '2024-02-01', source: 'province', reference: 'SCZ-1' }, as('m'));
    const held = await commands.requestCorrection('cr-cash', { correctionId: 'inj-1', reverses: { streamId: 'fund-cr-cash', version: 3 }, occurredOn: '2024-05-06', reason: '注资来源录错' }, as('maker'));
    const { approvalId } = held.body as { approvalId: string };
    // Meanwhile 1,200,000.00 of the 1,500,000.00 is lent: taking 500,000.00 back out would leave −200,000.00.
    await commands.grantBridgeLoan(
      'cr-cash',
      { loanId: 'L9', borrower: { name: '某公司', creditCode: CREDIT_CODE }, bank: '建设银行', amount: 1_200_000_00n, renewalCommitment: { reference: 'R', amount: 2_000_000_00n }, disbursedOn: '2024-05-06', dueOn: '2024-05-16' },
      as('m'),
    );
    const before = await fingerprint();
    await expect(commands.approve(approvalId, { note: 'ok' }, as('checker'))).rejects.toMatchObject({ code: 'insufficient-funds' });
    await expect(
      commands.requestCorrection('cr-cash', { correctionId: 'inj-2', reverses: { streamId: 'fund-cr-cash', version: 3 }, occurredOn: '2024-05-06', reason: '再试' }, as('maker')),
    ).rejects.toMatchObject({ code: 'insufficient-funds' });
    await expect(
      commands.requestCorrection('cr-cash', { correctionId: 'inj-3', reverses: { streamId: 'fund-cr-cash', version: 99 }, occurredOn: '2024-05-06', reason: '无此分录' }, as('maker')),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      commands.requestCorrection('cr-cash', { correctionId: 'inj-4', reverses: { streamId: 'fund-cr-int', version: 3 }, occurredOn: '2024-05-06', reason: '别的基金' }, as('maker')),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(await fingerprint()).toBe(before);
    expect(await cashOf('cr-cash')).toBe(300_000_00n);
  });
});
