// How the local pollers (stream poller, queue consumers) wait when there is nothing to do: they
// keep polling every `minMs` while active, then back off exponentially to `maxMs` so an idle
// `npm start` costs next to no CPU, and a wake() (an append or an enqueue in this process) ends
// any sleep at once so backing off adds no lag to the next event.

export interface IdleWait {
  /** Sleeps after an empty poll; resolves early on wake(). `seen` is wakes() before that poll. */
  sleep(seen: number): Promise<void>;
  /** Work was found: poll at minMs again for a while. */
  active(): void;
  /** Ends every sleep now and marks activity; a wake during a poll cancels the sleep after it. */
  wake(): void;
  /** Count of wake() calls so far (read before a poll, passed to sleep after it). */
  wakes(): number;
}

export interface IdleWaitOptions {
  minMs: number;
  maxMs: number;
  /** How long after activity polls stay at minMs (a burst's gaps must not back off). */
  hotMs?: number;
  now?: () => number;
}

export const idleWait = ({ minMs, maxMs, hotMs = 1_000, now = Date.now }: IdleWaitOptions): IdleWait => {
  let delay = minMs;
  let hotUntil = now() + hotMs;
  let wakes = 0;
  const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  const active = (): void => {
    delay = minMs;
    hotUntil = now() + hotMs;
  };

  const nextDelay = (): number => {
    if (now() < hotUntil) return minMs;
    const current = delay;
    delay = Math.min(Math.max(minMs, maxMs), delay * 2);
    return current;
  };

  return {
    active,
    wakes: () => wakes,
    wake: () => {
      wakes += 1;
      active();
      for (const sleeper of sleepers) {
        clearTimeout(sleeper.timer);
        sleeper.resolve();
      }
      sleepers.clear();
    },
    sleep: (seen) =>
      seen !== wakes
        ? Promise.resolve()
        : new Promise((resolve) => {
            const sleeper = { timer: setTimeout(() => (sleepers.delete(sleeper), resolve()), nextDelay()), resolve };
            sleepers.add(sleeper);
          }),
  };
};
