// `npm run bench -- cost`: what one command of each kind costs in the cloud, from counts measured
// on the local stack (same API handler, same projectors, same DynamoDB requests):
// - DynamoDB requests and the capacity DynamoDB reports for them (ReturnConsumedCapacity TOTAL),
//   split into the API's share (until the answer) and the consumers' share (until drained);
// - events appended (= stream records = Pipe events = EventBridge events), SQS messages and
//   consumer batches (= Lambda invocations of the projectors), the API's own handler time.
// The cloud counts follow from the design (docs/event-flow.md): one HTTP API request and one API
// Lambda invocation per command; per event one Pipes request and one EventBridge event; per SQS
// message one SendMessage (EventBridge's target); per batch one ReceiveMessage and one
// DeleteMessageBatch. Prices: bench/support/prices.ts (region and date stated there).
//   BENCH_COST_REPEAT=5
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { startLocalStack } from '../infra/local/stack';
import { trackCapacity } from './support/capacity';
import { createFlowCounter } from './support/flow-counts';
import { LIAOCHENG_YEAR, monthlyCost, PRICES, type CommandCounts, costPerCommand } from './support/prices';

const REPEAT = Number(process.env['BENCH_COST_REPEAT'] ?? 5);
const CREDIT_CODE = '91371500MA3C5X7Y0E';

interface Step {
  kind: string;
  method: 'POST';
  path: string;
  body: unknown;
  role: 'finance-bureau' | 'fund-manager';
}

/** One fund's life, every command once; `n` keeps ids apart between repeats. */
const scenario = (n: number): Step[] => {
  const pool = `cost-pool-${n}`;
  const bridge = `cost-bridge-${n}`;
  const guarantee = (id: string) => ({ guaranteeId: id, agency: 'A', borrower: { name: 'B', creditCode: CREDIT_CODE, category: 'micro' }, lender: 'L', principal: '300000.00', feeRateBps: 80, startsOn: '2024-03-03', maturesOn: '2024-09-03' });
  return [
    { kind: 'create fund', method: 'POST', path: '/v1/funds', body: { fundId: pool, kind: 'risk-pool', name: pool, openedOn: '2024-01-01' }, role: 'finance-bureau' },
    { kind: 'capital injection', method: 'POST', path: `/v1/funds/${pool}/capital-injections`, body: { amount: '5000000.00', occurredOn: '2024-02-01', source: 'city', reference: `INJ-${n}` }, role: 'finance-bureau' },
    { kind: 'issue guarantee', method: 'POST', path: `/v1/funds/${pool}/guarantees`, body: guarantee('g1'), role: 'fund-manager' },
    { kind: 'release guarantee', method: 'POST', path: `/v1/funds/${pool}/guarantees/g1/releases`, body: { occurredOn: '2024-03-25' }, role: 'fund-manager' },
    { kind: 'create fund', method: 'POST', path: '/v1/funds', body: { fundId: bridge, kind: 'bridge-fund', name: bridge, openedOn: '2024-01-01' }, role: 'finance-bureau' },
    { kind: 'capital injection', method: 'POST', path: `/v1/funds/${bridge}/capital-injections`, body: { amount: '5000000.00', occurredOn: '2024-02-01', source: 'city', reference: `INJ-B-${n}` }, role: 'finance-bureau' },
    {
      kind: 'grant bridge loan',
      method: 'POST',
      path: `/v1/funds/${bridge}/bridge-loans`,
      body: { loanId: 'L1', borrower: { name: 'X', creditCode: CREDIT_CODE }, bank: 'B', amount: '1000000.00', renewalCommitment: { reference: 'R', amount: '2000000.00' }, disbursedOn: '2024-03-05', dueOn: '2024-03-10' },
      role: 'fund-manager',
    },
    { kind: 'repay bridge loan', method: 'POST', path: `/v1/funds/${bridge}/bridge-loans/L1/repayments`, body: { repaidOn: '2024-03-08' }, role: 'fund-manager' },
  ].map((step) => ({ ...step, method: 'POST' as const, role: step.role as Step['role'] }));
};

