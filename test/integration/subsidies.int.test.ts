// Subsidies and two-person approval against DynamoDB Local: a held grant moves nothing until a
// second person approves it; the approval and the grant's effects commit in one transaction, so two
// approvals racing for the last of a cap or of the cash can never together overdraw either.
import { describe, expect, it } from 'vitest';
import { createCommands } from '../../functions/commands';
import { CommandRefused } from '../../functions/commands/pipeline';
import { PeriodClosed } from '../../functions/commands/errors';
import { createEventStore } from '../../functions/store/event-store';
import type { FundState } from '../../domain/fund-book';
import type { CapCounter } from '../../domain/subsidy-grant';
import type { SubsidyRequestInput } from '../../events/subsidy-events';
import { streamIds } from '../../events/stream-ids';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
const setup = () => {
  const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  return { store, commands: createCommands(store, { baseDelayMs: 5, maxAttempts: 20 }) };
};
let n = 0;
const as = (actor: string, role = 'finance-bureau') => ({ meta: { actor, role, requestId: `r${(n += 1)}`, correlationId: 'c' } });
const MAKER = as('maker');
const CHECKER = () => as('checker');
const FIRM = { name: '聊城某科技有限公司', creditCode: '91371500MA3C5X7Y0E' };

// Per-firm caps are shared by every subsidy-budget fund, so tests that use them name their own firm.
const OTHER_FIRM = { name: '另一企业', creditCode: '91371500MA3C5X7Y1H' };

const award = (subsidyId: string, amount: bigint, awardKind: 'ipo' | 'supply-chain-finance-institution' = 'ipo', firm = FIRM): SubsidyRequestInput => ({
  subsidyId,
  firm,
  occurredOn: '2025-06-10',
  programme: 'award',
  details: { awardKind, amount },
});

const openFund = async (fundId: string, cash: bigint) => {
  const { store, commands } = setup();
  await commands.createFund({ fundId, kind: 'subsidy-budget', name: '财政补贴资金', openedOn: '2025-01-01' }, '2025-01-01', as('setup'));
  await commands.injectCapital(fundId, { amount: cash, occurredOn: '2025-01-02', source: 'city', reference: 'BUDGET-2025' }, as('setup'));
  return { store, commands };
};
const cashOf = async (store: ReturnType<typeof setup>['store'], fundId: string) => ((await store.readHead(streamIds.fund(fundId)))?.snapshot as FundState).cash;
const refusal = (outcome: PromiseSettledResult<unknown>) => (outcome.status === 'rejected' ? (outcome.reason as CommandRefused).code : 'fulfilled');

