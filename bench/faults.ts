// `npm run bench -- faults`: the slow fault runs of issue 13 §2, each under load and each followed
// by the same book checks as the load bench (test/support/book-checks.ts):
//   - DynamoDB Local SIGKILLed and restarted on the same files and port while clients post;
//   - the event flow killed mid-batch (no batch allowed to finish) and restarted on its positions;
//   - the books consumer throwing for one event type: the poison lands in its DLQ, and once "fixed"
//     is redriven with the same code scripts/dlq.ts runs;
//   - clients timing out after 15 ms and retrying with the same Idempotency-Key;
//   - every event delivered again, twice, shuffled.
// (The whole stack SIGKILLed and restarted on the same data: test/e2e/data-dir-lock.e2e.test.ts.)
// FAULT_CLIENTS (default 8), FAULT_SECONDS (default 60).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dlqUrlsOf, listDlq, redriveDlq } from '../functions/jobs/replay-dlq';
import { checkBooks, describeBooks } from '../test/support/book-checks';
import { startFaultStack } from '../test/support/fault-stack';
import { redeliverEverything } from '../test/support/redelivery';
import { describeWorkload, fundIdsOf, runWorkload, setUpFunds, type Target } from '../test/support/workload';

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
    let busy = false;
    const stats = await runWorkload(target, {
      clients,
      durationMs: seconds * 1000,
      prefix: 'fault',
      onTick: async (elapsed) => {
        if (busy) return;
        busy = true;
        const second = Math.round(elapsed / 1000);
        try {
          if (second % 20 === 5) {
            await stack.killDynamo(1_000);
            counts['dynamodb-killed'] = (counts['dynamodb-killed'] ?? 0) + 1;
          } else if (second % 20 === 12) {
            await stack.crashFlow(1_000);
            counts['flow-crashed'] = (counts['flow-crashed'] ?? 0) + 1;
          } else if (second === 15) stack.poison.type = 'InterestReceived';
        } finally {
          busy = false;
        }
      },
    });
    console.log(describeWorkload(stats, performance.now() - started));
    // Timeouts and retries with the same key, on top.
    await runWorkload(target, { clients: 4, durationMs: 5_000, prefix: 'fault', timeoutMs: 15, attempts: 40 }, stats);
    counts['client-timeouts'] = stats.byOutcome.timeout;

    // The poison: wait (bounded) for its messages to reach the DLQ, "deploy the fix", redrive.
    const sqs = stack.flow().queues.sqs;
    const urls = await dlqUrlsOf(sqs, 'books');
    const deadline = Date.now() + 60_000;
    let parked = await listDlq(sqs, urls);
    while (stack.poison.type !== undefined && parked.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      parked = await listDlq(sqs, urls);
    }
    counts['poison-failures'] = stack.poison.failures;
    stack.poison.type = undefined;
    await new Promise((resolve) => setTimeout(resolve, 31_000)); // the listing hides messages for 30 s
    counts['dlq-redriven'] = (await redriveDlq(sqs, urls)).moved;
    await stack.flow().drained(300_000);

    const tables = { client: stack.client, eventsTableName: stack.eventsTableName, readTableName: stack.readTableName };
    const redelivered = await redeliverEverything(tables);
    console.log(`redelivered ${redelivered.messages} messages: ${redelivered.failures} failures, ${redelivered.changedItems} read-model items changed`);
    console.log(`faults: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const books = await checkBooks({ ...tables, acknowledged: stats.acknowledged, catchUpMs: 300_000 });
    console.log(describeBooks(books));
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
