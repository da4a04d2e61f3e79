import { describe, expect, it, vi } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps';
import { currentCity } from '../../../functions/shared/city-scope';
import { startLocalScheduler } from '../../../infra/local/local-scheduler';

// Fakes of our own interfaces (no DynamoDB): one bridge fund with one loan past due.
const fakeDeps = () => {
  const marked: string[] = [];
  const monthEnds: string[] = [];
  const deps = {
    queries: {
      listFunds: async () => [{ fundId: 'b1', kind: 'bridge-fund', name: 'b1', cash: 0n }],
      listBridgeLoans: async () => [{ loanId: 'L1', dueOn: '2026-11-10', status: 'open' }],
    },
    commands: {
      markBridgeLoanOverdue: async (fundId: string, loanId: string, today: string) => {
        marked.push(`${fundId}/${loanId}@${today}`);
        return { status: 201, body: {} };
      },
    },
    monthEnd: {
      start: async (run: { month: string; runId: string }) => {
        monthEnds.push(`${run.month}:${run.runId}`);
        return { status: 'accepted' as const };
      },
    },
  } as unknown as Pick<ApiDeps, 'queries' | 'commands' | 'monthEnd'>;
  return { deps, marked, monthEnds };
};

describe('local scheduler', () => {
  it('sweeps once per Shanghai day and reconciles the month just ended once, catching up at start', async () => {
    const { deps, marked, monthEnds } = fakeDeps();
    let instant = new Date('2026-12-01T02:00:00Z'); // 10:00 on 1 December in Shanghai
    const scheduler = startLocalScheduler({ deps, cities: ['liaocheng'], hasMonthReport: async () => false, log: () => {}, now: () => instant, intervalMs: 3_600_000 });
    await scheduler.tick();
    expect(marked).toEqual(['b1/L1@2026-12-01']);
    expect(monthEnds).toEqual(['2026-11:scheduled-2026-11']);

    await scheduler.tick(); // same day: nothing new
    expect(marked).toHaveLength(1);
    expect(monthEnds).toHaveLength(1);

    instant = new Date('2026-12-01T16:30:00Z'); // 00:30 on 2 December in Shanghai
    await scheduler.tick();
    expect(marked).toEqual(['b1/L1@2026-12-01', 'b1/L1@2026-12-02']);
    expect(monthEnds).toHaveLength(1);
    await scheduler.stop();
  });

  it('skips its timer ticks while the stack is busy, for at most maxDeferMs after the last tick', async () => {
    vi.useFakeTimers();
    try {
      const { deps } = fakeDeps();
      let ticks = 0;
      let quiet = false;
      const hasData = async () => {
        ticks++;
        return false;
      };
      const scheduler = startLocalScheduler({ deps, cities: ['liaocheng'], hasMonthReport: async () => false, log: () => {}, hasData, quiet: () => quiet, intervalMs: 1_000, maxDeferMs: 5_000 });
      await vi.advanceTimersByTimeAsync(0);
      expect(ticks).toBe(1); // the tick at start is never deferred
      await vi.advanceTimersByTimeAsync(4_000);
      expect(ticks).toBe(1); // busy: four ticks skipped
      await vi.advanceTimersByTimeAsync(1_000);
      expect(ticks).toBe(2); // five seconds since the last tick: it runs however busy the stack is
      quiet = true;
      await vi.advanceTimersByTimeAsync(2_000);
      expect(ticks).toBe(4); // quiet: every tick
      await scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not re-run a month that already has a report', async () => {
    const { deps, monthEnds } = fakeDeps();
    const scheduler = startLocalScheduler({ deps, cities: ['liaocheng'], hasMonthReport: async () => true, log: () => {}, now: () => new Date('2026-12-05T00:00:00Z'), intervalMs: 3_600_000 });
    await scheduler.tick();
    expect(monthEnds).toEqual([]);
    await scheduler.stop();
  });
});

// Issue 24 §3: every city's jobs, each inside its own city's scope, a failing city not stopping the others.
describe('local scheduler, per city', () => {
  const perCityDeps = (withData: readonly string[], failing?: { city: string; times: number }) => {
    const monthEnds: string[] = [];
    const seals: string[] = [];
    const sweeps: string[] = [];
    let failures = failing?.times ?? 0;
    const deps = {
      queries: {
        // What a city-scoped client answers: the funds of the current city only.
        listFunds: async () => (withData.includes(currentCity()) ? [{ fundId: `b-${currentCity()}`, kind: 'bridge-fund', name: 'b', cash: 0n }] : []),
        listBridgeLoans: async () => [],
      },
      commands: { markBridgeLoanOverdue: async () => ({ status: 201, body: {} }) },
      monthEnd: {
        start: async (run: { month: string }) => {
          if (currentCity() === failing?.city && failures > 0) {
            failures -= 1;
            throw new Error(`month end of ${currentCity()} failed (injected)`);
          }
          monthEnds.push(`${currentCity()}:${run.month}`);
          return { status: 'completed' as const };
        },
      },
    } as unknown as Pick<ApiDeps, 'queries' | 'commands' | 'monthEnd'>;
    const records = {
      seal: async (date: string) => {
        seals.push(`${currentCity()}:${date}`);
        return { status: 'written' as const, streams: 1, diverged: [] };
      },
      archive: async () => ({ status: 'written' as const }),
    };
    const sweep = { ...deps.queries, listFunds: async () => (sweeps.push(currentCity()), deps.queries.listFunds()) };
    return { deps: { ...deps, queries: sweep } as typeof deps, records, monthEnds, seals, sweeps };
  };
  const logs = (): { lines: [string, Record<string, unknown>][]; log: (message: string, details: Record<string, unknown>) => void } => {
    const lines: [string, Record<string, unknown>][] = [];
    return { lines, log: (message, details) => void lines.push([message, details]) };
  };
  const at = new Date('2026-12-01T02:00:00Z'); // 10:00 on 1 December in Shanghai: seal 11-30, month end 2026-11

  it('runs month end and the seal once for each city with data, each in its own city, and skips the cities without', async () => {
    const { deps, records, monthEnds, seals } = perCityDeps(['liaocheng', 'jinan']);
    const { lines, log } = logs();
    const scheduler = startLocalScheduler({ deps, records, hasMonthReport: async () => false, log, now: () => at, intervalMs: 3_600_000 });
    await scheduler.tick();
    expect(monthEnds.sort()).toEqual(['jinan:2026-11', 'liaocheng:2026-11']);
    expect(seals.sort()).toEqual(['jinan:2026-11-30', 'liaocheng:2026-11-30']);
    const summary = lines.find(([message]) => message === 'scheduled jobs of every city')?.[1];
    expect(summary).toMatchObject({ done: ['jinan', 'liaocheng'], failed: [] });
    expect(summary?.skipped).toHaveLength(14);
    await scheduler.tick(); // nothing more is due
    expect(monthEnds).toHaveLength(2);
    await scheduler.stop();
  });

  it("a city whose month end fails is logged and retried at the next tick; the other city's jobs finish once", async () => {
    // Jinan's month end fails twice: at the tick the scheduler runs when it starts, and at the next.
    const { deps, records, monthEnds, seals } = perCityDeps(['liaocheng', 'jinan'], { city: 'jinan', times: 2 });
    const { lines, log } = logs();
    const scheduler = startLocalScheduler({ deps, records, cities: ['jinan', 'liaocheng'], hasMonthReport: async () => false, log, now: () => at, intervalMs: 3_600_000 });
    await scheduler.tick();
    expect(monthEnds).toEqual(['liaocheng:2026-11']);
    const failed = ['scheduled job failed', { city: 'jinan', error: 'month end of jinan failed (injected)' }];
    expect(lines.filter(([message]) => message === 'scheduled job failed')).toEqual([failed, failed]);
    expect(lines.find(([message]) => message === 'scheduled jobs of every city')?.[1]).toMatchObject({ done: ['liaocheng'], failed: [{ city: 'jinan' }] });
    await scheduler.tick();
    expect(monthEnds).toEqual(['liaocheng:2026-11', 'jinan:2026-11']);
    // Jinan's seal was written before its month end failed: not written again.
    expect(seals.sort()).toEqual(['jinan:2026-11-30', 'liaocheng:2026-11-30']);
    await scheduler.stop();
  });
});
