// `npm run bench -- load`: many clients posting a mix of every command kind over HTTP on the local
// stack (event flow on) for a bounded time, then the book checks (test/support/book-checks.ts).
// LOAD_CLIENTS (default 16), LOAD_SECONDS (default 300), LOAD_FUNDS_PER_KIND (default 2: clients
// share funds). Prints throughput, p50/p99, answers by class, memory over time and the books.
import { startLocalStack } from '../infra/local/stack';
import { checkBooks, describeBooks } from '../test/support/book-checks';
import { describeWorkload, fundIdsOf, runWorkload, setUpFunds, type Target } from '../test/support/workload';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export default async function run(): Promise<void> {
  const clients = Number(process.env.LOAD_CLIENTS ?? 16);
  const seconds = Number(process.env.LOAD_SECONDS ?? 300);
  const perKind = Number(process.env.LOAD_FUNDS_PER_KIND ?? 2);
  const stack = await startLocalStack({ logLevel: 'SILENT' });
  try {
    const funds = fundIdsOf('load', perKind);
    const target: Target = { url: () => stack.url, bureau: await stack.token('finance-bureau'), manager: await stack.token('fund-manager', [...funds.pools, ...funds.bridges, ...funds.guides]) };
    await setUpFunds(target, 'load', perKind);
    console.log(`${clients} clients for ${seconds} s on ${perKind * 3} funds (${perKind} per kind; clients share them), event flow on, DynamoDB Local in memory`);
    const memory: string[] = [];
    const started = performance.now();
    const stats = await runWorkload(target, {
      clients,
      durationMs: seconds * 1000,
      fundsPerKind: perKind,
      onTick: (elapsed, s) => {
        if (Math.round(elapsed / 1000) % 30 !== 0) return;
        const m = process.memoryUsage();
        memory.push(`${Math.round(elapsed / 1000)} s: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}, ${s.acknowledged.size} acknowledged`);
      },
    });
    const elapsed = performance.now() - started;
    console.log(describeWorkload(stats, elapsed));
    console.log(`memory of the node process (API + event flow; the JVM apart):\n  ${memory.join('\n  ')}`);
    await stack.flow?.drained(300_000);
    console.log(`projection drained ${((performance.now() - started - elapsed) / 1000).toFixed(1)} s after the last command`);
    const books = await checkBooks({ client: stack.client, eventsTableName: stack.eventsTableName, readTableName: stack.readTableName, acknowledged: stats.acknowledged, catchUpMs: 300_000 });
    console.log(describeBooks(books));
  } finally {
    await stack.stop();
  }
}
