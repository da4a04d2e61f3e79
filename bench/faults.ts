// `npm run bench -- faults`: the slow fault runs of issue 13 §2, each under load and each followed
// by the same book checks as the load bench (test/support/book-checks.ts). Every 20 s of load:
//   - at 5 s, DynamoDB Local SIGKILLed and restarted on the same files and port while clients post
//     (the API answers 503 + Retry-After meanwhile; clients retry with the same Idempotency-Key);
//   - at 12 s, the event flow killed mid-batch (no batch allowed to finish) and restarted on its positions;
//   - from 15 s of the first cycle, the books consumer throwing for one event type: the poison lands in
//     its DLQ, and once "fixed" is redriven with the same code scripts/dlq.ts runs;
// then clients timing out after 15 ms and retrying with the same Idempotency-Key; then every
// consumer's DLQ redriven (an outage longer than maxReceiveCount × visibility parks messages there,
// as in the cloud, and the runbook is the redrive); then every event delivered again, twice, shuffled.
// (The whole stack SIGKILLed and restarted on the same data: test/e2e/data-dir-lock.e2e.test.ts.)
// FAULT_CLIENTS (default 8), FAULT_SECONDS (default 60).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dlqUrlsOf, listDlq, redriveDlq } from '../functions/jobs/replay-dlq';
import { CONSUMERS } from '../functions/shared/routing';
import { checkBooks, describeBooks } from '../test/support/book-checks';
import { startFaultStack } from '../test/support/fault-stack';
import { redeliverEverything } from '../test/support/redelivery';
import { describeWorkload, fundIdsOf, runWorkload, setUpFunds, type Target } from '../test/support/workload';

type Fault = 'dynamodb-killed' | 'flow-crashed' | 'poisoned';

/** Each 20 s: DynamoDB Local killed at 5 s, the flow crashed at 12 s; the poison from 15 s of the first. */
const scheduleOf = (seconds: number): { at: number; fault: Fault; done: boolean }[] =>
  Array.from({ length: Math.ceil(seconds / 20) }, (_, cycle) => [
    { at: cycle * 20 + 5, fault: 'dynamodb-killed' as const, done: false },
    { at: cycle * 20 + 12, fault: 'flow-crashed' as const, done: false },
    ...(cycle === 0 ? [{ at: 15, fault: 'poisoned' as const, done: false }] : []),
  ])
    .flat()
    .filter((step) => step.at < seconds);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

