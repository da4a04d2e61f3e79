// `npm run bench -- api`: POST throughput and p50/p99 latency over HTTP on the local stack, at 1
// and 16 concurrent clients, beside raw event-store appends of the same event on the same
// DynamoDB Local. Each client posts capital injections to its own fund (no contention), and a
// last round has 16 clients on ONE fund (the hot-stream case: every post serialises on it).
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { percentile } from './support/percentile';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 5_000);

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}


const measure = async (clients: number, call: (client: number, n: number) => Promise<boolean>): Promise<Figures> => {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + ROUND_MS;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const t0 = performance.now();
        const ok = await call(client, n);
        if (ok) latencies.push(performance.now() - t0);
        else failed += 1;
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { perSecond: (latencies.length * 1000) / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ok: latencies.length, failed };
};

const line = (label: string, f: Figures): string =>
  `${label.padEnd(44)} ${f.perSecond.toFixed(0).padStart(6)}/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms   (${f.ok} ok, ${f.failed} refused)`;

const setUpFunds = async (stack: LocalStack, token: string, ids: string[]): Promise<void> => {
  for (const fundId of ids) {
    const response = await fetch(`${stack.url}/v1/funds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ fundId, kind: 'risk-pool', name: fundId, openedOn: '2024-01-01' }),
    });
    if (response.status !== 201) throw new Error(`could not create ${fundId}: ${response.status}`);
  }
};

export default async function run(): Promise<void> {
  // The event flow is off: this measures the command path, not the projectors sharing the CPU.
  const stack = await startLocalStack({ eventFlow: false, logLevel: 'SILENT' });
  try {
    const token = await stack.token('finance-bureau');
    const body = (n: number) => JSON.stringify({ amount: '1000.00', occurredOn: '2024-03-15', source: 'city', reference: `bench-${n}` });
    const post = (fundId: string) => async (_client: number, n: number): Promise<boolean> => {
      const response = await fetch(`${stack.url}/v1/funds/${fundId}/capital-injections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: body(n),
      });
      await response.arrayBuffer();
      return response.status === 201;
    };
    const store = stack.deps.store;
    const versions = new Map<string, number>();
    const append = (streamOf: (client: number) => string) => async (client: number, n: number): Promise<boolean> => {
      const streamId = streamOf(client);
      const version = versions.get(streamId) ?? 0;
      await store.append(
        [{ streamId, expectedVersion: version, events: [{ type: 'CapitalInjected', schemaVersion: 1, data: { fundId: streamId, amount: '1000.00', source: 'city', reference: `bench-${n}` }, occurredOn: '2024-03-15' }] }],
        { meta: { actor: 'bench', role: 'finance-bureau', requestId: 'r', correlationId: 'c' } },
      );
      versions.set(streamId, version + 1);
      return true;
    };

    await setUpFunds(stack, token, [...Array.from({ length: 16 }, (_, i) => `bench-${i}`), 'bench-hot']);
    // Warm-up: JIT, keep-alive sockets, DynamoDB Local's first-touch costs.
    await measure(4, (c, n) => post(`bench-${c}`)(c, n));

    console.log(`rounds of ${ROUND_MS} ms on one DynamoDB Local (in memory); the event flow is off`);
    console.log(line('raw store append, 1 writer', await measure(1, append((c) => `raw-a-${c}`))));
    console.log(line('raw store append, 16 writers (own streams)', await measure(16, append((c) => `raw-b-${c}`))));
    console.log(line('POST capital-injections, 1 client', await measure(1, (c, n) => post(`bench-${c}`)(c, n))));
    console.log(line('POST capital-injections, 16 clients (own funds)', await measure(16, (c, n) => post(`bench-${c}`)(c, n))));
    console.log(line('POST capital-injections, 16 clients (one fund)', await measure(16, (c, n) => post('bench-hot')(c, n))));
  } finally {
    await stack.stop();
  }
}
