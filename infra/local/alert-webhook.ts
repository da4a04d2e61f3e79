// The local stack's stand-in for the cloud's EventBridge API destination (issue 10 §3): every
// alert event the outbox publishes (AlertRaised / AlertAcknowledged / AlertResolved) is POSTed to
// ALERT_WEBHOOK_URL, retried with exponential backoff and full jitter. Delivery runs beside the
// flow, never in its path: offer() only queues, so a slow or dead endpoint never holds up the
// books. At least once: a receiver dedupes on the Idempotency-Key (stream and version).
import { ALERT_EVENT_TYPES, type BusEvent } from '../../functions/shared/routing';
import type { StoredEvent } from '../../functions/store/types';
import { maskForLog } from '../../functions/shared/personal-data';

export interface AlertWebhookOptions {
  url: string;
  /** The stored event behind a bus event, so the POST carries its data (the bus detail has only its position). */
  readEvent: (streamId: string, version: number) => Promise<StoredEvent | undefined>;
  /** Tries per event including the first; default 8. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onError?: (error: unknown) => void;
}

export interface AlertWebhook {
  /** Queues the alert events among `events`; returns at once. */
  offer(events: readonly BusEvent[]): void;
  /** Deliveries waiting or in flight. */
  pending(): number;
  /** Abandons what is queued (it is in the store; a replay can publish it again). */
  stop(): void;
}

const ALERT_TYPES = new Set<string>(ALERT_EVENT_TYPES);

export const createAlertWebhook = (options: AlertWebhookOptions): AlertWebhook => {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const onError = options.onError ?? ((error: unknown) => console.error('[alert-webhook]', maskForLog(error)));
  const queue: BusEvent[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let running = false;
  let stopped = false;

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const post = async (event: BusEvent): Promise<void> => {
    const { streamId, version } = event.detail;
    const stored = await options.readEvent(streamId, version);
    const body = JSON.stringify({ 'detail-type': event['detail-type'], source: event.source, time: event.time, detail: { ...event.detail, data: stored?.data ?? null } });
    const answer = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `${streamId}:${version}` },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!answer.ok) throw new Error(`${options.url} answered ${answer.status}`);
  };

  const deliver = async (event: BusEvent): Promise<void> => {
    for (let attempt = 1; !stopped; attempt += 1) {
      try {
        await post(event);
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          onError(new Error(`alert ${event.detail.streamId}@${event.detail.version} not delivered after ${attempt} tries: ${(error as Error).message}`));
          return;
        }
        await wait(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  };

  // One delivery at a time, in the order the outbox published them.
  const drain = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      while (!stopped && queue.length > 0) {
        const next = queue[0] as BusEvent;
        await deliver(next);
        queue.shift();
      }
    } finally {
      running = false;
    }
  };

  return {
    offer: (events) => {
      if (stopped) return;
      const alerts = events.filter((event) => ALERT_TYPES.has(event['detail-type']));
      if (alerts.length === 0) return;
      queue.push(...alerts);
      void drain().catch(onError);
    },
    pending: () => queue.length,
    stop: () => {
      stopped = true;
      queue.length = 0;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
};
