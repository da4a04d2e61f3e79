// The month-end reconciliation of every fund (issue 6), each from the month of its openedOn (issue 10
// §2). One streaming pass per month over the month index replays each fund's history into per-fund
// aggregates (never the events themselves), then the
// reported month is replayed the same way while its cash movements are matched with the bank
// statement. Afterwards: hash chains of every stream the month touched, the read model's balances
// as of month end, a stored report per fund, a ReconciliationCompleted event and, on any
// discrepancy, an alert.
import { createHash } from 'node:crypto';
import { type AccountCode, isAccountCode } from '../../domain/accounts';
import { addDays, monthsBetween } from '../../domain/dates';
import { decidePeriod, evolvePeriod, initialPeriodState } from '../../domain/period';
import { DEFAULT_MATCH_TOLERANCE_DAYS } from '../../domain/reconciliation';
import { type FundReplay, createFundReplay } from '../../domain/reconciliation-fund';
import { decodeEvent, encodeEvent } from '../../events/registry';
import { type EarlyEvent, type FundInfo, type UnplacedEvent, coverage, knownFunds, placeEvent } from './coverage';
import { streamIds } from '../../events/stream-ids';
import { appendWithRetry } from '../store/append-with-retry';
import type { EventStore } from '../store/event-store';
import type { ReconciliationReports } from '../store/reconciliation-reports';
import { reportKey } from '../store/reconciliation-reports';
import type { ReadModelQueries } from '../store/read-models/queries';
import type { StoredEvent } from '../store/types';
import { type SealSource, sealSummary, verifyMonthSeals } from '../seal/verify-seal';
import { createChainTracker } from './chain-check';
import { readManualMatches } from './manual-matches';
import { latestStatement } from './statements';
import { outcomeAlertAppend } from './outcome-alert';
import { type FundChecks, type StatementSummary, buildFundReport } from './report-build';
import type { FundMonthReport, ManualMatchReport } from './report-schema';

export interface MonthEndDeps {
  store: EventStore;
  queries: Pick<ReadModelQueries, 'listFunds' | 'getBalances'>;
  reports: ReconciliationReports;
  now?: () => Date;
  /** Bank matching window in days (DESIGN §5); default 3. */
  toleranceDays?: number;
  /** Streams verified at once. */
  verifyConcurrency?: number;
  /** Called once per fund after its report is stored (the job emits its metric here). */
  onReport?: (report: FundMonthReport) => void;
  /** The daily seals (issue 15 §3): when given, every seal of the month must verify against the events. */
  seals?: SealSource['seals'];
}

export interface MonthEndRun {
  month: string;
  /** Identifies this run; the same run id never appends a second ReconciliationCompleted. */
  runId: string;
  actor?: string;
}

export interface MonthEndSummary {
  month: string;
  runId: string;
  eventsReplayed: number;
  eventsInMonth: number;
  streamsVerified: number;
  /** Every fund reported on: each covered fund (openedOn ≤ the month's last day), clean or not, and any other fund an event was found for. */
  funds: { fundId: string; openedOn: string; clean: boolean; discrepancyCount: number; reportKey: string }[];
  /** Discrepancies of every fund plus the unplaced events. */
  discrepancyCount: number;
  /** Events the run read but could not give to a fund (no fund named, or one never created); listed up to 200, all counted. */
  unplacedEvents: UnplacedEvent[];
  unplacedCount: number;
  /** Present when the run had nothing to reconcile: no fund open by the month's end and no event read. */
  note?: string;
  /** The month's seals checked against the events; absent when the run has no seal store. */
  seals?: { dates: string[]; ok: boolean; mismatchedStreams: string[]; sealProblems: string[] };
}

/** Unplaced events listed one by one up to this many; the count covers all. */
const LISTED_UNPLACED = 200;

export const lastDayOf = (month: string): string => addDays(`${addDays(`${month}-28`, 7).slice(0, 7)}-01`, -1);

/** The month before the one `now` falls in, in Asia/Shanghai (what the 01:00-on-the-1st schedule reconciles). */
export const previousMonth = (now: Date): string => addDays(`${new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7)}-01`, -1).slice(0, 7);

const PERIOD_STREAM_EVENTS = new Set(['PeriodClosed', 'YearClosed', 'ReconciliationCompleted', 'BankStatementRecorded', 'BankMatchRecorded', 'BankMatchUndone', 'AlertRaised', 'AlertAcknowledged', 'AlertResolved']);

