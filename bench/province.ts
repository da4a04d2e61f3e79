// `npm run bench -- province`: one local stack serving the sixteen cities of a province.
// 1. Sixteen cities posting at once, each at PROVINCE_RATE commands/s (open loop: a command is sent
//    on time whether or not the previous one answered), each with its own token: per-city p50/p99.
// 2. The same with one city (PROVINCE_BURST_CITY) in a burst at PROVINCE_BURST × the rate, between
//    two even phases: how far the other cities' p99 rises over the even phases' (goal ≤ 20 %).
// 3. The partition heat of the three phases: the items written per partition key (both tables and the
//    month index), the hottest keys' share of all writes, by kind of key.
// 4. Month end of every city for one month (the jobs' all-cities run, each city in its scope): time and peak memory.
// The commands: guarantees issued (their own streams, the month's voucher counter) and, one in four,
// a capital injection (the fund's stream), business dates spread over 2024 so a city's commands
// take twelve months' counters. Prints figures; never fails on timing.
//   PROVINCE_RATE=0.5 PROVINCE_SECONDS=45 PROVINCE_BURST=4 PROVINCE_BURST_CITY=jinan
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { CITY_IDS, type CityId } from '../events/cities';
import { creditCodeCheckChar } from '../events/primitives';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { monthEndOfEveryCity } from './support/every-city';
import { partitionKind, trackPartitionHeat } from './support/partition-heat';
import { withPeakMemory } from './support/peak-memory';
import { percentile } from './support/percentile';
import { postStatus } from './support/post-status';

const RATE = Number(process.env.PROVINCE_RATE ?? 0.5);
const SECONDS = Number(process.env.PROVINCE_SECONDS ?? 45);
const BURST = Number(process.env.PROVINCE_BURST ?? 4);
const BURST_CITY = (process.env.PROVINCE_BURST_CITY ?? 'jinan') as CityId;
const FUND = 'pv-pool';
const MONTH_END = '2024-03';
/** Commands of one city in flight at once; more are counted as skipped (the stack is saturated). */
const MAX_IN_FLIGHT = 64;
const CREDIT_CODE = `91370000MA3C5X7Y0${creditCodeCheckChar('91370000MA3C5X7Y0') ?? ''}`;

interface CityTokens {
  bureau: string;
  manager: string;
}

interface Sample {
  latencies: number[];
  statuses: Map<number, number>;
  skipped: number;
}

const post = (stack: LocalStack, token: string, path: string, body: unknown): Promise<number> => postStatus(stack.url, token, path, body);

/** The n-th command of a city: a guarantee, or every fourth a capital injection; dates over 2024. */
const command = (city: CityId, n: number): { token: keyof CityTokens; path: string; body: unknown } => {
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0');
  if (n % 4 === 3) return { token: 'bureau', path: `/v1/funds/${FUND}/capital-injections`, body: { amount: '10000.00', occurredOn: `2024-${month}-${day}`, source: 'city', reference: `PV-${city}-${n}` } };
  return {
    token: 'manager',
    path: `/v1/funds/${FUND}/guarantees`,
    body: { guaranteeId: `g${n}-${randomUUID().slice(0, 8)}`, agency: '融资担保有限公司', borrower: { name: '某某机械制造有限公司', creditCode: CREDIT_CODE, category: 'small' }, lender: '农村商业银行', principal: '500000.00', feeRateBps: 80, startsOn: `2024-${month}-${day}`, maturesOn: `2025-${month}-${day}` },
  };
};

