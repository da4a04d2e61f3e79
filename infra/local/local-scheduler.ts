// The local stand-in for EventBridge Scheduler (functions/shared/schedules.ts): once a day the overdue
// sweep and the seal of the day that ended, and once a month the reconciliation of the month just
// ended followed by its archive export. It checks a clock every
// minute instead of firing at an instant, so a stack that was down at 00:30 or on the 1st catches up
// when it starts. Both jobs are idempotent (derived keys, run id `scheduled-<month>`), so a rerun
// after a restart adds nothing.
import { shanghaiToday } from '../../domain/dates';
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
  now?: () => Date;
  intervalMs?: number;
}

export const startLocalScheduler = ({ deps, hasMonthReport, log, records, now = () => new Date(), intervalMs = 60_000 }: LocalSchedulerOptions): LocalScheduler => {
  let sweptOn: string | undefined;
  let reconciled: string | undefined;
  let sealed: string | undefined;
  let running: Promise<void> = Promise.resolve();

  const runDue = async (): Promise<void> => {
    const today = shanghaiToday(now());
    if (sweptOn !== today) {
      const result = await sweepOverdue({ queries: deps.queries, commands: deps.commands, today, requestId: `local-sweep-${today}` });
      sweptOn = today;
      log('overdue sweep', { today, marked: result.marked.length, skipped: result.skipped.length });
    }
    const sealDate = sealDateFor(now());
    if (records !== undefined && sealed !== sealDate) {
      const result = await records.seal(sealDate);
      sealed = sealDate;
      log('daily seal', { date: sealDate, status: result.status, streams: result.streams, diverged: result.diverged });
    }
    const month = previousMonth(now());
    if (reconciled !== month) {
      if (!(await hasMonthReport(month))) {
        const run = await deps.monthEnd.start({ month, runId: `scheduled-${month}`, actor: 'local-scheduler' });
        log('month-end reconciliation', { month, status: run.status });
      }
      if (records !== undefined) log('monthly archive', { month, status: (await records.archive(month)).status });
      reconciled = month;
    }
    for (const outcome of (await records?.archiveYears?.(now())) ?? []) if (outcome.status === 'written') log('annual archive', outcome);
  };

  // One run at a time; a failure is logged and retried at the next tick.
  const tick = (): Promise<void> => {
    running = running.then(runDue).catch((error: unknown) => log('scheduled job failed', { error: String(error) }));
    return running;
  };

  const timer = setInterval(() => void tick(), intervalMs);
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
