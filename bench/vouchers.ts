// `npm run bench -- vouchers`: what numbering vouchers (凭证号) at append costs where it bites. Every
// command that posts journal lines takes its fund-month's voucher counter in its own transaction,
// so commands that never contended before now race on it: guarantees issued by 16 clients on one
// fund, each on its own guarantee stream. Prints throughput, p50/p99, conflicts retried (counted on
// the store's append) and answers by status, beside 16 clients on 16 funds (no shared counter).
//   BENCH_ROUND_MS=5000
import { loadavg } from 'node:os';
import { startLocalStack } from '../infra/local/stack';
import { percentile } from './support/percentile';
import { postStatus } from './support/post-status';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 5_000);
const CREDIT_CODE = '91371500MA3C5X7Y0E';


export default async function run(): Promise<void> {
  const stack = await startLocalStack({ eventFlow: false, logLevel: 'SILENT' });
  try {
    const bureau = await stack.token('finance-bureau');
    const funds = Array.from({ length: 16 }, (_, i) => `vb-${i}`);
    const manager = await stack.token('fund-manager', [...funds, 'vb-hot']);
    const post = (path: string, body: unknown, token: string): Promise<number> => postStatus(stack.url, token, path, body);
    for (const fundId of [...funds, 'vb-hot']) {
      const status = await post('/v1/funds', { fundId, kind: 'risk-pool', name: fundId, openedOn: '2024-01-01' }, bureau);
      if (status !== 201) throw new Error(`could not create ${fundId}: ${status}`);
    }
    // Count the conflicts the pipeline's retry loop meets (head or voucher counter), at the store.
    const store = stack.deps.store;
    const append = store.append.bind(store);
    let conflicts = 0;
    store.append = async (...args) => {
      try {
        return await append(...args);
      } catch (error) {
        if ((error as { code?: string }).code === 'concurrency-conflict') conflicts += 1;
        throw error;
      }
    };
    const issue = (fundId: string, id: string) =>
      post(`/v1/funds/${fundId}/guarantees`, { guaranteeId: id, agency: 'A', borrower: { name: '聊城市某某公司', creditCode: CREDIT_CODE, category: 'micro' }, lender: 'L', principal: '100000.00', feeRateBps: 80, startsOn: '2024-05-06', maturesOn: '2025-05-05' }, manager);

    let rounds = 0;
    const round = async (label: string, fundOf: (client: number) => string): Promise<void> => {
      conflicts = 0;
      rounds += 1;
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 16 }, async (_, client) => {
          for (let n = 0; performance.now() < started + ROUND_MS; n += 1) {
            const t0 = performance.now();
            const status = await issue(fundOf(client), `r${rounds}-${client}-${n}`);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 201) latencies.push(performance.now() - t0);
          }
        }),
      );
      const elapsed = performance.now() - started;
      latencies.sort((a, b) => a - b);
      const answers = [...statuses].map(([s, n]) => `${n}×${s}`).join(', ');
      console.log(
        `${label.padEnd(34)} ${((latencies.length * 1000) / elapsed).toFixed(1).padStart(6)}/s   p50 ${percentile(latencies, 50).toFixed(0).padStart(5)} ms   p99 ${percentile(latencies, 99).toFixed(0).padStart(5)} ms   conflicts retried ${String(conflicts).padStart(4)} (${(conflicts / Math.max(1, latencies.length)).toFixed(2)} per command)   answers ${answers}`,
      );
    };
    console.log(`rounds of ${ROUND_MS} ms, 16 clients issuing guarantees, event flow off, load average ${loadavg()[0]?.toFixed(1)}`);
    await round('warm-up', (c) => funds[c] as string);
    await round('16 clients, 16 funds', (c) => funds[c] as string);
    await round('16 clients, one fund (one counter)', () => 'vb-hot');
  } finally {
    await stack.stop();
  }
}
