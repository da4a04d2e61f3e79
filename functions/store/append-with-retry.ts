// Bounded retry of a whole "read state, decide, append" cycle when another command moved a
// stream first (DESIGN §2: a conflicting append is retried, with jitter, after re-reading state).
// Only ConcurrencyConflict is retried; every other error, and the last conflict, reach the caller.
import { reportAppend } from './append-observer';
import { ConcurrencyConflict } from './errors';
import type { EventStore } from './event-store';
import type { AppendOptions, AppendResult, StreamAppend } from './types';

export interface AppendPlan {
  appends: StreamAppend[];
  options: AppendOptions;
}

export interface RetryOptions {
  /** Total tries including the first; default 8. */
  maxAttempts?: number;
  /** Backoff cap grows as baseDelayMs × 2^attempt up to maxDelayMs; defaults 10 and 1000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `plan` (which must re-read every stream it appends to and decide afresh on each call),
 * appends what it returns, and on ConcurrencyConflict waits a full-jitter backoff and runs it
 * again. `plan` returns null when there is nothing to append (e.g. the command was refused);
 * then appendWithRetry returns null too.
 */
export const appendWithRetry = async (
  store: Pick<EventStore, 'append'>,
  plan: (attempt: number) => Promise<AppendPlan | null>,
  retry: RetryOptions = {},
): Promise<AppendResult | null> => {
  const maxAttempts = retry.maxAttempts ?? 8;
  const baseDelayMs = retry.baseDelayMs ?? 10;
  const maxDelayMs = retry.maxDelayMs ?? 1_000;
  const random = retry.random ?? Math.random;
  const sleep = retry.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    const next = await plan(attempt);
    if (next === null) return null;
    try {
      const result = await store.append(next.appends, next.options);
      reportAppend(result);
      return result;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict) || attempt >= maxAttempts) throw error;
      // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreads the
      // losers of one race so they do not collide again on the next.
      await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    }
  }
};