export async function runMonthEnd(deps: MonthEndDeps, run: MonthEndRun): Promise<MonthEndSummary> {
  const { store, queries, reports } = deps;
  const now = deps.now ?? (() => new Date());
  const toleranceDays = deps.toleranceDays ?? DEFAULT_MATCH_TOLERANCE_DAYS;
  const monthEnd = lastDayOf(run.month);

  // Every fund whose books are open by the month's end is covered; history starts at the earliest openedOn.
  const funds: Map<string, FundInfo> = await knownFunds(store, queries);
  const { covered, firstMonth } = coverage(funds, run.month, monthEnd);

  const replays = new Map<string, FundReplay>();
  const statements = new Map<string, StatementSummary | null>();
  const undecodable = new Map<string, FundChecks['undecodable']>();
  const early = new Map<string, EarlyEvent[]>();
  const unplaced: UnplacedEvent[] = [];
  let unplacedCount = 0;
  const chains = createChainTracker();
  let inReportedMonth = false;
  let eventsReplayed = 0;
  let eventsInMonth = 0;

  const manualMatches = new Map<string, ManualMatchReport[]>();
  const attachStatement = async (fundId: string, replay: FundReplay): Promise<void> => {
    // Latest version wins: a re-import is a new version of the month's statement stream.
    const latest = await latestStatement(store, fundId, run.month);
    if (latest === undefined) {
      statements.set(fundId, null);
      return;
    }
    const { version, statement } = latest;
    const manual = await readManualMatches(store, fundId, run.month, version);
    replay.attachStatement(statement.lines, manual.applied);
    manualMatches.set(fundId, manual.listed);
    statements.set(fundId, { version, lineCount: statement.lines.length, openingBalance: statement.openingBalance, closingBalance: statement.closingBalance });
  };

  const replayOf = async (fundId: string): Promise<FundReplay> => {
    let replay = replays.get(fundId);
    if (replay === undefined) {
      replay = createFundReplay({ fundId, month: run.month, toleranceDays });
      replays.set(fundId, replay);
      if (inReportedMonth) await attachStatement(fundId, replay);
    }
    return replay;
  };

  const push = <T>(map: Map<string, T[]>, fundId: string, item: T): void => {
    const list = map.get(fundId) ?? [];
    list.push(item);
    map.set(fundId, list);
  };

  // Every event read lands in a fund's replay, its list of events before openedOn, its undecodable
  // list, or the run-level unplaced list (coverage.ts); none is skipped in silence.
  const consume = async (stored: StoredEvent): Promise<void> => {
    eventsReplayed += 1;
    const rawFund = stored.data.fundId;
    if (inReportedMonth) chains.see(stored, typeof rawFund === 'string' ? rawFund : '');
    // Period-stream records (statements, outcomes, closes) are month end's own books of the books;
    // alert streams record what was noticed about the books, not the books.
    if (PERIOD_STREAM_EVENTS.has(stored.type) && typeof rawFund === 'string') return;
    const placed = placeEvent(stored, funds);
    if (placed.to === 'unplaced') {
      unplacedCount += 1;
      if (unplaced.length < LISTED_UNPLACED) unplaced.push(placed.event);
      return;
    }
    if (placed.to === 'undecodable') {
      push(undecodable, placed.fundId, { streamId: stored.streamId, version: stored.version, reason: placed.reason });
      return;
    }
    if (placed.early) push(early, placed.fundId, { streamId: stored.streamId, version: stored.version, type: stored.type, occurredOn: stored.occurredOn });
    if (inReportedMonth) eventsInMonth += 1;
    (await replayOf(placed.fundId)).apply(placed.event, stored);
  };

  for (const month of monthsBetween(firstMonth, run.month)) {
    if (month === run.month) {
      inReportedMonth = true;
      for (const fundId of covered) await replayOf(fundId);
      await Promise.all([...replays].map(([fundId, replay]) => attachStatement(fundId, replay)));
    }
    for await (const stored of store.readMonth(month)) await consume(stored);
  }

  const broken = await chains.verify(store, deps.verifyConcurrency ?? 8);
  const generatedAt = now().toISOString();
  const summary: MonthEndSummary = {
    month: run.month,
    runId: run.runId,
    eventsReplayed,
    eventsInMonth,
    streamsVerified: chains.size,
    funds: [],
    discrepancyCount: unplacedCount,
    unplacedEvents: unplaced,
    unplacedCount,
  };
  // Streams of no known fund whose chain breaks are unplaced too.
  for (const b of broken.filter((x) => !funds.has(x.fundId))) {
    summary.unplacedCount += 1;
    summary.discrepancyCount += 1;
    if (unplaced.length < LISTED_UNPLACED) unplaced.push({ streamId: b.streamId, version: b.brokenAtVersion, type: '(hash chain)', occurredOn: monthEnd, fundId: b.fundId || null, reason: b.reason });
  }
  if (replays.size === 0 && eventsReplayed === 0) summary.note = `nothing to reconcile: no fund's books are open by ${monthEnd} and no event is dated in ${run.month} or before`;
  if (deps.seals !== undefined) summary.seals = sealSummary(await verifyMonthSeals({ store, seals: deps.seals }, run.month));

  for (const [fundId, replay] of [...replays].sort(([a], [b]) => a.localeCompare(b))) {
    const info = funds.get(fundId);
    if (info === undefined) throw new Error(`month end: replay of unknown fund ${fundId}`); // placeEvent only replays known funds
    const balances = await queries.getBalances(fundId, monthEnd);
    const projected = new Map<AccountCode, { debit: bigint; credit: bigint }>();
    for (const b of balances.accounts) if (isAccountCode(b.code)) projected.set(b.code, { debit: b.debit, credit: b.credit });
    const fundBroken = broken.filter((b) => b.fundId === fundId).map(({ streamId, brokenAtVersion, reason }) => ({ streamId, brokenAtVersion, reason }));
    const report = buildFundReport({
      fundId,
      ...info,
      month: run.month,
      monthEnd,
      runId: run.runId,
      generatedAt,
      toleranceDays,
      replay: replay.finish(),
      projected,
      brokenStreams: fundBroken,
      streamsVerified: chains.countFor(fundId),
      undecodable: undecodable.get(fundId) ?? [],
      beforeOpened: early.get(fundId) ?? [],
      statement: statements.get(fundId) ?? null,
      manualMatches: manualMatches.get(fundId) ?? [],
    });
    await reports.put(report);
    // The reconciliation alert (raised or resolved) is appended with the outcome (outcome-alert.ts).
    await recordOutcome(store, report, run);
    deps.onReport?.(report);
    const key = reportKey(run.month, fundId);
    summary.funds.push({ fundId, openedOn: info.openedOn, clean: report.clean, discrepancyCount: report.discrepancyCount, reportKey: `${key.PK}/${key.SK}` });
    summary.discrepancyCount += report.discrepancyCount;
  }
  return summary;
}

