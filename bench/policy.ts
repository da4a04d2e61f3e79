// `npm run bench -- policy`: what judging every command under the policy stream's head costs
// (issue 20 §2). On one DynamoDB Local, in process (no HTTP), one client posts capital injections
// then bridge loans and repayments; every DynamoDB call is counted by kind with the items it read
// or wrote, and each command's latency is timed. To compare builds (say, with the policy head read
// and without), run them interleaved in one session and compare as ratios within each round: the
// shared machine's load moves p50 more than the code does (docs/policy.md, "Cost per command").
import { loadavg } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCommands } from '../functions/commands';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { createEventStore } from '../functions/store/event-store';
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { percentile } from './support/percentile';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 300);

interface Tally {
  calls: number;
  readItems: number;
  writeItems: number;
  conditionChecks: number;
}

/** A client whose send() counts each call and the items it touched, then delegates. */
const counting = (inner: DynamoDBClient, tally: Map<string, Tally>): DynamoDBClient => {
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown> => {
    const output = (await inner.send(command as never)) as unknown as Record<string, unknown>;
    const name = command.constructor.name.replace(/Command$/, '');
    const t = tally.get(name) ?? { calls: 0, readItems: 0, writeItems: 0, conditionChecks: 0 };
    t.calls += 1;
    if (name === 'GetItem') t.readItems += output.Item === undefined ? 0 : 1;
    if (name === 'Query') t.readItems += Array.isArray(output.Items) ? output.Items.length : 0;
    if (name === 'BatchGetItem') t.readItems += Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0);
    if (name === 'TransactWriteItems') {
      const items = (command.input.TransactItems ?? []) as Record<string, unknown>[];
      t.conditionChecks += items.filter((i) => i.ConditionCheck !== undefined).length;
      t.writeItems += items.filter((i) => i.ConditionCheck === undefined).length;
    }
    tally.set(name, t);
    return output;
  };
  return new Proxy(inner, { get: (target, key) => (key === 'send' ? send : Reflect.get(target, key)) });
};


export default async function run(): Promise<void> {
  const local = await startDynamoLocal({});
  const raw = createDynamoClient(local.endpoint);
  try {
    const tables = { eventsTableName: 'bench-events', readTableName: 'bench-read' };
    await createTables(raw, tables);
    const tally = new Map<string, Tally>();
    const store = createEventStore({ client: counting(raw, tally), tableName: tables.eventsTableName });
    const commands = createCommands(store, {}, () => '2025-06-30');
    const ctx = (n: number) => ({ meta: { actor: 'bench', role: 'fund-manager', requestId: `r${n}`, correlationId: 'c' } });
    // With the policy stream (issue 20), first adopt a version, so every command reads a real head.
    const adopt = (commands as Partial<Record<'proposePolicy' | 'approve', (...args: never[]) => Promise<{ body: unknown }>>>);
    if (adopt.proposePolicy !== undefined && adopt.approve !== undefined) {
      const targets = { '2025': { newGuaranteeAmount: '6000000000.00', bridgeUses: 900, guidanceLanded: '1200000000.00', greenFundsMin: 2, greenFundsMax: 3 } };
      const held = await adopt.proposePolicy({ policyId: 'plan-2025', effectiveFrom: '2025-01-01', reason: 'bench', changes: { targets } } as never, { meta: { actor: 'maker', role: 'finance-bureau', requestId: 'p', correlationId: 'c' } } as never);
      await adopt.approve((held.body as { approvalId: string }).approvalId as never, { note: '' } as never, { meta: { actor: 'checker', role: 'finance-bureau', requestId: 'a', correlationId: 'c' } } as never);
    }
    await commands.createFund({ fundId: 'bf', kind: 'bridge-fund', name: 'bf', openedOn: '2025-01-02' }, '2025-01-02', ctx(0));
    await commands.injectCapital('bf', { amount: 1_000_000_000_00n, occurredOn: '2025-01-02', source: 'city', reference: 'R' }, ctx(0));
    // Warm up (the openedOn cache, the JIT), then count only the measured commands.
    for (let i = 0; i < 20; i += 1) await commands.injectCapital('bf', { amount: 1_00n, occurredOn: '2025-01-03', source: 'city', reference: `W${i}` }, ctx(i));
    tally.clear();
    const latencies: number[] = [];
    const timed = async (command: () => Promise<unknown>): Promise<void> => {
      const t0 = performance.now();
      await command();
      latencies.push(performance.now() - t0);
    };
    const loans = Math.floor(COMMANDS / 3);
    for (let i = 0; i < COMMANDS - 2 * loans; i += 1) await timed(() => commands.injectCapital('bf', { amount: 1_00n, occurredOn: '2025-02-03', source: 'city', reference: `I${i}` }, ctx(i)));
    for (let i = 0; i < loans; i += 1) {
      const loan = { loanId: `L${i}`, borrower: { name: 'B', creditCode: '91371500MA3C5X7Y0E' }, bank: 'K', amount: 1_000_000_00n, renewalCommitment: { reference: 'RC', amount: 2_000_000_00n }, disbursedOn: '2025-03-03', dueOn: '2025-03-13' };
      await timed(() => commands.grantBridgeLoan('bf', loan, ctx(i)));
      await timed(() => commands.repayBridgeLoan('bf', `L${i}`, { repaidOn: '2025-03-06' }, ctx(i)));
    }
    latencies.sort((a, b) => a - b);
    const n = latencies.length;
    const total = [...tally.values()].reduce((a, t) => ({ calls: a.calls + t.calls, readItems: a.readItems + t.readItems, writeItems: a.writeItems + t.writeItems, conditionChecks: a.conditionChecks + t.conditionChecks }), { calls: 0, readItems: 0, writeItems: 0, conditionChecks: 0 });
    const per = (x: number): string => (x / n).toFixed(2);
    console.log(`policy: ${n} commands (capital injections, bridge loans, repayments), one client, DynamoDB Local, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const [name, t] of [...tally.entries()].sort()) console.log(`  ${name.padEnd(20)} ${per(t.calls)} calls/command   ${per(t.readItems)} items read   ${per(t.writeItems)} items written   ${per(t.conditionChecks)} condition checks`);
    console.log(`  ${'all'.padEnd(20)} ${per(total.calls)} calls/command   ${per(total.readItems)} items read   ${per(total.writeItems)} items written   ${per(total.conditionChecks)} condition checks`);
    console.log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms   p90 ${percentile(latencies, 90).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  } finally {
    raw.destroy();
    await local.stop();
  }
}
