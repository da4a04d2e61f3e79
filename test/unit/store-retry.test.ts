import { describe, expect, it } from 'vitest';
import { appendWithRetry } from '../../functions/store/append-with-retry';
import { ConcurrencyConflict, IdempotencyMismatch } from '../../functions/store/errors';
import type { AppendResult, StreamAppend } from '../../functions/store/types';
import { transactionItemCount } from '../../functions/store/event-store';
import { validateAppends } from '../../functions/store/validate-append';

const meta = { actor: 'u', role: 'fund-manager', requestId: 'r', correlationId: 'c' };
const ok: AppendResult = { status: 'appended', streams: [] };
const plan = (expectedVersion: number) => ({ appends: [{ streamId: 'fund-f1', expectedVersion, events: [] }], options: { meta } });

/** A store whose append fails with a conflict the first `conflicts` times. */
const flakyStore = (conflicts: number) => {
  let calls = 0;
  return {
    calls: () => calls,
    append: async (appends: StreamAppend[]): Promise<AppendResult> => {
      calls += 1;
      if (calls <= conflicts) throw new ConcurrencyConflict(appends[0]?.streamId ?? '', appends[0]?.expectedVersion ?? 0);
      return ok;
    },
  };
};

describe('appendWithRetry', () => {
  it('re-plans after each conflict and returns the append that lands', async () => {
    const store = flakyStore(3);
    const planned: number[] = [];
    const result = await appendWithRetry(store, async (attempt) => (planned.push(attempt), plan(attempt)), { sleep: async () => {} });
    expect(result).toBe(ok);
    expect(planned).toEqual([1, 2, 3, 4]);
  });

  it('gives up after maxAttempts with the last conflict', async () => {
    const store = flakyStore(100);
    await expect(appendWithRetry(store, async () => plan(1), { maxAttempts: 5, sleep: async () => {} })).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(store.calls()).toBe(5);
  });

  it('does not retry other errors', async () => {
    const store = { append: async (): Promise<AppendResult> => { throw new IdempotencyMismatch('k'); } };
    let plans = 0;
    await expect(appendWithRetry(store, async () => (plans++, plan(1)), { sleep: async () => {} })).rejects.toBeInstanceOf(IdempotencyMismatch);
    expect(plans).toBe(1);
  });

  it('waits a full-jitter exponential backoff capped at maxDelayMs', async () => {
    const waits: number[] = [];
    await appendWithRetry(flakyStore(6), async () => plan(1), { baseDelayMs: 10, maxDelayMs: 100, random: () => 1, sleep: async (ms) => void waits.push(ms) });
    // 10 × 2^(attempt−1), capped at 100: 10, 20, 40, 80, 100, 100
    expect(waits).toEqual([10, 20, 40, 80, 100, 100]);
  });

  it('returns null without appending when the plan has nothing to append', async () => {
    const store = flakyStore(0);
    expect(await appendWithRetry(store, async () => null)).toBeNull();
    expect(store.calls()).toBe(0);
  });
});

describe('append validation and sizing', () => {
  const event = { type: 'FundCreated', schemaVersion: 1, data: {}, occurredOn: '2024-02-29' };

  it('counts a head item per stream, one item per event and the idempotency record', () => {
    const appends = [{ streamId: 'fund-a', expectedVersion: 0, events: [event, event] }, { streamId: 'period-a-2024-02', expectedVersion: 3, events: [] }];
    expect(transactionItemCount(appends, {})).toBe(4);
    expect(transactionItemCount(appends, { idempotency: { key: 'k', requestHash: 'h', result: null } })).toBe(5);
  });

  it('throws on programming errors: bad stream ids, duplicate streams, bad versions and dates', () => {
    expect(() => validateAppends([])).toThrow('nothing to append');
    expect(() => validateAppends([{ streamId: 'fund#1', expectedVersion: 0, events: [event] }])).toThrow('invalid stream id');
    expect(() => validateAppends([{ streamId: 'fund-1', expectedVersion: 0, events: [] }, { streamId: 'fund-1', expectedVersion: 0, events: [] }])).toThrow('twice');
    expect(() => validateAppends([{ streamId: 'fund-1', expectedVersion: -1, events: [] }])).toThrow('expectedVersion');
    expect(() => validateAppends([{ streamId: 'fund-1', expectedVersion: 0, events: [{ ...event, occurredOn: '2023-02-29' }] }])).toThrow('occurredOn');
    expect(() => validateAppends([{ streamId: 'fund-1', expectedVersion: 0, events: [{ ...event, schemaVersion: 0 }] }])).toThrow('schemaVersion');
    expect(() => validateAppends([{ streamId: 'fund-1', expectedVersion: 0, events: [event] }])).not.toThrow();
  });
});
