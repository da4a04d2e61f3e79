// The restore drill (issue 15 §2), run against a restored copy of the events table (an AWS Backup
// restore into a new table; locally a copy, infra/local/copy-table.ts) and a fresh read table:
//   1. rebuild every read model from the restored events (functions/projectors/rebuild.ts);
//   2. verify every stream's hash chain, and the latest seal against the restored events;
//   3. reconcile a month against the original: the month's events are the same (stream, version,
//      hash), every fund's balances at month end agree, and month end run on the copy reproduces
//      the original's stored reports figure for figure.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lastDayOf, runMonthEnd } from '../month-end/reconcile';
import { rebuildReadModels, type RebuildResult } from '../projectors/rebuild';
import { createEventStore, type EventStore } from '../store/event-store';
import { createReadModelQueries } from '../store/read-models/queries';
import { createReconciliationReports } from '../store/reconciliation-reports';
import { streamHeads } from '../store/scan';
import type { SealStore } from '../seal/seal';
import { type SealVerification, verifySealOf } from '../seal/verify-seal';
import { eachConcurrently } from '../seal/each-concurrently';
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

export interface DrillReport {
  rebuilt: RebuildResult[];
  chains: { streams: number; broken: { streamId: string; brokenAtVersion: number; reason: string }[] };
  seal: (SealVerification & { date: string }) | null;
  month: {
    month: string;
    events: { original: number; restored: number; differing: string[] };
    balances: { funds: number; differing: string[] };
    reports: { compared: number; differing: string[] };
  };
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

export const runRestoreDrill = async (options: DrillOptions): Promise<DrillReport> => {
  const { client, original, restored, month } = options;
  const rebuilt = await rebuildReadModels({ client, eventsTableName: restored.eventsTableName, readTableName: restored.readTableName });

  const restoredStore = createEventStore({ client, tableName: restored.eventsTableName });
  const originalStore = createEventStore({ client, tableName: original.eventsTableName });
  const streams: string[] = [];
  for await (const head of streamHeads(client, restored.eventsTableName)) if (head.version > 0) streams.push(head.streamId);
  const broken: DrillReport['chains']['broken'] = [];
  await eachConcurrently(streams, 8, async (streamId) => {
    const result = await restoredStore.verifyStream(streamId);
    if (!result.ok) broken.push({ streamId, brokenAtVersion: result.brokenAtVersion, reason: result.reason });
  });

  let seal: DrillReport['seal'] = null;
  if (options.seals !== undefined) {
    const latest = options.sealDate === undefined ? await options.seals.latestBefore('9999-12-31') : await options.seals.get(options.sealDate);
    if (latest !== undefined) seal = { date: latest.date, ...(await verifySealOf({ store: restoredStore, seals: options.seals }, latest.date)) };
  }

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

  const report: DrillReport = {
    rebuilt,
    chains: { streams: streams.length, broken: broken.sort((x, y) => (x.streamId < y.streamId ? -1 : 1)) },
    seal,
    month: {
      month,
      events: { original: before.size, restored: after.size, differing: differingEvents },
      balances: { funds: funds.length, differing: differingBalances },
      reports: { compared: originalReports.length, differing: differingReports },
    },
    ok: false,
  };
  report.ok = broken.length === 0 && (seal?.ok ?? true) && differingEvents.length === 0 && differingBalances.length === 0 && differingReports.length === 0;
  return report;
};