export default async function run(): Promise<void> {
  const clients = Number(process.env.FAULT_CLIENTS ?? 8);
  const seconds = Number(process.env.FAULT_SECONDS ?? 60);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-faults-'));
  const stack = await startFaultStack(dataDir);
  const counts: Record<string, number> = { 'dynamodb-killed': 0, 'flow-crashed': 0, 'poison-failures': 0, 'dlq-redriven': 0, 'client-timeouts': 0 };
  try {
    const funds = fundIdsOf('fault', 2);
    const target: Target = { url: () => stack.url, bureau: await stack.token('finance-bureau'), manager: await stack.token('fund-manager', [...funds.pools, ...funds.bridges, ...funds.guides]) };
    await setUpFunds(target, 'fault', 2);
    const started = performance.now();
    // A fault whose moment passed while another was striking (a restart takes seconds) strikes next.
    const schedule = scheduleOf(seconds);
    let busy = false;
    const stats = await runWorkload(target, {
      clients,
      durationMs: seconds * 1000,
      prefix: 'fault',
      // Enough attempts to ride out a DynamoDB Local restart (several seconds on a loaded machine).
      attempts: 40,
      onTick: async (elapsed) => {
        const due = schedule.find((step) => !step.done && elapsed >= step.at * 1000);
        if (busy || due === undefined) return;
        busy = true;
        due.done = true;
        try {
          if (due.fault === 'dynamodb-killed') await stack.killDynamo(1_000);
          else if (due.fault === 'flow-crashed') await stack.crashFlow(1_000);
          else stack.poison.type = 'InterestReceived';
          counts[due.fault] = (counts[due.fault] ?? 0) + 1;
        } finally {
          busy = false;
        }
      },
    });
    console.log(describeWorkload(stats, performance.now() - started));
    // Timeouts and retries with the same key, on top.
    const before = stats.byOutcome.timeout;
    await runWorkload(target, { clients: 4, durationMs: 5_000, prefix: 'fault', timeoutMs: 15, attempts: 40 }, stats);
    counts['client-timeouts'] = stats.byOutcome.timeout - before;

    // The poison: wait (bounded) for its messages to reach the DLQ, "deploy the fix", then redrive
    // every consumer's DLQ (the poison, and whatever the DynamoDB outages parked there).
    const sqs = stack.flow().queues.sqs;
    const books = await dlqUrlsOf(sqs, 'books');
    const deadline = Date.now() + 60_000;
    while (stack.poison.type !== undefined && (await listDlq(sqs, books)).length === 0 && Date.now() < deadline) await sleep(1_000);
    counts['poison-failures'] = stack.poison.failures;
    stack.poison.type = undefined;
    await sleep(31_000); // the listing hides messages for 30 s
    const redriven: string[] = [];
    for (const consumer of CONSUMERS) {
      const { moved } = await redriveDlq(sqs, await dlqUrlsOf(sqs, consumer));
      counts['dlq-redriven'] = (counts['dlq-redriven'] ?? 0) + moved;
      redriven.push(`${consumer} ${moved}`);
    }
    console.log(`DLQs redriven: ${redriven.join(', ')}`);
    await stack.flow().drained(300_000);

    const tables = { client: stack.client, eventsTableName: stack.eventsTableName, readTableName: stack.readTableName };
    const redelivered = await redeliverEverything(tables);
    console.log(`redelivered ${redelivered.messages} messages: ${redelivered.failures} failures, ${redelivered.changedItems} read-model items changed`);
    for (const sample of redelivered.samples) console.log(`  changed: ${sample}`);
    console.log(`faults: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`DynamoDB Local SIGKILLed at ${stack.dynamoKills.map((k) => `${iso(k.at)} (down ${((k.upAt - k.at) / 1000).toFixed(1)} s${k.hotJournal ? ', rollback journal left' : ''})`).join(', ')}`);
    const outside = stats.unavailableAt.filter((at) => !stack.dynamoKills.some((k) => at >= k.at && at <= k.upAt + 5_000)).length;
    console.log(`503 answers: ${stats.byOutcome.unavailable} (${outside} outside a DynamoDB Local outage and the 5 s after it); other 5xx: ${stats.byOutcome['server-error']}`);
    for (const [cause, n] of stack.unhandled) console.log(`  500 ×${n}: ${cause}`);

    const report = await checkBooks({ ...tables, acknowledged: stats.acknowledged, catchUpMs: 300_000 });
    console.log(describeBooks(report));
    for (const key of report.lost) {
      const ack = stats.acknowledgedAt.get(key);
      const kill = ack === undefined ? undefined : stack.dynamoKills.find((k) => k.at >= ack.at);
      console.log(`  lost ${key}: ${ack?.kind ?? '?'} acknowledged at ${ack === undefined ? '?' : iso(ack.at)}${kill === undefined || ack === undefined ? '' : `, ${kill.at - ack.at} ms before a DynamoDB Local SIGKILL`}`);
    }
    const clean = report.ok && redelivered.changedItems === 0 && redelivered.failures === 0 && stats.byOutcome['server-error'] === 0;
    console.log(`faults run: ${clean ? 'CLEAN' : 'NOT CLEAN'} — lost ${report.lost.length}, doubled ${report.doubled.length}, changed on redelivery ${redelivered.changedItems}, 5xx other than 503 ${stats.byOutcome['server-error']}`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
