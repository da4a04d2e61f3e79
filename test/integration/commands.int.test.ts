// The command pipeline against DynamoDB Local: concurrent commands on one fund serialise through
// its stream; the loser of a race re-reads and re-decides, so cash can never go negative.
import { describe, expect, it } from 'vitest';
import { createCommands } from '../../functions/commands';
import { CommandRefused } from '../../functions/commands/pipeline';
import { PeriodClosed } from '../../functions/commands/errors';
import { createEventStore } from '../../functions/store/event-store';
import { IdempotencyMismatch } from '../../functions/store/errors';
import type { FundState } from '../../domain/fund-book';
import { streamIds } from '../../events/stream-ids';
import { useDynamoLocal } from '../support/dynamo';
import { sentRequests } from '../support/sent-requests';

const db = useDynamoLocal();
const setup = () => {
  const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  return { store, commands: createCommands(store, { baseDelayMs: 5, maxAttempts: 20 }) };
};
let n = 0;
const ctx = (key?: string, hash?: string) => ({
  meta: { actor: 'tester', role: 'fund-manager', requestId: `r${(n += 1)}`, correlationId: 'c' },
  ...(key === undefined ? {} : { idempotencyKey: key, requestHash: hash ?? 'h' }),
});
const CODE = '91371500MA3C5X7Y0E';
const guarantee = (guaranteeId: string) => ({
  guaranteeId,
  agency: 'A',
  borrower: { name: 'B', creditCode: CODE, category: 'small' as const },
  lender: 'L',
  principal: 1_000_000_00n,
  feeRateBps: 100,
  startsOn: '2024-05-01',
  maturesOn: '2025-05-01',
});

