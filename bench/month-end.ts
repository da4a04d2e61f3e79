// `npm run bench -- month-end`: events reconciled per second and peak heap growth of the month-end
// run at 10,000 and 100,000 events in the month, on DynamoDB Local. The month is seeded straight
// into the tables (valid hash chains, heads, month index, the books read model) with BatchWriteItem,
// because the bench measures reconciliation, not appends.
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { encodeEvent, type DomainEvent } from '../events/registry';
import { streamIds } from '../events/stream-ids';
import { creditCodeCheckChar } from '../events/primitives';
import { postingsFor } from '../domain/posting-rules';
import { EVENTS_TABLE } from '../functions/shared/tables';
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { monthEndDeps } from '../functions/month-end/context';
import { runMonthEnd } from '../functions/month-end/reconcile';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { type Item, toEventItem, toHeadItem } from '../functions/store/event-item';
import { GENESIS_HASH, eventHash } from '../functions/store/hash';
import { readKeys } from '../functions/store/read-models/keys';
import type { StoredEvent } from '../functions/store/types';
import { withPeakMemory } from './support/peak-memory';

// A valid 统一社会信用代码 (GB 32100-2015 check character computed, not guessed).
const BENCH_CREDIT_CODE = `91371500000000000${creditCodeCheckChar('91371500000000000') ?? '0'}`;
const META = { actor: 'bench', role: 'finance-bureau', requestId: 'bench', correlationId: 'bench' };

export interface SeedResult {
  events: number;
  funds: string[];
}

/**
 * Writes `monthEvents` events dated in `month` over `funds` bridge funds (each created and funded the
 * month before): half of them interest receipts on the fund stream, half bridge-loan cycles
 * (granted + disbursed, settled + repaid: two events on the fund stream, two on the loan's own).
 */
