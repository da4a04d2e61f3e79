// `npm run bench -- hash`: what SM3 costs beside SHA-256 on the append path (issue 23 §2). Per hash:
// one digest of a 64-byte message and of a stored event's canonical JSON; per event: the whole link
// the store computes on append (canonical JSON + digest, functions/store/hash.ts linkEvent) and the
// check every verifier makes (linkProblem); per seal: the Merkle root over 1,000 heads. Algorithms alternate round by round on the same inputs;
// medians and per-round ratios. CPU only, no DynamoDB: the store's transaction (10–50 ms on
// DynamoDB Local, docs/store.md) dwarfs either. HASH_BENCH_ROUNDS, HASH_BENCH_EVENTS.
import { loadavg } from 'node:os';
import { merkleRoot } from '../functions/seal/merkle';
import { canonicalJson } from '../functions/store/canonical-json';
import { GENESIS_HASH, type HashedEvent, linkEvent, linkProblem } from '../functions/store/hash';
import { HASH_ALGORITHMS, type HashAlgorithm, digestHex } from '../functions/store/hash-algorithm';
import type { StoredEvent } from '../functions/store/types';

const ROUNDS = Number(process.env.HASH_BENCH_ROUNDS ?? 7);
const EVENTS = Number(process.env.HASH_BENCH_EVENTS ?? 20_000);

/** A bridge-loan grant as the store keeps it (≈ 600 bytes of canonical JSON). */
const eventAt = (version: number, hashAlgorithm: HashAlgorithm): HashedEvent => ({
  streamId: 'bridge-loan-bf1-L42',
  version,
  type: 'BridgeLoanGranted',
  schemaVersion: 1,
  data: {
    fundId: 'bf1',
    loanId: 'L42',
    borrower: { name: '聊城市某某机械制造有限公司', creditCode: '91371500MA3C4XXXXX' },
    bank: 'Bank of Liaocheng',
    amount: `${version * 1000}.00`,
    renewalCommitment: { reference: 'RC-L42', amount: `${version * 2000}.00` },
    disbursedOn: '2026-11-02',
    dueOn: '2026-11-09',
  },
  meta: { actor: 'finance-1', role: 'finance-bureau', requestId: `req-${version}`, correlationId: `corr-${version}`, idempotencyKey: `idem-${version}` },
  occurredOn: '2026-11-02',
  recordedAt: '2026-11-02T02:00:00.000Z',
  voucherNo: `记-2026-11-${String(version).padStart(4, '0')}`,
  hashAlgorithm,
});

/** µs per call of `work` over `n` calls. */
const timed = (n: number, work: (i: number) => void): number => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) work(i);
  return Number(process.hrtime.bigint() - started) / 1e3 / n;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

interface Measure {
  name: string;
  run(algorithm: HashAlgorithm): number;
}

const measures = (): Measure[] => {
  const short = 'abcd'.repeat(16);
  const content = Object.fromEntries(HASH_ALGORITHMS.map((a) => [a, GENESIS_HASH + canonicalJson(eventAt(1, a))])) as Record<HashAlgorithm, string>;
  const inputs = Object.fromEntries(HASH_ALGORITHMS.map((a) => [a, Array.from({ length: EVENTS }, (_, i) => eventAt(i + 1, a))])) as Record<HashAlgorithm, HashedEvent[]>;
  const chains = {} as Record<HashAlgorithm, StoredEvent[]>;
  const heads = Array.from({ length: 1000 }, (_, i) => ({ streamId: `guarantee-rp1-G${i}`, version: 1 + (i % 40), lastHash: digestHex('sha256', String(i)) }));
  const list: Measure[] = [
    { name: 'digest, 64-byte message', run: (a) => timed(EVENTS * 5, () => digestHex(a, short)) },
    { name: `digest, one event (${content.sm3.length} bytes)`, run: (a) => timed(EVENTS, () => digestHex(a, content[a])) },
    {
      name: 'append: link one event (canonical JSON + digest)',
      run: (a) => {
        const chain: StoredEvent[] = [];
        let prevHash = GENESIS_HASH;
        const us = timed(EVENTS, (i) => {
          const event = linkEvent(prevHash, inputs[a][i]!);
          chain.push(event);
          prevHash = event.hash;
        });
        chains[a] = chain;
        return us;
      },
    },
    {
      name: 'verify: check one link',
      run: (a) => {
        const chain = chains[a];
        return timed(EVENTS, (i) => {
          if (linkProblem(chain[i - 1], chain[i]!) !== undefined) throw new Error(`bench chain broken at ${i + 1}`);
        });
      },
    },
    { name: 'seal: Merkle root over 1,000 stream heads', run: (a) => timed(20, () => merkleRoot(heads, a)) },
  ];
  return list;
};

export default async function hashBench(): Promise<void> {
  const before = loadavg();
  const list = measures();
  const times = new Map<string, Record<HashAlgorithm, number[]>>(list.map((m) => [m.name, { sha256: [], sm3: [] }]));
  const ratios = new Map<string, number[]>(list.map((m) => [m.name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    // Round 0 warms the JIT and is discarded; the order alternates so neither algorithm always runs first.
    const order: HashAlgorithm[] = round % 2 === 0 ? ['sha256', 'sm3'] : ['sm3', 'sha256'];
    for (const m of list) {
      const us = { sha256: 0, sm3: 0 };
      for (const a of order) us[a] = m.run(a);
      if (round === 0) continue;
      for (const a of order) times.get(m.name)![a].push(us[a]);
      ratios.get(m.name)!.push(us.sm3 / us.sha256);
    }
  }
  const after = loadavg();
  console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}; ${ROUNDS} rounds × ${EVENTS.toLocaleString('en-US')} events, medians`);
  console.log(`load average before ${before.map((l) => l.toFixed(2)).join(' ')}, after ${after.map((l) => l.toFixed(2)).join(' ')}`);
  console.log('');
  console.log(`${'measure'.padEnd(52)} ${'sha256 µs'.padStart(10)} ${'sm3 µs'.padStart(10)} ${'sm3/sha256'.padStart(11)}`);
  for (const m of list) {
    const t = times.get(m.name)!;
    console.log(`${m.name.padEnd(52)} ${median(t.sha256).toFixed(2).padStart(10)} ${median(t.sm3).toFixed(2).padStart(10)} ${median(ratios.get(m.name)!).toFixed(2).padStart(11)}`);
  }
  const link = times.get(list[2]!.name)!;
  console.log('');
  console.log(`per appended event SM3 adds ${(median(link.sm3) - median(link.sha256)).toFixed(2)} µs of CPU; a DynamoDB Local append takes 10,000–50,000 µs (docs/store.md)`);
}