describe('command pipeline on DynamoDB Local', () => {
  it('two concurrent compensations on a pool with cash for one: exactly one is paid, the other is refused', async () => {
    const { store, commands } = setup();
    await commands.createFund({ fundId: 'race', kind: 'risk-pool', name: 'race' }, '2024-05-01', ctx());
    // cash 150,000.00; each compensation pays 10 % of 1,000,000.00 = 100,000.00
    await commands.injectCapital('race', { amount: 150_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    await commands.issueGuarantee('race', guarantee('a'), ctx());
    await commands.issueGuarantee('race', guarantee('b'), ctx());

    const outcomes = await Promise.allSettled([
      commands.compensateDefault('race', 'a', { occurredOn: '2024-05-10', principalLoss: 1_000_000_00n }, ctx()),
      commands.compensateDefault('race', 'b', { occurredOn: '2024-05-10', principalLoss: 1_000_000_00n }, ctx()),
    ]);
    const paid = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(paid).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(CommandRefused);
    expect((refused[0]?.reason as CommandRefused).code).toBe('insufficient-funds');

    const head = await store.readHead(streamIds.fund('race'));
    expect((head?.snapshot as FundState).cash).toBe(50_000_00n);
    const events = await store.readStream(streamIds.fund('race'));
    expect(events.filter((e) => e.type === 'CompensationPaid')).toHaveLength(1);
  });

  it('sixteen concurrent disbursements never overdraw the bridge fund', async () => {
    const { store, commands } = setup();
    await commands.createFund({ fundId: 'many', kind: 'bridge-fund', name: 'many' }, '2024-05-01', ctx());
    await commands.injectCapital('many', { amount: 1_000_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) =>
        commands.grantBridgeLoan(
          'many',
          { loanId: `L${i}`, borrower: { name: 'B', creditCode: CODE }, bank: 'K', amount: 300_000_00n, renewalCommitment: { reference: 'RC', amount: 400_000_00n }, disbursedOn: '2024-05-02', dueOn: '2024-05-10' },
          ctx(),
        ),
      ),
    );
    // 1,000,000.00 of cash covers three loans of 300,000.00
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const head = await store.readHead(streamIds.fund('many'));
    expect((head?.snapshot as FundState).cash).toBe(100_000_00n);
  });

  it('replays an idempotent command without writing and refuses the key with another request', async () => {
    const { store, commands } = setup();
    await commands.createFund({ fundId: 'idem', kind: 'risk-pool', name: 'idem' }, '2024-05-01', ctx());
    const first = await commands.injectCapital('idem', { amount: 10_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx('k', 'hash-1'));
    const version = (await store.readHead(streamIds.fund('idem')))?.version;
    const again = await commands.injectCapital('idem', { amount: 10_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx('k', 'hash-1'));
    expect(again).toEqual(first);
    expect((await store.readHead(streamIds.fund('idem')))?.version).toBe(version);
    await expect(commands.injectCapital('idem', { amount: 20_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx('k', 'hash-2'))).rejects.toBeInstanceOf(IdempotencyMismatch);
  });

  it('a repeat replays its first answer after the state moved on and its month closed, and changes nothing', async () => {
    const { store, commands } = setup();
    await commands.createFund({ fundId: 'moved', kind: 'bridge-fund', name: 'moved' }, '2024-05-01', ctx());
    await commands.injectCapital('moved', { amount: 1_000_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    // 1,000,000.00 of cash, a loan of 900,000.00: the same loan decided again would be a duplicate id
    // (and, were it another, 100,000.00 of cash would not cover it); the key answers the first 201.
    const loan = { loanId: 'L1', borrower: { name: 'B', creditCode: CODE }, bank: 'K', amount: 900_000_00n, renewalCommitment: { reference: 'RC', amount: 1_000_000_00n }, disbursedOn: '2024-05-02', dueOn: '2024-05-10' };
    const first = await commands.grantBridgeLoan('moved', loan, ctx('loan-k', 'loan-h'));
    await commands.repayBridgeLoan('moved', 'L1', { repaidOn: '2024-05-09' }, ctx());
    await store.append(
      [{ streamId: streamIds.period('moved', '2024-05'), expectedVersion: 0, events: [{ type: 'PeriodClosed', schemaVersion: 1, data: { fundId: 'moved', month: '2024-05', reconciliationClean: true }, occurredOn: '2024-05-31' }] }],
      { meta: { actor: 'job', role: 'system', requestId: 'r', correlationId: 'c' } },
    );
    const heads = async () => Promise.all([streamIds.fund('moved'), streamIds.bridgeLoan('moved', 'L1'), streamIds.period('moved', '2024-05')].map(async (id) => (await store.readHead(id))?.version));
    const before = await heads();
    // Refused if decided afresh (closed month), yet answered from the record; another body under the key is still a mismatch.
    await expect(commands.grantBridgeLoan('moved', loan, ctx('loan-k', 'loan-h'))).resolves.toEqual(first);
    await expect(commands.grantBridgeLoan('moved', { ...loan, amount: 1_00n }, ctx('loan-k', 'other'))).rejects.toBeInstanceOf(IdempotencyMismatch);
    // A key never used is decided: the month is closed.
    await expect(commands.grantBridgeLoan('moved', { ...loan, loanId: 'L2' }, ctx('fresh-k', 'h'))).rejects.toBeInstanceOf(PeriodClosed);
    expect(await heads()).toEqual(before);
  });

  it('reads a keyed command\'s idempotency record and its open month in the same request as its heads', async () => {
    const { commands } = setup();
    await commands.createFund({ fundId: 'trips', kind: 'risk-pool', name: 'trips' }, '2024-05-01', ctx());
    await commands.injectCapital('trips', { amount: 10_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R0' }, ctx());
    const sent = await sentRequests(db.client, () => commands.injectCapital('trips', { amount: 10_00n, occurredOn: '2024-05-02', source: 'city', reference: 'R1' }, ctx('trips-k', 'h')));
    // One BatchGetItem (fund head, policy head, idempotency record, and the open month's period head
    // and voucher counter: no Query while the month has no event), then the transaction (and DynamoDB
    // Local's commit barrier, a GetItem of its own): no lookup before the reads.
    expect(sent.filter((name) => name === 'BatchGetItemCommand')).toHaveLength(1);
    expect(sent.filter((name) => name === 'GetItemCommand').length).toBeLessThanOrEqual(1);
    expect(sent.slice(0, sent.indexOf('TransactWriteItemsCommand'))).toEqual(['BatchGetItemCommand']);
  });

  it('a period closed between decide and append makes the command fail instead of slipping in', async () => {
    const { store } = setup();
    const periodId = streamIds.period('close', '2024-06');
    const close = () =>
      store.append(
        [{ streamId: periodId, expectedVersion: 0, events: [{ type: 'PeriodClosed', schemaVersion: 1, data: { fundId: 'close', month: '2024-06', reconciliationClean: true }, occurredOn: '2024-06-30' }] }],
        { meta: { actor: 'job', role: 'system', requestId: 'r', correlationId: 'c' } },
      );
    // The month-end close commits after the command decided (period open) and before it appends.
    let closeBeforeNextAppend = false;
    const racing = {
      ...store,
      append: async (...args: Parameters<typeof store.append>) => {
        if (closeBeforeNextAppend) {
          closeBeforeNextAppend = false;
          await close();
        }
        return store.append(...args);
      },
    };
    const commands = createCommands(racing, { baseDelayMs: 5 });
    await commands.createFund({ fundId: 'close', kind: 'risk-pool', name: 'close' }, '2024-05-01', ctx());
    closeBeforeNextAppend = true;
    await expect(commands.injectCapital('close', { amount: 1_00n, occurredOn: '2024-06-15', source: 'city', reference: 'R' }, ctx())).rejects.toBeInstanceOf(PeriodClosed);
    expect((await store.readStream(streamIds.fund('close'))).map((e) => e.type)).toEqual(['FundCreated']);
    // July is still open.
    await commands.injectCapital('close', { amount: 1_00n, occurredOn: '2024-07-01', source: 'city', reference: 'R' }, ctx());
  });

  it('refuses every command dated before the fund opened, writing nothing, and reads openedOn once per process', async () => {
    const { store } = setup();
    let firstEventReads = 0;
    const counting = {
      ...store,
      readStream: (...args: Parameters<typeof store.readStream>) => {
        if (args[0] === streamIds.fund('opened') && args[1]?.fromVersion === 1 && args[1].toVersion === 1) firstEventReads += 1;
        return store.readStream(...args);
      },
    };
    const commands = createCommands(counting, { baseDelayMs: 5 });
    // Created on 2026-12-02 with books from 2024-05-01: FundCreated is dated on openedOn.
    await commands.createFund({ fundId: 'opened', kind: 'guidance-fund', name: 'g', openedOn: '2024-05-01' }, '2026-12-02', ctx());
    expect((await store.readStream(streamIds.fund('opened')))[0]?.occurredOn).toBe('2024-05-01');
    const early = commands.makeCommitment(
      'opened',
      { commitmentId: 'c1', subFund: { name: 's', size: 100_000_000_00n, prioritySector: false, green: false, manager: { name: 'm', paidInCapital: 10_000_000_00n } }, amount: 1_000_00n, committedOn: '2024-04-30' },
      ctx(),
    );
    await expect(early).rejects.toMatchObject({ code: 'before-fund-opened', error: { field: 'committedOn', limit: '≥ 2024-05-01', actual: '2024-04-30' } });
    await expect(commands.injectCapital('opened', { amount: 1_00n, occurredOn: '2023-01-01', source: 'city', reference: 'R' }, ctx())).rejects.toBeInstanceOf(CommandRefused);
    expect(await store.readHead(streamIds.commitment('opened', 'c1'))).toBeUndefined();
    expect((await store.readStream(streamIds.fund('opened'))).map((e) => e.type)).toEqual(['FundCreated']);
    await commands.injectCapital('opened', { amount: 1_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    // openedOn never changes: read at the create (no fund yet, nothing cached) and at the first command, then cached.
    expect(firstEventReads).toBe(2);
  });
});
