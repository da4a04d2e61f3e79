// A command's first attempt decides on what its process remembers of the streams (pipeline.ts): it
// costs no read when the process has seen them, and gives the same answers, to the fen, as deciding
// on fresh reads, even when another process (another Lambda) moved the streams in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCommands } from '../../functions/commands';
import { PeriodClosed } from '../../functions/commands/errors';
import { createEventStore } from '../../functions/store/event-store';
import { streamIds } from '../../events/stream-ids';
import type { FundState } from '../../domain/fund-book';
import { useDynamoLocal } from '../support/dynamo';
import { sentRequests } from '../support/sent-requests';

const db = useDynamoLocal();
/** One process: its own event store (its own memory of heads) and its own pipeline. */
const processOf = (decideFromMemory = true) => {
  const store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  return { store, commands: createCommands(store, { baseDelayMs: 1, maxAttempts: 20 }, () => '2024-12-31', { decideFromMemory }) };
};
let n = 0;
const ctx = (key?: string) => ({
  meta: { actor: 'tester', role: 'fund-manager', requestId: `r${(n += 1)}`, correlationId: 'c' },
  ...(key === undefined ? {} : { idempotencyKey: key, requestHash: `h-${key}` }),
});
const CODE = '91371500MA3C5X7Y0E';
const loan = (loanId: string, amount: bigint) => ({
  loanId,
  borrower: { name: 'B', creditCode: CODE },
  bank: 'K',
  amount,
  renewalCommitment: { reference: `RC-${loanId}`, amount: amount * 2n },
  disbursedOn: '2024-05-02',
  dueOn: '2024-05-12',
});
type Commands = ReturnType<typeof processOf>['commands'];
const bridgeFund = async (commands: Commands, fundId: string): Promise<void> => {
  await commands.createFund({ fundId, kind: 'bridge-fund', name: fundId, openedOn: '2024-05-01' }, '2024-05-01', ctx());
};

/** The requests every client of the file sends while `work` runs. */
const requestsOf = (work: () => Promise<unknown>): Promise<string[]> => sentRequests(db.client, work);

type Op =
  | { kind: 'inject'; by: number; amount: bigint }
  | { kind: 'grant'; by: number; loanId: string; amount: bigint }
  | { kind: 'repay'; by: number; loanId: string }
  | { kind: 'repeat'; by: number; of: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('inject' as const), by: fc.integer({ min: 0, max: 1 }), amount: fc.constantFrom(100_000_00n, 500_000_00n, 1_000_000_00n) }),
  fc.record({ kind: fc.constant('grant' as const), by: fc.integer({ min: 0, max: 1 }), loanId: fc.constantFrom('L1', 'L2', 'L3', 'L4'), amount: fc.constantFrom(300_000_00n, 600_000_00n) }),
  fc.record({ kind: fc.constant('repay' as const), by: fc.integer({ min: 0, max: 1 }), loanId: fc.constantFrom('L1', 'L2', 'L3', 'L4') }),
  fc.record({ kind: fc.constant('repeat' as const), by: fc.integer({ min: 0, max: 1 }), of: fc.nat() }),
);

/** Runs the ops in order on `fundId`, each op by process `by`; its answers, with the fund's id taken out. */
const run = async (processes: Commands[], fundId: string, ops: Op[]): Promise<string[]> => {
  const answers: string[] = [];
  const sent: { op: Exclude<Op, { kind: 'repeat' }>; key: string }[] = [];
  const send = async (op: Exclude<Op, { kind: 'repeat' }>, key: string, by: number): Promise<unknown> => {
    const commands = processes[by % processes.length] as Commands;
    if (op.kind === 'inject') return commands.injectCapital(fundId, { amount: op.amount, occurredOn: '2024-05-03', source: 'city', reference: key }, ctx(key));
    if (op.kind === 'grant') return commands.grantBridgeLoan(fundId, loan(op.loanId, op.amount), ctx(key));
    return commands.repayBridgeLoan(fundId, op.loanId, { repaidOn: '2024-05-09' }, ctx(key));
  };
  for (const [index, op] of ops.entries()) {
    const first = op.kind === 'repeat' ? sent[op.of % Math.max(1, sent.length)] : { op, key: `${fundId}-${index}` };
    if (first === undefined) continue;
    if (op.kind !== 'repeat') sent.push(first);
    const answer = await send(first.op, first.key, op.by).catch((error: unknown) => ({ refused: (error as { code?: string; name?: string }).code ?? (error as Error).name }));
    answers.push(JSON.stringify(answer, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).replaceAll(fundId, 'F'));
  }
  return answers;
};

