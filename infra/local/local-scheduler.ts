// The local stand-in for EventBridge Scheduler (functions/shared/schedules.ts): once a day the overdue
// sweep and the seal of the day that ended, and once a month the reconciliation of the month just
// ended followed by its archive export. It checks a clock every
// minute instead of firing at an instant, so a stack that was down at 00:30 or on the 1st catches up
// when it starts, or, if its city has no data yet, at the first quiet minute after it has (`quiet`:
// `npm start` calls the API quiet after 5 s without a request). Both jobs are idempotent (derived keys, run id `scheduled-<month>`), so a rerun
// after a restart adds nothing.
// Every city's jobs run (issue 24 §3), each city inside withCity(city) (its key range, its seals and
// archive), two cities at a time; a city without data is skipped, a city whose job fails is logged and
// retried at the next tick, and the other cities are neither stopped nor run again (functions/jobs/each-city.ts).
import { shanghaiToday } from '../../domain/dates';
import { CITY_IDS, type CityId } from '../../events/cities';
import { citySummary, eachCity } from '../../functions/jobs/each-city';
import type { ApiDeps } from '../../functions/api/deps';
import { sweepOverdue } from '../../functions/jobs/overdue-sweep';
import { previousMonth } from '../../functions/month-end/reconcile';
import type { ArchiveResult } from '../../functions/archive/month-archive';
import type { YearArchiveOutcome } from '../../functions/archive/year-archive';
import type { SealResult } from '../../functions/seal/daily-seal';
import { sealDateFor } from '../../functions/seal/seal';

export interface LocalScheduler {
  /** Runs whatever is due now; exposed so tests need not wait for the timer. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalSchedulerOptions {
  deps: Pick<ApiDeps, 'queries' | 'commands' | 'monthEnd'>;
  /** Whether the month already has a report (a run by the API or an earlier start counts). */
  hasMonthReport: (month: string) => Promise<boolean>;
  log: (message: string, details: Record<string, unknown>) => void;
  /** The daily seal and the monthly archive (to <DATA_DIR>/seals/ and <DATA_DIR>/archive/); both write once. */
  records?: {
    seal: (date: string) => Promise<Pick<SealResult, 'status' | 'streams' | 'diverged'>>;
    archive: (month: string) => Promise<Pick<ArchiveResult, 'status'>>;
    /** A closed year's annual accounts, archived permanently (issue 21 §4); checked every tick, so a close is archived within a minute. */
    archiveYears?: (now: Date) => Promise<YearArchiveOutcome[]>;
  };
  /** The cities to run for (default every city; start.ts passes JOB_CITIES); each city's jobs run inside withCity(city). */
  cities?: readonly CityId[];
  /** Whether the current city has data; a city without is skipped until it has (default: it lists a fund). */
  hasData?: () => Promise<boolean>;
  /** Cities run at once (default 2). */
  concurrency?: number;
  now?: () => Date;
  intervalMs?: number;
  /**
   * Whether the stack is quiet (default: always). While it is not, the timer's ticks are skipped,
   * for at most `maxDeferMs` after the last tick: a stack that comes up in December with a
   * fund manager's year to post runs the catch-up (a sweep, a seal, month end over every month
   * since the funds opened) after the posting, not in the middle of it, as the cloud's 00:30 and
   * 01:00 schedules would.
   */
  quiet?: () => boolean;
  /** The longest a due job waits for a quiet moment (default 10 minutes). */
  maxDeferMs?: number;
}

export const startLocalScheduler = ({ deps, hasMonthReport, log, records, cities = CITY_IDS, hasData = async () => (await deps.queries.listFunds()).length > 0, concurrency, now = () => new Date(), intervalMs = 60_000, quiet = () => true, maxDeferMs = 600_000 }: LocalSchedulerOptions): LocalScheduler => {
  // What each city has done, so a city that failed (or had no data yet) is tried again at the next
  // tick while the others are not run twice.
  const done = new Map<CityId, { sweptOn?: string; sealed?: string; reconciled?: string }>();
  let running: Promise<void> = Promise.resolve();

  /** The city's jobs that are due, in the current city's scope; the first failure stops the city's tick. */
  const runDueFor = async (city: CityId): Promise<string[]> => {
    const state = done.get(city) ?? {};
    done.set(city, state);
    const ran: string[] = [];
    const today = shanghaiToday(now());
    if (state.sweptOn !== today) {
      const result = await sweepOverdue({ queries: deps.queries, commands: deps.commands, today, requestId: `local-sweep-${city}-${today}` });
      state.sweptOn = today;
      ran.push('overdue sweep');
      log('overdue sweep', { city, today, marked: result.marked.length, skipped: result.skipped.length });
    }
    const sealDate = sealDateFor(now());
    if (records !== undefined && state.sealed !== sealDate) {
      const result = await records.seal(sealDate);
      state.sealed = sealDate;
      ran.push('daily seal');
      log('daily seal', { city, date: sealDate, status: result.status, streams: result.streams, diverged: result.diverged });
    }
    const month = previousMonth(now());
    if (state.reconciled !== month) {
      if (!(await hasMonthReport(month))) {
        const run = await deps.monthEnd.start({ month, runId: `scheduled-${month}`, actor: 'local-scheduler' });
        ran.push('month end');
        log('month-end reconciliation', { city, month, status: run.status });
      }
      if (records !== undefined) log('monthly archive', { city, month, status: (await records.archive(month)).status });
      state.reconciled = month;
    }
    for (const outcome of (await records?.archiveYears?.(now())) ?? []) if (outcome.status === 'written') log('annual archive', { city, ...outcome });
    return ran;
  };

  const runDue = async (): Promise<void> => {
    const outcomes = await eachCity(cities, runDueFor, { hasData, ...(concurrency === undefined ? {} : { concurrency }) });
    // A city's failure is logged as the job failures always were, and retried at the next tick.
    for (const outcome of outcomes) if (outcome.status === 'failed') log('scheduled job failed', { city: outcome.city, error: outcome.error });
    if (outcomes.some((outcome) => outcome.status === 'failed' || (outcome.status === 'done' && outcome.result.length > 0))) {
      log('scheduled jobs of every city', { ...citySummary(outcomes), ran: Object.fromEntries(outcomes.flatMap((o) => (o.status === 'done' && o.result.length > 0 ? [[o.city, o.result]] : []))) });
    }
  };

  // One run at a time; a failure is logged and retried at the next tick.
  let lastTick = Date.now();
  const tick = (): Promise<void> => {
    lastTick = Date.now();
    running = running.then(runDue).catch((error: unknown) => log('scheduled job failed', { error: String(error) }));
    return running;
  };

  const timer = setInterval(() => {
    if (quiet() || Date.now() - lastTick >= maxDeferMs) void tick();
  }, intervalMs);
  timer.unref();
  void tick();

  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