/** Every city at its rate for `ms`, open loop; the latency of each answer by city. */
const phase = async (stack: LocalStack, tokens: Map<CityId, CityTokens>, rateOf: (city: CityId) => number, ms: number, counter: { n: number }): Promise<Map<CityId, Sample>> => {
  const samples = new Map<CityId, Sample>();
  const started = performance.now();
  await Promise.all(
    CITY_IDS.map(async (city, i) => {
      const sample: Sample = { latencies: [], statuses: new Map(), skipped: 0 };
      samples.set(city, sample);
      const interval = 1000 / rateOf(city);
      // Cities start spread over one interval, not all on the same tick.
      const first = started + (interval * i) / CITY_IDS.length;
      const inFlight = new Set<Promise<void>>();
      for (let k = 0; first + k * interval < started + ms; k++) {
        const wait = first + k * interval - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (inFlight.size >= MAX_IN_FLIGHT) {
          sample.skipped++;
          continue;
        }
        const c = command(city, counter.n++);
        const token = tokens.get(city)?.[c.token] ?? '';
        const t0 = performance.now();
        const p = post(stack, token, c.path, c.body).then((status) => {
          if (status < 300) sample.latencies.push(performance.now() - t0);
          sample.statuses.set(status, (sample.statuses.get(status) ?? 0) + 1);
        });
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await Promise.all(inFlight);
      sample.latencies.sort((a, b) => a - b);
    }),
  );
  return samples;
};

const ms = (n: number): string => `${n.toFixed(0)} ms`;

const pooled = (samples: Map<CityId, Sample>, cities: readonly CityId[]): number[] => cities.flatMap((c) => samples.get(c)?.latencies ?? []).sort((a, b) => a - b);

export default async function province(): Promise<void> {
  const stack = await startLocalStack({ logLevel: 'SILENT' });
  const heat = trackPartitionHeat(stack.client, (table) => (table === stack.eventsTableName ? 'events' : table === stack.readTableName ? 'read' : table));
  const loads: number[] = [];
  const loadSampler = setInterval(() => loads.push(loadavg()[0] ?? 0), 5_000);
  try {
    const tokens = new Map<CityId, CityTokens>();
    for (const city of CITY_IDS) {
      const bureau = await stack.token('finance-bureau', [], undefined, city);
      tokens.set(city, { bureau, manager: await stack.token('fund-manager', [FUND], undefined, city) });
      // The same fund id in every city: each in its own key range.
      const created = await post(stack, bureau, '/v1/funds', { fundId: FUND, kind: 'risk-pool', name: `${city} 风险补偿资金池`, openedOn: '2024-01-01' });
      const funded = await post(stack, bureau, `/v1/funds/${FUND}/capital-injections`, { amount: '100000000.00', occurredOn: '2024-01-01', source: 'city', reference: `PV-${city}-open` });
      if (created !== 201 || funded !== 201) throw new Error(`setting up ${city}: ${created}, ${funded}`);
    }
    const counter = { n: 0 };
    // Warm-up: JIT, sockets, DynamoDB Local's first touches.
    await phase(stack, tokens, () => RATE, 20_000, counter);
    await stack.flow?.drained(120_000);
    heat.reset();

    const others = CITY_IDS.filter((c) => c !== BURST_CITY);
    console.log(`16 cities on one local stack (event flow on, DynamoDB Local in memory); ${SECONDS} s a phase, each city ${RATE}/s (open loop), the burst city ${BURST_CITY} ${RATE * BURST}/s`);
    // Even, burst, even again: the burst is compared with both even phases, so a drift of the
    // machine's other load over the run does not pass for the burst's effect.
    const evenPhase = async () => {
      const samples = await phase(stack, tokens, () => RATE, SECONDS * 1000, counter);
      await stack.flow?.drained(300_000);
      return samples;
    };
    const before = await evenPhase();
    const burst = await phase(stack, tokens, (city) => (city === BURST_CITY ? RATE * BURST : RATE), SECONDS * 1000, counter);
    await stack.flow?.drained(300_000);
    const after = await evenPhase();
    const even = new Map(CITY_IDS.map((city): [CityId, Sample] => {
      const a = before.get(city);
      const b = after.get(city);
      const statuses = new Map(a?.statuses ?? []);
      for (const [status, n] of b?.statuses ?? []) statuses.set(status, (statuses.get(status) ?? 0) + n);
      return [city, { latencies: [...(a?.latencies ?? []), ...(b?.latencies ?? [])].sort((x, y) => x - y), statuses, skipped: (a?.skipped ?? 0) + (b?.skipped ?? 0) }];
    }));

    console.log('\n| city | even (both phases): answered | p50 | p99 | burst: answered | p50 | p99 | p99 burst ÷ even |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    const ratios: number[] = [];
    for (const city of CITY_IDS) {
      const a = even.get(city);
      const b = burst.get(city);
      if (a === undefined || b === undefined) continue;
      const ratio = percentile(b.latencies, 99) / Math.max(1, percentile(a.latencies, 99));
      if (city !== BURST_CITY) ratios.push(ratio);
      const answered = (s: Sample) => `${s.latencies.length}${s.latencies.length < [...s.statuses.values()].reduce((x, y) => x + y, 0) ? ` (not 2xx: ${[...s.statuses].filter(([st]) => st >= 300).map(([st, n]) => `${n} × ${st}`).join(', ')})` : ''}${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
      console.log(`| ${city}${city === BURST_CITY ? ' (burst)' : ''} | ${answered(a)} | ${ms(percentile(a.latencies, 50))} | ${ms(percentile(a.latencies, 99))} | ${answered(b)} | ${ms(percentile(b.latencies, 50))} | ${ms(percentile(b.latencies, 99))} | ${ratio.toFixed(2)} |`);
    }
    const rise = (x: number[], y: number[]): string => {
      const r = percentile(y, 99) / Math.max(1, percentile(x, 99)) - 1;
      return `${r >= 0 ? '+' : ''}${(r * 100).toFixed(0)} %`;
    };
    const beforeOthers = pooled(before, others);
    const evenOthers = pooled(even, others);
    const burstOthers = pooled(burst, others);
    const afterOthers = pooled(after, others);
    ratios.sort((a, b) => a - b);
    console.log(
      `\nthe other 15 cities pooled: p50 ${ms(percentile(evenOthers, 50))} → ${ms(percentile(burstOthers, 50))}, p99 ${ms(percentile(evenOthers, 99))} → ${ms(percentile(burstOthers, 99))}: ` +
        `**${rise(evenOthers, burstOthers)}** (goal ≤ +20 %); by phase p99 ${ms(percentile(beforeOthers, 99))} (even) → ${ms(percentile(burstOthers, 99))} (burst) → ${ms(percentile(afterOthers, 99))} (even again); ` +
        `per city p99 ratio median ${percentile(ratios, 50).toFixed(2)}, max ${(ratios.at(-1) ?? 0).toFixed(2)}`,
    );

    // Partition heat over the three phases.
    const total = heat.total();
    const partitions = heat.partitions();
    const share = (n: number): string => `${((n / Math.max(1, total)) * 100).toFixed(2)} %`;
    const fundStreams = partitions.filter((p) => /^events C#[a-z]+#S#fund-/.test(p.partition));
    const fundShare = fundStreams.reduce((s, p) => s + p.writes, 0) / Math.max(1, total);
    const hottest = partitions[0];
    const bound = 1 / 16 + fundShare;
    console.log(`\npartition heat, the three phases: ${total} items written to ${partitions.length} partition keys (events + read tables + the month index GSI1)`);
    console.log('| partition key | writes | share |');
    console.log('|---|---:|---:|');
    for (const p of partitions.slice(0, 12)) console.log(`| \`${p.partition}\` | ${p.writes} | ${share(p.writes)} |`);
    const kinds = new Map<string, { writes: number; keys: number; max: number }>();
    for (const p of partitions) {
      const k = partitionKind(p.partition);
      const entry = kinds.get(k) ?? { writes: 0, keys: 0, max: 0 };
      kinds.set(k, { writes: entry.writes + p.writes, keys: entry.keys + 1, max: Math.max(entry.max, p.writes) });
    }
    console.log('\n| kind of key | keys | writes | share | hottest key of the kind |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [k, v] of [...kinds].sort((a, b) => b[1].writes - a[1].writes)) console.log(`| \`${k}\` | ${v.keys} | ${v.writes} | ${share(v.writes)} | ${share(v.max)} |`);
    console.log(
      `\nhottest key ${hottest?.partition ?? '-'}: ${share(hottest?.writes ?? 0)} of all writes; the fund streams (heads + events) together ${(fundShare * 100).toFixed(2)} %; ` +
        `goal: no key above 1/16 (6.25 %) + the fund heads' share = ${(bound * 100).toFixed(2)} %: ${(hottest?.writes ?? 0) / Math.max(1, total) <= bound ? 'met' : '**missed**'}`,
    );

    // Month end of every city, each in its own scope.
    const m = await withPeakMemory(() => monthEndOfEveryCity({ client: stack.client, eventsTableName: stack.eventsTableName, readTableName: stack.readTableName }, MONTH_END));
    const events = m.value.reduce((s, r) => s + r.eventsInMonth, 0);
    const failed = m.value.filter((r) => r.error !== undefined);
    console.log(
      `\nmonth end ${MONTH_END} of all 16 cities: **${m.seconds} s** (${events} events in the month, ${m.value.reduce((s, r) => s + r.streamsVerified, 0)} streams verified, ` +
        `${m.value.reduce((s, r) => s + r.funds, 0)} funds (one a city), ${failed.length === 0 ? 'no city failed' : `failed: ${failed.map((r) => `${r.city} ${r.error ?? ''}`).join('; ')}`}; ` +
        `discrepancies ${m.value.reduce((s, r) => s + r.discrepancies, 0)} (no bank statement is recorded here); slowest city ${Math.max(...m.value.map((r) => r.seconds)).toFixed(1)} s); ` +
        `peak heap growth ${m.peakHeapGrowthMb} MB, peak live heap growth ${m.peakLiveGrowthMb} MB, peak RSS of the process (API + flow + bench) ${m.peakRssMb} MB`,
    );
    console.log(`load average (1 min) during the bench: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  } finally {
    clearInterval(loadSampler);
    await stack.stop();
  }
}
