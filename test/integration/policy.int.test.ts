// Policy versions against DynamoDB Local (issue 20): adoption through the one maker-checker, refusals
// of retroactive changes that leave both tables unchanged, and the race of a command with an adoption.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/dates';
import { encodeEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { createCommands } from '../../functions/commands';
import { InvalidProposal, PeriodClosed } from '../../functions/commands/errors';
import { CommandRefused } from '../../functions/commands/pipeline';
import { closePeriods } from '../../functions/month-end/period-close';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import { createTables } from '../../infra/local/create-tables';
import { useDynamoLocal } from '../support/dynamo';
import { dumpTable } from './projectors-support';

const db = useDynamoLocal();
const TODAY = '2025-03-15';
let n = 0;
const as = (actor: string) => ({ meta: { actor, role: 'finance-bureau', requestId: `r${(n += 1)}`, correlationId: 'c' } });
const CODE = '91371500MA3C5X7Y0E';

/** Each case its own tables: the policy stream is one for the whole store. */
const setup = async (fundId: string, wrap: (store: EventStore) => EventStore = (s) => s, today = TODAY) => {
  const tables = { eventsTableName: `events-${fundId}`, readTableName: `read-${fundId}` };
  await createTables(db.client, tables);
  const store = createEventStore({ client: db.client, tableName: tables.eventsTableName });
  const commands = createCommands(wrap(store), { baseDelayMs: 5, maxAttempts: 20 }, () => today);
  await commands.createFund({ fundId, kind: 'bridge-fund', name: fundId, openedOn: '2025-01-02' }, TODAY, as('m'));
  await commands.injectCapital(fundId, { amount: 10_000_000_00n, occurredOn: '2025-01-02', source: 'city', reference: 'R' }, as('m'));
  const loan = async (loanId: string, disbursedOn: string, repaidOn: string) => {
    await commands.grantBridgeLoan(
      fundId,
      { loanId, borrower: { name: 'B', creditCode: CODE }, bank: 'K', amount: 1_000_000_00n, renewalCommitment: { reference: 'RC', amount: 2_000_000_00n }, disbursedOn, dueOn: addDays(disbursedOn, 10) },
      as('m'),
    );
    return commands.repayBridgeLoan(fundId, loanId, { repaidOn }, as('m'));
  };
  const dump = async () => [await dumpTable(db.client, tables.eventsTableName), await dumpTable(db.client, tables.readTableName)];
  return { store, commands, loan, dump };
};

const TARGETS_2025 = { newGuaranteeAmount: '6000000000.00', bridgeUses: 900, guidanceLanded: '1200000000.00', greenFundsMin: 2, greenFundsMax: 3 };
const approvalIdOf = (body: unknown): string => (body as { approvalId: string }).approvalId;

describe('policy versions on DynamoDB Local', () => {
  it('adopts a fee change through approval: a loan repaid before it pays the old fee, one after it the new, each naming its version', async () => {
    const { store, commands, loan } = await setup('adopt');
    // 1,000,000.00 × 1 bp × 3 days (01-10 → 01-13) = 300.00 under version 0 (liaocheng-2024)
    const before = await loan('L1', '2025-01-10', '2025-01-13');
    expect(before.body).toMatchObject({ fee: '300.00', daysUsed: 3, policyId: 'liaocheng-2024' });

    const proposed = await commands.proposePolicy({ policyId: 'bureau-2025-02', effectiveFrom: '2025-02-01', reason: '转贷费率调整', changes: { bridge: { feeBpsPerDay: 2 } } }, as('alice'));
    expect(proposed).toMatchObject({ status: 202, body: { status: 'pending-approval', policyId: 'bureau-2025-02', basedOn: 'liaocheng-2024', changed: ['bridge.feeBpsPerDay'] } });
    expect(await store.readHead(streamIds.policy())).toBeUndefined();
    const approvalId = approvalIdOf(proposed.body);
    await expect(commands.approve(approvalId, { note: '' }, as('alice'))).rejects.toMatchObject({ code: 'same-person' });
    const adopted = await commands.approve(approvalId, { note: 'ok' }, as('bob'));
    expect(adopted.body).toMatchObject({ status: 'approved', result: { policyId: 'bureau-2025-02', status: 'adopted' } });
    const [stored] = await store.readStream(streamIds.policy());
    expect(stored).toMatchObject({ type: 'PolicyAdopted', data: { policyId: 'bureau-2025-02', proposedBy: 'alice', approvedBy: 'bob', changed: ['bridge.feeBpsPerDay'] } });

    // 1,000,000.00 × 2 bp × 4 days (02-03 → 02-07) = 800.00 under bureau-2025-02
    const after = await loan('L2', '2025-02-03', '2025-02-07');
    expect(after.body).toMatchObject({ fee: '800.00', daysUsed: 4, policyId: 'bureau-2025-02' });
    const repaid = (await store.readStream(streamIds.fund('adopt'))).find((e) => e.type === 'BridgeLoanRepaid' && e.data.loanId === 'L2');
    expect(repaid?.meta.policyId).toBe('bureau-2025-02');
    // A loan repaid in January after the adoption still pays January's rule: 1,000,000.00 × 1 bp × 2 days = 200.00
    expect((await loan('L3', '2025-01-20', '2025-01-22')).body).toMatchObject({ fee: '200.00', policyId: 'liaocheng-2024' });
  });

  it('refuses a version that would re-judge a posted command, or fall in a closed month, or fail the schema, writing nothing', async () => {
    const { store, commands, loan, dump } = await setup('refuse');
    await loan('L1', '2025-02-03', '2025-02-07');
    const before = await dump();

    const rejudge = commands.proposePolicy({ policyId: 'p1', effectiveFrom: '2025-02-05', reason: 'r', changes: { bridge: { feeBpsPerDay: 3 } } }, as('alice'));
    await expect(rejudge).rejects.toBeInstanceOf(CommandRefused);
    await expect(rejudge).rejects.toMatchObject({ code: 'would-rejudge', error: { field: 'effectiveFrom', limit: 'after 2025-02-07' } });
    await expect(rejudge).rejects.toThrow(/BridgeLoan(Repaid|Settled) on bridge-loan-refuse:L1 \(v\d\) dated 2025-02-07/);

    const invalid = commands.proposePolicy({ policyId: 'p2', effectiveFrom: '2025-04-01', reason: 'r', changes: { bridge: { feeBpsPerDay: 1.5, maxAmount: 5 } } }, as('alice'));
    await expect(invalid).rejects.toBeInstanceOf(InvalidProposal);
    await expect(invalid).rejects.toMatchObject({ errors: [{ field: 'changes.bridge.maxAmount' }, { field: 'changes.bridge.feeBpsPerDay' }] });
    expect(await dump()).toEqual(before);

    // A change of another fund kind's rules, or of targets alone, may start before the repayment.
    const guidance = await commands.proposePolicy({ policyId: 'p3', effectiveFrom: '2025-02-05', reason: 'r', changes: { guidance: { maxGovernmentShareBps: 2000 } } }, as('alice'));
    expect(guidance.status).toBe(202);

    await store.append(
      [{ streamId: streamIds.period('refuse', '2025-02'), expectedVersion: 0, events: [{ ...encodeEvent({ type: 'PeriodClosed', data: { fundId: 'refuse', month: '2025-02', reconciliationClean: true } }), occurredOn: '2025-02-28' }] }],
      { meta: { actor: 'job', role: 'system', requestId: 'r', correlationId: 'c' } },
    );
    const closed = commands.proposePolicy({ policyId: 'p4', effectiveFrom: '2025-02-20', reason: 'r', changes: { targets: { '2025': TARGETS_2025 } } }, as('alice'));
    await expect(closed).rejects.toBeInstanceOf(PeriodClosed);
    // The approval of the earlier proposal meets the closed month too, and stays pending.
    await expect(commands.approve(approvalIdOf(guidance.body), { note: '' }, as('bob'))).rejects.toBeInstanceOf(PeriodClosed);
  });

  it('a command that decided under the old version while an adoption committed is judged again under the new one', async () => {
    let adoptBeforeNextRepay: (() => Promise<unknown>) | undefined;
    const { store, commands } = await setup('race', (inner) => ({
      ...inner,
      append: async (...args: Parameters<EventStore['append']>) => {
        const adopt = args[0].some((a) => a.events.some((e) => e.type === 'BridgeLoanRepaid')) ? adoptBeforeNextRepay : undefined;
        if (adopt !== undefined) {
          adoptBeforeNextRepay = undefined;
          await adopt();
        }
        return inner.append(...args);
      },
    }));
    await commands.grantBridgeLoan(
      'race',
      { loanId: 'L1', borrower: { name: 'B', creditCode: CODE }, bank: 'K', amount: 1_000_000_00n, renewalCommitment: { reference: 'RC', amount: 2_000_000_00n }, disbursedOn: '2025-03-01', dueOn: '2025-03-14' },
      as('m'),
    );
    const proposed = await commands.proposePolicy({ policyId: 'fee-5', effectiveFrom: '2025-03-02', reason: 'r', changes: { bridge: { feeBpsPerDay: 5 } } }, as('alice'));
    // The adoption commits after the repayment decided under version 0 and before it appends.
    adoptBeforeNextRepay = () => commands.approve(approvalIdOf(proposed.body), { note: '' }, as('bob'));
    const repaid = await commands.repayBridgeLoan('race', 'L1', { repaidOn: '2025-03-05' }, as('m'));
    // 1,000,000.00 × 5 bp × 4 days (03-01 → 03-05) = 2,000.00: the retry judged it under fee-5, and says so.
    expect(repaid.body).toMatchObject({ fee: '2000.00', policyId: 'fee-5' });
    const events = [...(await store.readStream(streamIds.bridgeLoan('race', 'L1'))), ...(await store.readStream(streamIds.fund('race')))];
    expect(events.filter((e) => e.type === 'BridgeLoanRepaid' || e.type === 'BridgeLoanSettled').map((e) => e.meta.policyId)).toEqual(['fee-5', 'fee-5']);
    expect((await store.readStream(streamIds.policy())).map((e) => e.type)).toEqual(['PolicyAdopted']);
  });

  it('reads the policy head in the same BatchGetItem as the command\'s own heads: no extra call per command', async () => {
    const { commands } = await setup('calls');
    const adopted = await commands.proposePolicy({ policyId: 'plan-2025', effectiveFrom: '2025-01-01', reason: 'r', changes: { targets: { '2025': TARGETS_2025 } } }, as('alice'));
    await commands.approve(approvalIdOf(adopted.body), { note: '' }, as('bob'));
    const sent: string[] = [];
    const counting = new Proxy(db.client, {
      get: (target, key) => (key === 'send' ? (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), target.send(command as never)) : Reflect.get(target, key)),
    });
    const counted = createCommands(createEventStore({ client: counting, tableName: 'events-calls' }), {}, () => TODAY);
    // The first command of a fund in a process reads its opening event once (openedOn is cached after).
    await counted.injectCapital('calls', { amount: 100n, occurredOn: '2025-03-02', source: 'city', reference: 'W' }, as('m'));
    sent.length = 0;
    const granted = await counted.grantBridgeLoan(
      'calls',
      { loanId: 'L1', borrower: { name: 'B', creditCode: CODE }, bank: 'K', amount: 1_000_000_00n, renewalCommitment: { reference: 'RC', amount: 2_000_000_00n }, disbursedOn: '2025-03-03', dueOn: '2025-03-13' },
      as('m'),
    );
    expect(granted.body).toMatchObject({ policyId: 'plan-2025' });
    // Loan, fund and policy heads, and the open month's period head and voucher counter, in one request; one transaction.
    expect(sent.sort()).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });

  it('judges every path under a version adopted a moment before: a command, an approval, a migration, the overdue sweep\'s marking, a month-end close', async () => {
    const { store, commands } = await setup('paths', undefined, '2025-04-05');
    const grant = (fundId: string, loanId: string, disbursedOn: string, dueOn: string, migratedOn?: string) =>
      commands.grantBridgeLoan(fundId, { loanId, borrower: { name: 'B', creditCode: CODE }, bank: 'K', amount: 1_000_000_00n, renewalCommitment: { reference: 'RC', amount: 2_000_000_00n }, disbursedOn, dueOn, ...(migratedOn === undefined ? {} : { migratedOn }) }, as('m'));
    expect((await grant('paths', 'L1', '2025-02-20', '2025-03-02')).body).toMatchObject({ policyId: 'liaocheng-2024' });
    // Held before the adoption, approved after it: judged when it runs, under the version then in force.
    const held = await commands.returnCapital('paths', { occurredOn: '2025-03-10', amount: 1_000_00n, reference: 'RET-1', to: 'treasury' }, as('alice'));
    expect(held.status).toBe(202);

    const proposed = await commands.proposePolicy({ policyId: 'plan-2025-03', effectiveFrom: '2025-03-01', reason: '2025 年计划目标', changes: { targets: { '2025': TARGETS_2025 } } }, as('alice'));
    await commands.approve(approvalIdOf(proposed.body), { note: '' }, as('bob'));
    const NEW = 'plan-2025-03';

    // The API's path: a command at once.
    expect((await commands.injectCapital('paths', { amount: 100n, occurredOn: '2025-03-11', source: 'city', reference: 'I' }, as('m'))).body).toMatchObject({ policyId: NEW });
    // An approval of a command held under the old version.
    expect((await commands.approve(approvalIdOf(held.body), { note: '' }, as('bob'))).body).toMatchObject({ status: 'approved' });
    // A migration: a fund brought in on 2025-03-05 with its opening balance and a live loan.
    await commands.createFund({ fundId: 'paths-mig', kind: 'bridge-fund', name: 'migrated', openedOn: '2025-03-05' }, '2025-04-05', as('m'));
    expect((await commands.recordOpeningBalance('paths-mig', { cash: 5_000_000_00n, capital: 5_000_000_00n, occurredOn: '2025-03-05' }, as('m'))).body).toMatchObject({ policyId: NEW });
    expect((await grant('paths-mig', 'M1', '2025-02-27', '2025-03-12', '2025-03-05')).body).toMatchObject({ policyId: NEW });
    // The overdue sweep's command, on its day.
    expect((await commands.markBridgeLoanOverdue('paths', 'L1', '2025-03-03', { meta: { actor: 'overdue-sweep', role: 'system', requestId: 's', correlationId: 'c' } })).body).toMatchObject({ policyId: NEW });
    // Month end: March closed (with the bureau's override: no statement in this test).
    await closePeriods(commands.pipeline, { month: '2025-03', fundIds: ['paths'], overrideReason: '测试：无银行对账单', context: as('bob') });

    const stored = [
      ...(await store.readStream(streamIds.fund('paths'))),
      ...(await store.readStream(streamIds.fund('paths-mig'))),
      ...(await store.readStream(streamIds.bridgeLoan('paths-mig', 'M1'))),
      ...(await store.readStream(streamIds.period('paths', '2025-03'))),
    ].filter((e) => e.occurredOn >= '2025-03-01');
    expect([...new Set(stored.map((e) => e.type))]).toEqual(
      expect.arrayContaining(['CapitalInjected', 'CapitalReturned', 'FundCreated', 'OpeningBalanceRecorded', 'BridgeLoanGranted', 'BridgeLoanWentOverdue', 'PeriodClosed']),
    );
    expect(stored.filter((e) => e.meta.policyId !== NEW).map((e) => `${e.type} ${e.streamId}`)).toEqual([]);
  });
});