export async function seedMonth(client: DynamoDBClient, tables: { eventsTableName: string; readTableName: string }, month: string, monthEvents: number, funds = 10): Promise<SeedResult> {
  const heads = new Map<string, { version: number; hash: string }>();
  const dayTotals = new Map<string, { debit: bigint; credit: bigint }>();
  const pending: WriteRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  let clock = Date.parse(`${month}-01T00:00:00Z`) - 40 * 86_400_000;

  const send = async (requests: WriteRequest[]): Promise<void> => {
    let left: WriteRequest[] = requests;
    while (left.length > 0) {
      const byTable: Record<string, WriteRequest[]> = {};
      for (const r of left) {
        const table = r.PutRequest?.Item?.GSI1PK !== undefined || r.PutRequest?.Item?.lastHash !== undefined ? tables.eventsTableName : tables.readTableName;
        (byTable[table] ??= []).push(r);
      }
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: byTable }));
      left = Object.values(out.UnprocessedItems ?? {}).flat();
    }
  };
  const flush = async (all = false): Promise<void> => {
    while (pending.length >= 25 || (all && pending.length > 0)) {
      const batch = pending.splice(0, 25);
      const p = send(batch).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 8) await Promise.race(inFlight);
    }
    if (all) await Promise.all(inFlight);
  };
  const put = async (item: Item): Promise<void> => {
    pending.push({ PutRequest: { Item: item } });
    if (pending.length >= 25) await flush();
  };
  let count = 0;
  const append = async (streamId: string, event: DomainEvent, occurredOn: string): Promise<void> => {
    const head = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const encoded = encodeEvent(event);
    clock += 1;
    const base: Omit<StoredEvent, 'hash'> = { streamId, version: head.version + 1, ...encoded, meta: META, occurredOn, recordedAt: new Date(clock).toISOString(), prevHash: head.hash };
    const stored: StoredEvent = { ...base, hash: eventHash(head.hash, base) };
    heads.set(streamId, { version: stored.version, hash: stored.hash });
    await put(toEventItem(stored, EVENTS_TABLE.monthShards));
    const fundId = (event.data as { fundId: string }).fundId;
    for (const line of postingsFor(event)) {
      const key = `${fundId}|${occurredOn}|${line.account}`;
      const t = dayTotals.get(key) ?? { debit: 0n, credit: 0n };
      if (line.side === 'debit') t.debit += line.amount;
      else t.credit += line.amount;
      dayTotals.set(key, t);
    }
    if (occurredOn.startsWith(month)) count += 1;
  };

  const previous = new Date(Date.parse(`${month}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const fundIds = Array.from({ length: funds }, (_, i) => `bench${i}`);
  for (const fundId of fundIds) {
    await append(streamIds.fund(fundId), { type: 'FundCreated', data: { fundId, kind: 'bridge-fund', name: `Bench ${fundId}` } }, previous);
    await append(streamIds.fund(fundId), { type: 'CapitalInjected', data: { fundId, amount: 1_000_000_000_00n, source: 'city', reference: `INJ-${fundId}` } }, previous);
    await put(marshall({ ...readKeys.fund(fundId), fundId, kind: 'bridge-fund', name: `Bench ${fundId}`, createdOn: previous }));
  }
  let loan = 0;
  for (let i = 0; count < monthEvents; i++) {
    const fundId = fundIds[i % funds] ?? 'bench0';
    const day = `${month}-${String(1 + (i % 27)).padStart(2, '0')}`;
    // Two interest receipts (2 events) per loan cycle (4 events): half the events are loans'.
    if (i % 3 !== 2 || monthEvents - count < 4) {
      await append(streamIds.fund(fundId), { type: 'InterestReceived', data: { fundId, amount: BigInt(100 + (count % 900)) * 100n, reference: `INT-${count}` } }, day);
      continue;
    }
    const loanId = `L${loan++}`;
    const amount = BigInt(1 + (loan % 90)) * 10_000_00n;
    const loanStream = streamIds.bridgeLoan(fundId, loanId);
    await append(loanStream, { type: 'BridgeLoanGranted', data: { fundId, loanId, borrower: { name: 'Bench Co', creditCode: BENCH_CREDIT_CODE }, bank: 'Bank', amount, renewalCommitment: { reference: `RC-${loanId}`, amount: amount * 2n }, disbursedOn: day, dueOn: day } }, day);
    await append(streamIds.fund(fundId), { type: 'BridgeLoanDisbursed', data: { fundId, loanId, amount } }, day);
    const fee = (amount * 8n) / 10_000n;
    await append(loanStream, { type: 'BridgeLoanSettled', data: { fundId, loanId, repaidOn: day, principal: amount, fee, daysUsed: 1 } }, day);
    await append(streamIds.fund(fundId), { type: 'BridgeLoanRepaid', data: { fundId, loanId, principal: amount, fee, daysUsed: 1, wasOverdue: false } }, day);
  }
  for (const [streamId, head] of heads) await put(toHeadItem({ streamId, version: head.version, lastHash: head.hash, updatedAt: new Date(clock).toISOString() }));
  for (const [key, t] of dayTotals) {
    const [fundId = '', date = '', code = ''] = key.split('|');
    await put(marshall({ ...readKeys.day(fundId, date, code), debit: t.debit, credit: t.credit }));
  }
  await flush(true);
  return { events: count, funds: fundIds };
}

export interface Measured {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Highest heapUsed sampled every 10 ms, minus a collected baseline: includes garbage not yet collected. */
  peakHeapGrowthMb: number;
  /** Highest heapUsed right after a forced full GC, once a second: what the run really holds. */
  peakLiveGrowthMb: number;
  clean: boolean;
}

/** Runs the month-end reconciliation while sampling the heap; growth is over a collected baseline. */
export async function measureMonthEnd(client: DynamoDBClient, tables: { eventsTableName: string; readTableName: string }, month: string): Promise<Measured> {
  const m = await withPeakMemory(() => runMonthEnd(monthEndDeps({ client, ...tables }), { month, runId: `bench-${Date.now()}` }));
  const summary = m.value;
  return {
    events: summary.eventsInMonth,
    seconds: m.seconds,
    eventsPerSecond: Math.round(summary.eventsInMonth / Math.max(m.seconds, 0.001)),
    peakHeapGrowthMb: m.peakHeapGrowthMb,
    peakLiveGrowthMb: m.peakLiveGrowthMb,
    clean: summary.funds.every((f) => f.clean),
  };
}

export default async function bench(): Promise<void> {
  const sizes = (process.env.MONTH_END_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
  const dynamo = await startDynamoLocal({});
  const client = createDynamoClient(dynamo.endpoint);
  try {
    for (const size of sizes) {
      const tables = await createTables(client, { eventsTableName: `bench-events-${size}`, readTableName: `bench-read-${size}` });
      const seedStart = performance.now();
      await seedMonth(client, tables, '2026-10', size);
      const seeded = Math.round((performance.now() - seedStart) / 100) / 10;
      const m = await measureMonthEnd(client, tables, '2026-10');
      console.log(`month-end ${size} events: ${m.eventsPerSecond} events/s (${m.seconds} s), peak heap growth ${m.peakHeapGrowthMb} MB, peak live heap growth ${m.peakLiveGrowthMb} MB (seeded in ${seeded} s)`);
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