describe('subsidy grants with two-person approval on DynamoDB Local', () => {
  it('holds a grant (202, nothing moves), pays it when another person approves, and refuses a second decision', async () => {
    const { store, commands } = await openFund('sb-hold', 10_000_000_00n);
    const held = await commands.requestSubsidy('sb-hold', award('ipo-1', 2_000_000_00n), MAKER);
    expect(held.status).toBe(202);
    const body = held.body as { approvalId: string; status: string; amount: string };
    expect(body).toMatchObject({ status: 'pending-approval', amount: '2000000.00' });
    expect(await cashOf(store, 'sb-hold')).toBe(10_000_000_00n);

    const approved = await commands.approve(body.approvalId, { note: '材料齐全' }, CHECKER());
    expect(approved.body).toMatchObject({ status: 'approved', requestedBy: 'maker', decidedBy: 'checker', note: '材料齐全', result: { status: 'granted', amountGranted: '2000000.00' } });
    expect(await cashOf(store, 'sb-hold')).toBe(8_000_000_00n);
    // The approval and the payment are one transaction: the same recordedAt on both streams.
    const [paid] = (await store.readStream(streamIds.fund('sb-hold'))).filter((e) => e.type === 'SubsidyPaid');
    const [granted] = (await store.readStream(streamIds.approval(body.approvalId))).filter((e) => e.type === 'ApprovalGranted');
    expect(paid?.recordedAt).toBe(granted?.recordedAt);
    expect(paid?.meta.actor).toBe('checker');

    await expect(commands.approve(body.approvalId, { note: 'again' }, as('third'))).rejects.toMatchObject({ code: 'already-decided' });
  });

  it('refuses the maker approving their own request, and leaves it pending', async () => {
    const { store, commands } = await openFund('sb-same', 1_000_000_00n);
    const held = await commands.requestSubsidy('sb-same', award('ipo-2', 100_000_00n), MAKER);
    const { approvalId } = held.body as { approvalId: string };
    await expect(commands.approve(approvalId, { note: 'me' }, as('maker'))).rejects.toMatchObject({ code: 'same-person' });
    expect(await cashOf(store, 'sb-same')).toBe(1_000_000_00n);
    await expect(commands.approve(approvalId, { note: 'ok' }, CHECKER())).resolves.toMatchObject({ status: 200 });
  });

  it('a rejected request moves nothing and marks the grant rejected', async () => {
    const { store, commands } = await openFund('sb-reject', 1_000_000_00n);
    const held = await commands.requestSubsidy('sb-reject', award('ipo-3', 100_000_00n), MAKER);
    const { approvalId } = held.body as { approvalId: string };
    const rejected = await commands.reject(approvalId, { note: '不符合条件' }, '2025-06-11', CHECKER());
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'checker', note: '不符合条件' });
    expect(await cashOf(store, 'sb-reject')).toBe(1_000_000_00n);
    expect((await store.readStream(streamIds.subsidy('sb-reject', 'ipo-3'))).map((e) => e.type)).toEqual(['SubsidyRequested', 'SubsidyRejected']);
    await expect(commands.approve(approvalId, { note: 'late' }, CHECKER())).rejects.toMatchObject({ code: 'already-decided' });
  });

  it('two approvals racing for the last of a per-firm cap: exactly one is paid, the cap is never passed', async () => {
    const { store, commands } = await openFund('sb-cap', 100_000_000_00n);
    // Institution award cap: 500,000.00 per firm per year. 460,000.00 granted leaves 40,000.00.
    const first = await commands.requestSubsidy('sb-cap', award('fi-1', 460_000_00n, 'supply-chain-finance-institution'), MAKER);
    await commands.approve((first.body as { approvalId: string }).approvalId, { note: '' }, CHECKER());
    // Each of the next two is cut to what is left, 40,000.00, when requested.
    const a = await commands.requestSubsidy('sb-cap', award('fi-2', 50_000_00n, 'supply-chain-finance-institution'), MAKER);
    const b = await commands.requestSubsidy('sb-cap', award('fi-3', 50_000_00n, 'supply-chain-finance-institution'), MAKER);
    expect(a.body).toMatchObject({ amount: '40000.00', uncutAmount: '50000.00', cap: { scope: 'per-firm-year', limit: '500000.00', alreadyGranted: '460000.00' } });
    const ids = [a, b].map((r) => (r.body as { approvalId: string }).approvalId);
    const outcomes = await Promise.allSettled(ids.map((id) => commands.approve(id, { note: '' }, CHECKER())));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.map(refusal).sort()).toEqual(['cap-exhausted', 'fulfilled']);
    const capKey = 'award.supply-chain-finance-institution.91371500MA3C5X7Y0E.2025';
    expect(((await store.readHead(streamIds.grantCap(capKey)))?.snapshot as CapCounter).used).toBe(500_000_00n);
    expect(await cashOf(store, 'sb-cap')).toBe(100_000_000_00n - 500_000_00n);
  });

  it('two approvals racing for the last of the cash: exactly one is paid, cash never goes negative', async () => {
    const { store, commands } = await openFund('sb-cash', 1_000_000_00n);
    const a = await commands.requestSubsidy('sb-cash', award('ipo-a', 800_000_00n), MAKER);
    const b = await commands.requestSubsidy('sb-cash', { ...award('ipo-b', 800_000_00n), firm: { name: '另一企业', creditCode: '91350100M000100Y43' } }, MAKER);
    const ids = [a, b].map((r) => (r.body as { approvalId: string }).approvalId);
    const outcomes = await Promise.allSettled(ids.map((id) => commands.approve(id, { note: '' }, CHECKER())));
    expect(outcomes.map(refusal).sort()).toEqual(['fulfilled', 'insufficient-funds']);
    expect(await cashOf(store, 'sb-cash')).toBe(200_000_00n);
  });

  it('claws back part of a grant: cash returns and the cap has the room again', async () => {
    const { store, commands } = await openFund('sb-claw', 1_000_000_00n);
    const held = await commands.requestSubsidy('sb-claw', award('fi-9', 300_000_00n, 'supply-chain-finance-institution', OTHER_FIRM), MAKER);
    await commands.approve((held.body as { approvalId: string }).approvalId, { note: '' }, CHECKER());
    const clawed = await commands.clawBackSubsidy('sb-claw', 'fi-9', { occurredOn: '2025-07-01', amount: 100_000_00n, reason: '未按期还款' }, as('maker'));
    expect(clawed.body).toMatchObject({ status: 'clawed-back', amountGranted: '300000.00', clawedBack: '100000.00', cash: '800000.00' });
    expect(await cashOf(store, 'sb-claw')).toBe(800_000_00n);
    const capKey = 'award.supply-chain-finance-institution.91371500MA3C5X7Y1H.2025';
    expect(((await store.readHead(streamIds.grantCap(capKey)))?.snapshot as CapCounter).used).toBe(200_000_00n);
    await expect(commands.clawBackSubsidy('sb-claw', 'fi-9', { occurredOn: '2025-07-02', amount: 200_000_01n, reason: 'too much' }, as('maker'))).rejects.toMatchObject({ code: 'exceeds-granted' });
  });

  it('an approval whose period has closed meanwhile answers 409 and stays pending', async () => {
    const { store, commands } = await openFund('sb-closed', 1_000_000_00n);
    const held = await commands.requestSubsidy('sb-closed', award('ipo-c', 100_000_00n), MAKER);
    const { approvalId } = held.body as { approvalId: string };
    await store.append([{ streamId: streamIds.period('sb-closed', '2025-06'), expectedVersion: 0, events: [{ type: 'PeriodClosed', schemaVersion: 1, data: { fundId: 'sb-closed', month: '2025-06' }, occurredOn: '2025-06-30' }] }], { meta: as('close').meta });
    await expect(commands.approve(approvalId, { note: '' }, CHECKER())).rejects.toBeInstanceOf(PeriodClosed);
    expect((await store.readHead(streamIds.approval(approvalId)))?.version).toBe(1);
  });
});

