// `npm run bench -- fold`: journal lines derived from 1,000,000 generated events and folded into
// account balances, per second on one core, with peak memory. Goal: ≥ 1,000,000 events/s.
import type { DomainEvent } from '../events/registry';
import { foldLines, trialBalance, type Balances } from '../domain/ledger';
import { postingsFor } from '../domain/posting-rules';

const EVENTS = Number(process.env.FOLD_EVENTS ?? 1_000_000);

/** A deterministic mix like a busy year: cash-moving fund events plus memo and lifecycle events. */
function generate(count: number): DomainEvent[] {
  const events: DomainEvent[] = [];
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  const amount = () => BigInt(1 + (next() % 1_000_000_000));
  for (let i = 0; i < count; i++) {
    const fundId = `f${i % 3}`;
    const id = `x${i}`;
    const a = amount();
    switch (i % 10) {
      case 0: events.push({ type: 'CapitalInjected', data: { fundId, amount: a * 10n, source: 'city', reference: id } }); break;
      case 1: events.push({ type: 'BridgeLoanDisbursed', data: { fundId, loanId: id, amount: a } }); break;
      case 2: events.push({ type: 'BridgeLoanRepaid', data: { fundId, loanId: id, principal: a, fee: a / 1000n + 1n, daysUsed: 3, wasOverdue: i % 7 === 0 } }); break;
      case 3: events.push({ type: 'CompensationPaid', data: { fundId, guaranteeId: id, principalLoss: a * 10n, poolShareBps: 1000, amount: a } }); break;
      case 4: events.push({ type: 'RecoveryReceived', data: { fundId, guaranteeId: id, grossAmount: a * 10n, costs: 0n, poolShareBps: 1000, amount: a } }); break;
      case 5: events.push({ type: 'CapitalCalled', data: { fundId, commitmentId: id, callId: id, amount: a, calledOn: '2024-05-01', dueOn: '2024-05-15' } }); break;
      case 6: events.push({ type: 'CapitalCallPaid', data: { fundId, commitmentId: id, callId: id, amount: a } }); break;
      case 7: events.push({ type: 'DistributionReceived', data: { fundId, commitmentId: id, distributionId: id, returnOfCapital: a, gain: a / 10n } }); break;
      case 8: events.push({ type: 'InterestReceived', data: { fundId, amount: a / 100n + 1n, reference: id } }); break;
      default: events.push({ type: 'GuaranteeFeeCollected', data: { fundId, guaranteeId: id, amount: a / 100n + 1n } }); break;
    }
  }
  return events;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

export default async function foldBench(): Promise<void> {
  const events = generate(EVENTS);
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let lines = 0;
  const balances: Balances = {};
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i++) {
    const posted = postingsFor(events[i]!);
    lines += posted.length;
    foldLines(posted, balances);
    if ((i & 0xffff) === 0) {
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const tb = trialBalance(balances);
  if (!tb.balanced) throw new Error('trial balance does not balance');
  console.log(`events folded       ${events.length.toLocaleString('en-US')}`);
  console.log(`journal lines       ${lines.toLocaleString('en-US')}`);
  console.log(`elapsed             ${seconds.toFixed(3)} s`);
  console.log(`events/s            ${Math.round(events.length / seconds).toLocaleString('en-US')}  (goal ≥ 1,000,000)`);
  console.log(`lines/s             ${Math.round(lines / seconds).toLocaleString('en-US')}`);
  console.log(`heap before fold    ${mb(before.heapUsed)}  (the 1,000,000 generated events)`);
  console.log(`peak heap / RSS     ${mb(peakHeap)} / ${mb(peakRss)}`);
  console.log(`trial balance       ${tb.totalDebit} = ${tb.totalCredit} fen`);
}

// Also runnable alone: npx tsx bench/fold.ts (bench/run.ts imports it and calls the default export).
if (process.argv[1]?.endsWith('fold.ts')) {
  foldBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