/**
 * Appends ReconciliationCompleted to the fund's period stream, keyed by month, fund and run id so
 * a retried run appends nothing twice. A closed period takes no more outcomes (domain/period.ts);
 * its report is still stored. Returns where the outcome landed, if it did.
 */
async function recordOutcome(store: EventStore, report: FundMonthReport, run: MonthEndRun): Promise<{ streamId: string; version: number; fresh: boolean } | undefined> {
  const streamId = streamIds.period(report.fundId, report.month);
  const key = reportKey(report.month, report.fundId);
  const idempotencyKey = `reconciliation:${report.month}:${report.fundId}:${run.runId}`;
  let landed: { streamId: string; version: number } | undefined;
  const result = await appendWithRetry(store, async () => {
    const head = await store.readHead(streamId);
    const events = head === undefined ? [] : await store.readStream(streamId, { toVersion: head.version });
    const state = events.reduce((s, e) => evolvePeriod(s, decodeEvent(e)), initialPeriodState(report.fundId, report.month));
    const decided = decidePeriod(state, { type: 'completeReconciliation', clean: report.clean, discrepancyCount: report.discrepancyCount, reportKey: `${key.PK}/${key.SK}` });
    if (!Array.isArray(decided)) return null;
    const version = head?.version ?? 0;
    landed = { streamId, version: version + decided.length };
    const snapshot = decided.reduce(evolvePeriod, state);
    // The outcome's alert step rides in the same transaction: never lost, never doubled by a retry.
    const alert = await outcomeAlertAppend(store, report, { streamId, raisedOn: lastDayOf(report.month) });
    return {
      appends: [{ streamId, expectedVersion: version, events: decided.map((e) => ({ ...encodeEvent(e), occurredOn: lastDayOf(report.month) })), snapshot }, ...(alert === undefined ? [] : [alert])],
      options: {
        meta: { actor: run.actor ?? 'month-end-job', role: 'system', requestId: run.runId, correlationId: run.runId },
        idempotency: { key: idempotencyKey, requestHash: createHash('sha256').update(idempotencyKey).digest('hex'), result: { streamId, version: landed.version } },
      },
    };
  });
  if (result === null) return undefined;
  if (result.status === 'replayed') {
    const r = result.result as { streamId?: unknown; version?: unknown };
    return typeof r.version === 'number' ? { streamId, version: r.version, fresh: false } : undefined;
  }
  return landed === undefined ? undefined : { ...landed, fresh: true };
}
