// The book checks run after every load and fault run (issue 13 §1–2), and by the tests that stand
// for them: every acknowledged command is in the store exactly once, every read model equals what
// projecting the store from scratch gives, every trial balance holds and equals the fold of the
// store, every hash chain verifies, and month end finds nothing but (at most) missing statements.
// One module, so the load bench, the fault bench and the tests check the same things.
import { randomUUID } from 'node:crypto';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { balancesOfEvents, trialBalance } from '../../domain/ledger';
import { toEnvelope } from '../../events/envelope';
import { rebuildReadModels, streamHeads } from '../../functions/projectors/rebuild';
import { streamIds } from '../../events/stream-ids';
import { EVENT_KEYS } from '../../functions/shared/tables';
import { createEventStore } from '../../functions/store/event-store';
import { fromEventItem, isEventItem } from '../../functions/store/event-item';
import { OWNER_ATTRIBUTE } from '../../functions/store/read-models/keys';
import { createReadModelQueries } from '../../functions/store/read-models/queries';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { runMonthEnd } from '../../functions/month-end/reconcile';
import type { StoredEvent } from '../../functions/store/types';
import { createTables } from '../../infra/local/create-tables';

export interface BookCheckInput {
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  /** Idempotency keys the clients got a 2xx for (201 or a replayed answer). */
  acknowledged: Iterable<string>;
  /** Reconcile these months and require no discrepancy but statement ones (default: every month with events). */
  months?: string[];
  /** How long to wait for the live projection to agree with the store (default 60 s). */
  catchUpMs?: number;
}

export interface BookReport {
  streams: number;
  events: number;
  acknowledged: number;
  /** Acknowledged keys with no idempotency record or no event. */
  lost: string[];
  /** Keys whose events were written by more than one transaction. */
  doubled: string[];
  brokenChains: string[];
  unbalancedFunds: string[];
  /** Funds whose read-model balances differ from the fold of their stored events. */
  balanceMismatches: string[];
  /** Read-model items that differ between the live projection and a rebuild from the store. */
  readModelDiffs: string[];
  /** Month-end discrepancies other than missing or unmatched bank statements, by month. */
  monthEndProblems: string[];
  monthsReconciled: number;
  ok: boolean;
}

const STATEMENT_KINDS = new Set(['statement-missing', 'unmatched-ledger', 'unmatched-statement', 'balance-reconciliation']);

type RawItem = Record<string, AttributeValue>;