describe('deciding from memory', () => {
  it('a command on streams its process has seen sends its transaction and the commit barrier, nothing else', async () => {
    const { commands } = processOf();
    await bridgeFund(commands, 'warm');
    await commands.injectCapital('warm', { amount: 1_000_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx('warm-in'));
    const grant = await requestsOf(() => commands.grantBridgeLoan('warm', loan('L1', 300_000_00n), ctx('warm-L1')));
    const repay = await requestsOf(() => commands.repayBridgeLoan('warm', 'L1', { repaidOn: '2024-05-09' }, ctx('warm-L1-rep')));
    // The loan is new (never seen: taken as absent, which its Put's condition checks); the fund,
    // policy and month are as this process left them.
    expect(grant).toEqual(['TransactWriteItemsCommand', 'GetItemCommand']);
    expect(repay).toEqual(['TransactWriteItemsCommand', 'GetItemCommand']);
  });

  it('a process that never saw the fund reads it once: its memory refused, so the command was decided again on fresh reads', async () => {
    const { commands } = processOf();
    await bridgeFund(commands, 'cold');
    await commands.injectCapital('cold', { amount: 1_000_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    const other = processOf().commands;
    let granted: unknown;
    const sent = await requestsOf(async () => (granted = await other.grantBridgeLoan('cold', loan('L1', 300_000_00n), ctx('cold-L1'))));
    expect(granted).toMatchObject({ status: 201, body: { cash: '700000.00' } });
    // The fund's opening event (openedOn, once per process), then heads, record and month in one request.
    expect(sent).toEqual(['QueryCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand', 'GetItemCommand']);
  });

  it('two processes taking turns on one fund answer every command as one process reading afresh would, to the fen', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        round += 1;
        const fresh = processOf(false).commands;
        const [a, b] = [processOf().commands, processOf().commands];
        await bridgeFund(fresh, `ref-${round}`);
        await bridgeFund(a, `mem-${round}`);
        const expected = await run([fresh], `ref-${round}`, ops);
        const actual = await run([a, b], `mem-${round}`, ops);
        expect(actual).toEqual(expected);
        const cashOf = async (fundId: string) => ((await processOf().store.readHead(streamIds.fund(fundId)))?.snapshot as FundState).cash;
        expect(await cashOf(`mem-${round}`)).toBe(await cashOf(`ref-${round}`));
      }),
      { numRuns: 12 },
    );
  });

  it('capital injected by another process is there for the next loan: a refusal from memory is decided again', async () => {
    const a = processOf().commands;
    const b = processOf().commands;
    await bridgeFund(a, 'topped');
    await a.injectCapital('topped', { amount: 500_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R1' }, ctx());
    await a.grantBridgeLoan('topped', loan('L1', 300_000_00n), ctx());
    // a remembers 200,000.00 of cash; b brings it to 1,200,000.00.
    await b.injectCapital('topped', { amount: 1_000_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R2' }, ctx());
    await expect(a.grantBridgeLoan('topped', loan('L2', 900_000_00n), ctx())).resolves.toMatchObject({ status: 201, body: { cash: '300000.00' } });
  });

  it('a month another process closed is closed: the remembered open month fails the transaction, the fresh read refuses', async () => {
    const { store, commands } = processOf();
    await bridgeFund(commands, 'shut');
    await commands.injectCapital('shut', { amount: 1_000_000_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    const other = processOf().store;
    await other.append(
      [{ streamId: streamIds.period('shut', '2024-05'), expectedVersion: 0, events: [{ type: 'PeriodClosed', schemaVersion: 1, data: { fundId: 'shut', month: '2024-05', reconciliationClean: true }, occurredOn: '2024-05-31' }] }],
      { meta: { actor: 'job', role: 'system', requestId: 'r', correlationId: 'c' } },
    );
    const version = (await store.readHead(streamIds.fund('shut')))?.version;
    await expect(commands.grantBridgeLoan('shut', loan('L1', 300_000_00n), ctx('shut-L1'))).rejects.toBeInstanceOf(PeriodClosed);
    expect((await other.readHead(streamIds.fund('shut')))?.version).toBe(version);
  });

  it('a stream the decision read but does not append to is condition-checked at the version remembered', async () => {
    const a = processOf();
    await a.commands.createFund({ fundId: 'checked', kind: 'risk-pool', name: 'checked', openedOn: '2024-05-01' }, '2024-05-01', ctx());
    const issue = (guaranteeId: string) =>
      a.commands.issueGuarantee(
        'checked',
        { guaranteeId, agency: 'A', borrower: { name: 'B', creditCode: CODE, category: 'small' }, lender: 'L', principal: 1_000_000_00n, feeRateBps: 100, startsOn: '2024-05-01', maturesOn: '2025-05-01' },
        ctx(),
      );
    await issue('g1');
    const fundHead = `S#${streamIds.fund('checked')}`;
    // For each transaction sent: whether it condition-checks the fund's head.
    const transactions = (work: () => Promise<unknown>) =>
      sentRequests(db.client, work, (name, input) =>
        name === 'TransactWriteItemsCommand' ? (input as { TransactItems: { ConditionCheck?: { Key: Record<string, { S?: string }> } }[] }).TransactItems.some((item) => item.ConditionCheck?.Key.PK?.S?.endsWith(fundHead) === true) : undefined,
      ).then((sent) => sent.filter((checksFund) => checksFund !== undefined));
    // An issue reads the pool's fund stream (its kind) and appends only to the guarantee's.
    expect(await transactions(() => issue('g2'))).toEqual([true]);
    // Another process moves the fund: the remembered version fails, the retry reads and succeeds.
    await processOf().commands.injectCapital('checked', { amount: 1_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R' }, ctx());
    expect(await transactions(() => expect(issue('g3')).resolves.toMatchObject({ status: 201 }))).toEqual([true, false]);
  });

  it('a repeat that memory would decide again is answered from its record and adds nothing', async () => {
    const { store, commands } = processOf();
    await bridgeFund(commands, 'twice');
    const first = await commands.injectCapital('twice', { amount: 100_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R1' }, ctx('twice-1'));
    await commands.injectCapital('twice', { amount: 200_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R2' }, ctx('twice-2'));
    // From memory the repeat is a valid injection (cash 300.00 → 400.00); its record's Put cancels it.
    const again = await commands.injectCapital('twice', { amount: 100_00n, occurredOn: '2024-05-01', source: 'city', reference: 'R1' }, ctx('twice-1'));
    expect(again).toEqual(first);
    expect(((await store.readHead(streamIds.fund('twice')))?.snapshot as FundState).cash).toBe(300_00n);
  });
});