const fundOf = (path: string): string[] => [/\/v1\/funds\/([^/]+)/.exec(path)?.[1] ?? ''];

export default async function cost(): Promise<void> {
  const flow = createFlowCounter();
  const stack = await startLocalStack({ logLevel: 'SILENT', wrapHandler: flow.wrapHandler });
  const capacity = trackCapacity(stack.client);
  flow.countAppends(stack.client, stack.eventsTableName);
  const totals = new Map<string, CommandCounts & { n: number }>();
  try {
    for (let n = 0; n < REPEAT; n += 1) {
      for (const step of scenario(n)) {
        const token = await stack.token(step.role, step.role === 'fund-manager' ? fundOf(step.path) : []);
        capacity.reset();
        flow.reset();
        const t0 = performance.now();
        const response = await fetch(`${stack.url}${step.path}`, {
          method: step.method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(step.body),
        });
        const apiMs = performance.now() - t0;
        if (response.status >= 300) throw new Error(`${step.kind}: ${step.method} ${step.path} answered ${response.status}: ${await response.text()}`);
        const api = structuredClone(capacity.totals());
        await stack.flow?.drained(60_000);
        const all = capacity.totals();
        const carried = flow.counts();
        const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
        const counts: CommandCounts = {
          apiMs,
          flowMs: carried.ms,
          apiDynamoRequests: sum(api.requests),
          flowDynamoRequests: sum(all.requests) - sum(api.requests),
          writeUnits: all.writeUnits,
          readUnits: all.readUnits,
          apiWriteUnits: api.writeUnits,
          events: carried.events,
          messages: carried.messages,
          batches: carried.batches,
        };
        const previous = totals.get(step.kind);
        if (previous === undefined) totals.set(step.kind, { ...counts, n: 1 });
        else for (const key of Object.keys(counts) as (keyof CommandCounts)[]) previous[key] += counts[key];
        if (previous !== undefined) previous.n += 1;
      }
    }
  } finally {
    await stack.stop();
  }

  console.log(`${REPEAT} × the scenario on the local stack, load average ${loadavg()[0]?.toFixed(1)}; prices: ${PRICES.region}, ${PRICES.date}\n`);
  console.log('| command | DynamoDB requests (API + projectors) | WRU (API) | RRU | events | SQS messages | consumer batches | API ms | $ per 1,000 commands | biggest item |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const perKind = new Map<string, CommandCounts>();
  for (const [kind, t] of totals) {
    const avg = Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'n').map(([k, v]) => [k, v / t.n])) as unknown as CommandCounts;
    perKind.set(kind, avg);
    const items = costPerCommand(avg);
    const total = items.reduce((a, i) => a + i.usd, 0);
    const biggest = [...items].sort((a, b) => b.usd - a.usd)[0];
    console.log(
      `| ${kind} | ${avg.apiDynamoRequests.toFixed(1)} + ${avg.flowDynamoRequests.toFixed(1)} | ${avg.writeUnits.toFixed(1)} (${avg.apiWriteUnits.toFixed(1)}) | ${avg.readUnits.toFixed(1)} | ${avg.events.toFixed(1)} | ${avg.messages.toFixed(1)} | ${avg.batches.toFixed(1)} | ${avg.apiMs.toFixed(0)} | ${(total * 1000).toFixed(4)} | ${biggest?.item} ${(((biggest?.usd ?? 0) / total) * 100).toFixed(0)} % |`,
    );
  }
  const month = monthlyCost(perKind);
  console.log(`\nLiaocheng, a month at the plan's volume (${LIAOCHENG_YEAR.map((l) => `${l.perYear} ${l.kind}`).join(', ')} a year): $${month.total.toFixed(4)} per month`);
  console.log(`  by item: ${month.byItem.map((i) => `${i.item} $${i.usd.toFixed(4)}`).join(', ')}`);
}
