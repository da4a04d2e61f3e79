// The one retry rule every client of the API follows (the demo, register imports, the dashboard's
// uploads and fund managers' systems through ledger-client.ts): a 409 concurrency-conflict (the
// fund's stream was busy), a 5xx (503 store-unavailable says when with Retry-After) or a network
// failure is sent again with the SAME Idempotency-Key, so a command the API did take is answered
// from its first result and never posted twice. Anything else is final.

export interface RetryOptions {
  /** Retries after the first attempt (default 8). */
  maxRetries?: number;
}

/** What the last attempt gave: a response, or the network error that ended the retries. */
export type Sent = { response: Response; attempts: number } | { error: unknown; attempts: number };

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const isConflict = async (response: Response): Promise<boolean> => {
  if (response.status !== 409) return false;
  try {
    const problem = (await response.clone().json()) as { type?: unknown };
    return String(problem.type ?? '').endsWith('/concurrency-conflict');
  } catch {
    return false;
  }
};

const retryable = async (response: Response): Promise<boolean> => response.status >= 500 || (await isConflict(response));

/** Sends with `send` (a fresh request each time, same key) until an answer is final or retries run out. */
export const sendWithRetry = async (send: () => Promise<Response>, options: RetryOptions = {}): Promise<Sent> => {
  const maxRetries = options.maxRetries ?? 8;
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs = 0;
    try {
      const response = await send();
      if (attempt > maxRetries || !(await retryable(response))) return { response, attempts: attempt };
      retryAfterMs = Number(response.headers.get('retry-after') ?? '0') * 1000;
      await response.body?.cancel();
    } catch (error) {
      if (attempt > maxRetries) return { error, attempts: attempt };
    }
    // Back off with jitter so clients that collided do not collide again.
    await wait(Math.max(retryAfterMs, 100 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2));
  }
};
