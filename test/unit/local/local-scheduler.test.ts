import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../functions/api/deps';
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
    const scheduler = startLocalScheduler({ deps, hasMonthReport: async () => false, log: () => {}, now: () => instant, intervalMs: 3_600_000 });
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

  it('does not re-run a month that already has a report', async () => {
    const { deps, monthEnds } = fakeDeps();
    const scheduler = startLocalScheduler({ deps, hasMonthReport: async () => true, log: () => {}, now: () => new Date('2026-12-05T00:00:00Z'), intervalMs: 3_600_000 });
    await scheduler.tick();
    expect(monthEnds).toEqual([]);
    await scheduler.stop();
  });
});
