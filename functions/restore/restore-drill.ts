// The restore drill (issue 15 §2), run against a restored copy of the events table (an AWS Backup
// restore into a new table; locally a copy, infra/local/copy-table.ts) and a fresh read table:
//   0. read the restored events table once into memory (parallel scan segments);
//   1. rebuild every read model from those events (functions/projectors/rebuild.ts);
//   2. verify every stream's hash chain from the same items, and the latest seal against the
//      restored events;
//   3. reconcile a month against the original: the month's events are the same (stream, version,
//      hash), every fund's balances at month end agree, and month end run on the copy reproduces
//      the original's stored reports figure for figure.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lastDayOf, runMonthEnd } from '../month-end/reconcile';
import { rebuildReadModels, type RebuildResult } from '../projectors/rebuild';
import { createEventStore, type EventStore } from '../store/event-store';
import type { Item } from '../store/event-item';
import { type LoadedEvents, loadEvents } from '../store/loaded-events';
import { verifyEvents } from '../store/verify-stream';
import { createReadModelQueries } from '../store/read-models/queries';
import { createReconciliationReports } from '../store/reconciliation-reports';
import type { SealStore } from '../seal/seal';
import { type SealVerification, verifySealOf } from '../seal/verify-seal';
import type { FundMonthReport } from '../month-end/report-schema';

export interface DrillTables {
  eventsTableName: string;
  readTableName: string;
}

export interface DrillOptions {
  client: DynamoDBClient;
  original: DrillTables;
  restored: DrillTables;
  month: string;
  seals?: Pick<SealStore, 'get' | 'datesBetween' | 'latestBefore'>;
  /** The seal to verify the restored events against (default the latest): one taken before the backup. */
  sealDate?: string;
  now?: () => Date;
}

/** How long a phase of the drill took, in ms (docs/deploy.md, "Restore drill"). */
export interface DrillPhase {
  phase: 'load' | 'rebuild' | 'verify' | 'compare';
  ms: number;
}

export interface DrillReport {
  loaded: { items: number; events: number; streams: number };
  rebuilt: RebuildResult[];
  chains: { streams: number; broken: { streamId: string; brokenAtVersion: number; reason: string }[] };
  seal: (SealVerification & { date: string }) | null;
  month: {
    month: string;
    events: { original: number; restored: number; differing: string[] };
    balances: { funds: number; differing: string[] };
    reports: { compared: number; differing: string[] };
  };
  phases: DrillPhase[];
  ok: boolean;
}

const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

const monthEvents = async (store: EventStore, month: string): Promise<Map<string, string>> => {
  const events = new Map<string, string>();
  for await (const event of store.readMonth(month)) events.set(`${event.streamId}#${event.version}`, event.hash);
  return events;
};

/** The figures of a report that must not depend on when or where month end ran. */
const figures = (report: FundMonthReport): string =>
  json({ accounts: report.accounts, trialBalance: report.trialBalance, eventsInMonth: report.eventsInMonth, matched: report.bank.matchedTotal, positions: report.positions });

/** Every stream's chain recomputed from the loaded items (what verifyStream reads with a Query). */
const verifyChains = async (events: LoadedEvents): Promise<{ streams: number; broken: DrillReport['chains']['broken'] }> => {
  const broken: DrillReport['chains']['broken'] = [];
  let streams = 0;
  for (const { streamId, version } of events.heads) {
    if (version === 0) continue;
    streams++;
    const head = await events.readHead(streamId);
    if (head === undefined) continue;
    const result = await verifyEvents(head, asyncOf(events.itemsOf(streamId)));
    if (!result.ok) broken.push({ streamId, brokenAtVersion: result.brokenAtVersion, reason: result.reason });
  }
  return { streams, broken };
};

async function* asyncOf(items: readonly Item[]): AsyncIterable<Item> {
  yield* items;
}

/** The latest seal (or the one asked for) checked against the restored events. */
const verifySeal = async (options: DrillOptions, store: EventStore): Promise<DrillReport['seal']> => {
  if (options.seals === undefined) return null;
  const chosen = options.sealDate === undefined ? await options.seals.latestBefore('9999-12-31') : await options.seals.get(options.sealDate);
  return chosen === undefined ? null : { date: chosen.date, ...(await verifySealOf({ store, seals: options.seals }, chosen.date)) };
};

/** The month reconciled against the original: its events, every fund's balances, and month end run again. */
const reconcileMonth = async (options: DrillOptions, restoredStore: EventStore): Promise<DrillReport['month']> => {
  const { client, original, restored, month } = options;
  const originalStore = createEventStore({ client, tableName: original.eventsTableName });
  const [before, after] = await Promise.all([monthEvents(originalStore, month), monthEvents(restoredStore, month)]);
  const differingEvents = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key)).sort();

  const originalQueries = createReadModelQueries({ client, tableName: original.readTableName });
  const restoredQueries = createReadModelQueries({ client, tableName: restored.readTableName });
  const funds = await originalQueries.listFunds();
  const monthEnd = lastDayOf(month);
  const differingBalances: string[] = [];
  for (const { fundId } of funds) {
    const [a, b] = await Promise.all([originalQueries.getBalances(fundId, monthEnd), restoredQueries.getBalances(fundId, monthEnd)]);
    if (json(a.accounts) !== json(b.accounts)) differingBalances.push(fundId);
  }

  const originalReports = await createReconciliationReports({ client, tableName: original.readTableName }).listMonth(month);
  const differingReports: string[] = [];
  if (originalReports.length > 0) {
    const reports = createReconciliationReports({ client, tableName: restored.readTableName });
    await runMonthEnd({ store: restoredStore, queries: restoredQueries, reports, ...(options.now === undefined ? {} : { now: options.now }) }, { month, runId: `restore-drill-${month}`, actor: 'restore-drill' });
    const again = new Map((await reports.listMonth(month)).map((report) => [report.fundId, report]));
    for (const report of originalReports) {
      const redone = again.get(report.fundId);
      if (redone === undefined || figures(redone) !== figures(report)) differingReports.push(report.fundId);
    }
  }
  return {
    month,
    events: { original: before.size, restored: after.size, differing: differingEvents },
    balances: { funds: funds.length, differing: differingBalances },
    reports: { compared: originalReports.length, differing: differingReports },
  };
};

export const runRestoreDrill = async (options: DrillOptions): Promise<DrillReport> => {
  const { client, restored } = options;
  const phases: DrillPhase[] = [];
  const timed = async <T>(phase: DrillPhase['phase'], work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      phases.push({ phase, ms: Math.round(performance.now() - started) });
    }
  };
  const restoredStore = createEventStore({ client, tableName: restored.eventsTableName });
  const events = await timed('load', () => loadEvents(client, restored.eventsTableName));
  const rebuilt = await timed('rebuild', () => rebuildReadModels({ client, eventsTableName: restored.eventsTableName, readTableName: restored.readTableName, events }));
  const { chains, seal } = await timed('verify', async () => ({ chains: await verifyChains(events), seal: await verifySeal(options, restoredStore) }));
  const month = await timed('compare', () => reconcileMonth(options, restoredStore));
  const broken = chains.broken.sort((x, y) => (x.streamId < y.streamId ? -1 : 1));
  const ok = broken.length === 0 && (seal?.ok ?? true) && month.events.differing.length === 0 && month.balances.differing.length === 0 && month.reports.differing.length === 0;
  return {
    loaded: { items: events.itemCount, events: events.eventCount, streams: events.heads.length },
    rebuilt,
    chains: { streams: chains.streams, broken },
    seal,
    month,
    phases,
    ok,
  };
};