async function* scanAll(client: DynamoDBClient, tableName: string): AsyncIterable<Record<string, unknown> & { raw: RawItem }> {
  let start: RawItem | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) yield Object.assign(unmarshall(item, { wrapNumbers: (text: string) => `#${text}` }), { raw: item });
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/** Projector-owned items keyed by PK/SK; alerts are left out (when a threshold was crossed depends on delivery order). */
export const ownedItems = async (client: DynamoDBClient, tableName: string): Promise<Map<string, string>> => {
  const out = new Map<string, string>();
  for await (const item of scanAll(client, tableName)) {
    // Cursors are bookkeeping (a live consumer's stands at the last event routed to it, a rebuild's at the head).
    if (item[OWNER_ATTRIBUTE] === undefined || item[OWNER_ATTRIBUTE] === 'alerts' || item.PK === 'ALERTS' || String(item.PK).startsWith('CURSOR#')) continue;
    const { raw: _raw, openAlertSk: _open, ...rest } = item;
    out.set(`${String(item.PK)}|${String(item.SK)}`, JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
  }
  return out;
};

/** Every stored event and every idempotency record's key, read consistently. */
const readStore = async (client: DynamoDBClient, eventsTableName: string): Promise<{ events: StoredEvent[]; idempotencyRecords: Set<string> }> => {
  const events: StoredEvent[] = [];
  const idempotencyRecords = new Set<string>();
  for await (const item of scanAll(client, eventsTableName)) {
    if (isEventItem(item.raw)) events.push(fromEventItem(item.raw));
    else if (String(item.PK).startsWith(EVENT_KEYS.idempotencyPrefix)) idempotencyRecords.add(String(item.PK).slice(EVENT_KEYS.idempotencyPrefix.length));
  }
  return { events, idempotencyRecords };
};

/** Funds whose fold of stored events does not balance, and read-model balances that differ from that fold. */
const compareBalances = async (
  events: readonly StoredEvent[],
  queries: ReturnType<typeof createReadModelQueries>,
): Promise<{ unbalancedFunds: string[]; balanceMismatches: string[] }> => {
  const unbalancedFunds: string[] = [];
  const balanceMismatches: string[] = [];
  const fundIds = [...new Set(events.filter((e) => e.version === 1 && e.type === 'FundCreated').map((e) => e.streamId.slice(streamIds.fund('').length)))];
  for (const fundId of fundIds) {
    // Every event that posts to the fund's book: its own stream's and its records' (a guarantee's memo lines).
    const folded = balancesOfEvents(events.filter((e) => e.data.fundId === fundId).map(toEnvelope));
    if (!trialBalance(folded).balanced) unbalancedFunds.push(fundId);
    const read = await queries.getBalances(fundId);
    for (const account of read.accounts) {
      const want = folded[account.code] ?? { debit: 0n, credit: 0n };
      if (want.debit !== account.debit || want.credit !== account.credit) balanceMismatches.push(`${fundId} ${account.code}: read ${account.debit}/${account.credit}, store ${want.debit}/${want.credit}`);
    }
  }
  return { unbalancedFunds, balanceMismatches };
};

export const checkBooks = async (input: BookCheckInput): Promise<BookReport> => {
  const { client, eventsTableName, readTableName } = input;
  const store = createEventStore({ client, tableName: eventsTableName });

  // The live projection may still be applying the last events, and a running stack's scheduled
  // jobs (the overdue sweep at start) may still be appending: re-read the store and compare again
  // (bounded) until the read model agrees with the store as it stands.
  const queries = createReadModelQueries({ client, tableName: readTableName });
  const deadline = Date.now() + (input.catchUpMs ?? 60_000);
  let snapshot = await readStore(client, eventsTableName);
  let balances = await compareBalances(snapshot.events, queries);
  while (balances.balanceMismatches.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    snapshot = await readStore(client, eventsTableName);
    balances = await compareBalances(snapshot.events, queries);
  }
  const { events, idempotencyRecords } = snapshot;
  const { unbalancedFunds, balanceMismatches } = balances;

  // 1. Exactly once: every acknowledged key has its record and events from one transaction only.
  const transactionsByKey = new Map<string, Set<string>>();
  for (const event of events) {
    const key = event.meta.idempotencyKey;
    if (key === undefined) continue;
    const seen = transactionsByKey.get(key) ?? new Set<string>();
    seen.add(`${event.meta.requestId}@${event.recordedAt}`);
    transactionsByKey.set(key, seen);
  }
  const acknowledged = [...new Set(input.acknowledged)];
  const lost = acknowledged.filter((key) => !idempotencyRecords.has(key) || !transactionsByKey.has(key));
  const doubled = [...transactionsByKey].filter(([, transactions]) => transactions.size > 1).map(([key]) => key);

  // 2. Hash chains (3, the trial balances against the read model, ran above).
  const brokenChains: string[] = [];
  const heads: { streamId: string; version: number }[] = [];
  for await (const head of streamHeads(client, eventsTableName)) heads.push(head);
  for (const head of heads) {
    if (head.version === 0) continue;
    const verified = await store.verifyStream(head.streamId);
    if (!verified.ok) brokenChains.push(`${head.streamId} at ${verified.brokenAtVersion}: ${verified.reason}`);
  }

  // 4. Read models: what live projection left equals what a rebuild from the store gives.
  const rebuiltTable = `${readTableName}-check-${randomUUID().slice(0, 8)}`;
  await createTables(client, { eventsTableName, readTableName: rebuiltTable });
  await rebuildReadModels({ client, eventsTableName, readTableName: rebuiltTable });
  const [live, rebuilt] = await Promise.all([ownedItems(client, readTableName), ownedItems(client, rebuiltTable)]);
  const readModelDiffs: string[] = [];
  for (const key of new Set([...live.keys(), ...rebuilt.keys()])) {
    if (live.get(key) !== rebuilt.get(key)) readModelDiffs.push(`${key}: live ${live.get(key)?.slice(0, 160) ?? 'missing'} / rebuilt ${rebuilt.get(key)?.slice(0, 160) ?? 'missing'}`);
  }

  // 5. Month end: every month with events reconciles with nothing but statement discrepancies.
  const months = input.months ?? [...new Set(events.map((e) => e.occurredOn.slice(0, 7)))].sort();
  const reports = createReconciliationReports({ client, tableName: readTableName });
  const monthEndProblems: string[] = [];
  for (const month of months) {
    await runMonthEnd({ store, queries, reports }, { month, runId: `book-check-${month}-${randomUUID().slice(0, 8)}`, actor: 'book-check' });
    for (const report of await reports.listMonth(month)) {
      for (const d of report.discrepancies) if (!STATEMENT_KINDS.has(d.kind)) monthEndProblems.push(`${month} ${report.fundId} ${d.kind}: ${d.detail}`);
    }
  }

  const ok = lost.length + doubled.length + brokenChains.length + unbalancedFunds.length + balanceMismatches.length + readModelDiffs.length + monthEndProblems.length === 0;
  return {
    streams: heads.length,
    events: events.length,
    acknowledged: acknowledged.length,
    lost,
    doubled,
    brokenChains,
    unbalancedFunds,
    balanceMismatches,
    readModelDiffs,
    monthEndProblems,
    monthsReconciled: months.length,
    ok,
  };
};

/** One line per check, for bench output. */
export const describeBooks = (r: BookReport): string =>
  [
    `books: ${r.ok ? 'OK' : 'NOT OK'} — ${r.streams} streams, ${r.events} events, ${r.acknowledged} acknowledged commands`,
    `  lost ${r.lost.length}, doubled ${r.doubled.length}, broken chains ${r.brokenChains.length}, unbalanced funds ${r.unbalancedFunds.length}, balances ≠ fold ${r.balanceMismatches.length}, read-model items ≠ rebuild ${r.readModelDiffs.length}, month-end problems ${r.monthEndProblems.length} over ${r.monthsReconciled} months`,
    ...[...r.lost, ...r.doubled, ...r.brokenChains, ...r.unbalancedFunds, ...r.balanceMismatches, ...r.readModelDiffs, ...r.monthEndProblems].slice(0, 10).map((line) => `  ! ${line}`),
  ].join('\n');