describe('compensation above the approval threshold', () => {
  const guarantee = (guaranteeId: string, principal: bigint) => ({
    guaranteeId,
    agency: 'A',
    borrower: { name: 'B', creditCode: FIRM.creditCode, category: 'small' as const },
    lender: 'L',
    principal,
    feeRateBps: 100,
    startsOn: '2025-02-01',
    maturesOn: '2026-02-01',
  });

  it('is held and paid on approval; one below the threshold is paid at once', async () => {
    const { store, commands } = setup();
    await commands.createFund({ fundId: 'pool-mc', kind: 'risk-pool', name: 'pool', openedOn: '2025-01-01' }, '2025-01-01', as('setup'));
    await commands.injectCapital('pool-mc', { amount: 5_000_000_00n, occurredOn: '2025-01-02', source: 'city', reference: 'R' }, as('setup'));
    await commands.issueGuarantee('pool-mc', guarantee('big', 10_000_000_00n), as('manager', 'fund-manager'));
    await commands.issueGuarantee('pool-mc', guarantee('small', 9_999_999_00n), as('manager', 'fund-manager'));
    // 10 % × 10,000,000.00 = 1,000,000.00: at the threshold, held.
    const held = await commands.compensateDefault('pool-mc', 'big', { occurredOn: '2025-03-01', principalLoss: 10_000_000_00n }, as('manager', 'fund-manager'));
    expect(held).toMatchObject({ status: 202, body: { status: 'pending-approval', poolAmount: '1000000.00' } });
    expect(await cashOf(store, 'pool-mc')).toBe(5_000_000_00n);
    const approved = await commands.approve((held.body as { approvalId: string }).approvalId, { note: '' }, CHECKER());
    expect(approved.body).toMatchObject({ status: 'approved', result: { status: 'defaulted', poolAmount: '1000000.00' } });
    expect(await cashOf(store, 'pool-mc')).toBe(4_000_000_00n);
    // 10 % × 9,999,999.00 = 999,999.90: below, paid at once.
    const paid = await commands.compensateDefault('pool-mc', 'small', { occurredOn: '2025-03-01', principalLoss: 9_999_999_00n }, as('manager', 'fund-manager'));
    expect(paid).toMatchObject({ status: 201, body: { poolAmount: '999999.90' } });
    expect(await cashOf(store, 'pool-mc')).toBe(3_000_000_10n);
  });
});
