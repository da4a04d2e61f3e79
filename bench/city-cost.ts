// `npm run bench -- city-cost`: what one city costs a month at Liaocheng's volume, from a demo year
// (scripts/demo: every fund kind, approvals, statements, month end) posted through the local stack's
// HTTP API at CITY_COST_SCALE (default 0.25), everything counted until the event flow is drained:
// DynamoDB requests and the capacity DynamoDB reports for them (ReturnConsumedCapacity TOTAL), the
// events appended, the consumers' SQS messages and batches, the API's and the consumers' time. The
// counts are scaled to the full year by its number of commands (the year at scale 1) and priced per
// month: us-east-1 list prices (bench/support/prices.ts) and DynamoDB at Ningxia's (CNY).
import { loadavg } from 'node:os';
import { startLocalStack } from '../infra/local/stack';
import { buildPlan, FUND_IDS } from '../scripts/demo/plan';
import { runDemo } from '../scripts/demo/run';
import { trackCapacity } from './support/capacity';
import { createFlowCounter } from './support/flow-counts';
import { type CommandCounts, costPerCommand, NINGXIA_DYNAMODB, PRICES } from './support/prices';

const SCALE = Number(process.env.CITY_COST_SCALE ?? 0.25);

export default async function cityCost(): Promise<void> {
  const flow = createFlowCounter();
  const stack = await startLocalStack({ logLevel: 'SILENT', wrapHandler: flow.wrapHandler });
  const capacity = trackCapacity(stack.client);
  flow.countAppends(stack.client, stack.eventsTableName);
  // The API's time per command (billed Lambda duration): every POST the demo sends, timed at the client.
  const realFetch = globalThis.fetch;
  const posts = { n: 0, ms: 0 };
  globalThis.fetch = async (input, init) => {
    if (init?.method !== 'POST') return realFetch(input, init);
    const t0 = performance.now();
    try {
      return await realFetch(input, init);
    } finally {
      posts.n += 1;
      posts.ms += performance.now() - t0;
    }
  };
  try {
    const options = { seed: 2024, months: 12, year: 2024, withOpenedOn: true };
    const plan = buildPlan({ ...options, scale: SCALE });
    const full = buildPlan({ ...options, scale: 1 });
    const tokens = { bureau: await stack.token('finance-bureau'), checker: await stack.token('finance-bureau', [], 'cost-checker'), manager: await stack.token('fund-manager', [...FUND_IDS]) };
    const started = performance.now();
    // Two in flight: the API's answer time stands for one Lambda's duration, not for a queue in one process.
    const result = await runDemo({ baseUrl: stack.url, tokens, plan, concurrency: 2, perFund: 1, projectionTimeoutMs: 600_000 });
    await stack.flow?.drained(300_000);
    const seconds = (performance.now() - started) / 1000;
    if (result.refusals.length > 0) throw new Error(`the demo year refused ${result.refusals.length} requests, first: ${result.refusals[0]?.reason ?? ''}`);

    const totals = capacity.totals();
    const carried = flow.counts();
    const requests = [...totals.requests.values()].reduce((a, b) => a + b, 0);
    // The full year's POSTs: its commands, the second person's decisions (and the policy's), a
    // statement per fund and month, the policy and month end (a reconciliation per month, a close
    // for every month but the last): 4,326 for seed 2024. The run's counts are scaled by POSTs, so
    // the statements and month end, fixed per year, are scaled too: an overcount of a few % at 0.25.
    const fullPosts = full.setup.length + full.ops.length + full.ops.filter((o) => o.decision !== undefined).length + 1 + FUND_IDS.length * 12 + 1 + 12 + 11;
    const toMonth = fullPosts / posts.n / 12;
    const month: CommandCounts = {
      apiMs: posts.ms * toMonth,
      flowMs: carried.ms * toMonth,
      apiDynamoRequests: 0,
      flowDynamoRequests: requests * toMonth,
      writeUnits: totals.writeUnits * toMonth,
      readUnits: totals.readUnits * toMonth,
      apiWriteUnits: 0,
      events: carried.events * toMonth,
      messages: carried.messages * toMonth,
      batches: carried.batches * toMonth,
    };
    const items = costPerCommand(month, posts.n * toMonth).sort((a, b) => b.usd - a.usd);
    const usd = items.reduce((a, i) => a + i.usd, 0);
    const cny = month.writeUnits * NINGXIA_DYNAMODB.writeUnitCny + month.readUnits * NINGXIA_DYNAMODB.readUnitCnyEstimate;

    console.log(`Liaocheng's demo year at scale ${SCALE} through the local stack's API: ${posts.n} POSTs (${plan.setup.length + plan.ops.length} planned commands), ${seconds.toFixed(0)} s, load average ${loadavg()[0]?.toFixed(1)}`);
    console.log(`  measured: ${requests} DynamoDB requests, ${totals.writeUnits.toFixed(0)} WRU, ${totals.readUnits.toFixed(0)} RRU, ${carried.events} events, ${carried.messages} SQS messages, ${carried.batches} consumer batches; API ${posts.ms.toFixed(0)} ms (${(posts.ms / posts.n).toFixed(0)} ms a POST), consumers ${carried.ms.toFixed(0)} ms`);
    console.log(`  per POST: ${(totals.writeUnits / posts.n).toFixed(1)} WRU, ${(totals.readUnits / posts.n).toFixed(1)} RRU, ${(requests / posts.n).toFixed(1)} DynamoDB requests, ${(carried.events / posts.n).toFixed(2)} events`);
    console.log(`\none city a month at Liaocheng's volume (the full year's ${fullPosts} POSTs ÷ 12, × ${toMonth.toFixed(3)} of this run):`);
    console.log(`  ${(posts.n * toMonth).toFixed(0)} requests, ${month.writeUnits.toFixed(0)} WRU, ${month.readUnits.toFixed(0)} RRU, ${month.events.toFixed(0)} events, ${month.messages.toFixed(0)} SQS messages, ${month.batches.toFixed(0)} consumer batches`);
    console.log(`  ${PRICES.region}: **$${usd.toFixed(4)} a month** in per-request charges: ${items.map((i) => `${i.item} $${i.usd.toFixed(4)}`).join(', ')}`);
    console.log(
      `  Ningxia DynamoDB: writes ¥${(month.writeUnits * NINGXIA_DYNAMODB.writeUnitCny).toFixed(3)} + reads ¥${(month.readUnits * NINGXIA_DYNAMODB.readUnitCnyEstimate).toFixed(3)} (read price estimated) = **¥${cny.toFixed(3)} a month**`,
    );
  } finally {
    globalThis.fetch = realFetch;
    await stack.stop();
  }
}
