// What a request's commands appended, for the API's audit log (functions/api/audit.ts): the
// request runs inside `observeAppends`, and appendWithRetry (the one door of every command's
// append) and the pipeline's idempotency pre-check report each outcome here. AsyncLocalStorage keeps concurrent requests of one process
// (the local stack) apart; outside a request (jobs, projectors) nothing listens.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendResult } from './types';

/** One stream a request appended to: the events it added (version and type). */
export interface AppendedStream {
  streamId: string;
  events: { version: number; type: string }[];
}

export interface ObservedAppends {
  streams: AppendedStream[];
  /** An idempotent retry: the first request's answer came back and nothing was appended. */
  replayed: boolean;
}

const current = new AsyncLocalStorage<ObservedAppends>();

/** Runs `work`, collecting into `into` what it appends (kept even when `work` throws afterwards). */
export const observeAppends = <T>(into: ObservedAppends, work: () => Promise<T>): Promise<T> => current.run(into, work);

/** A repeat of a command already answered (the pipeline's pre-check, or the append's idempotency condition). */
export const reportReplay = (): void => {
  const into = current.getStore();
  if (into !== undefined) into.replayed = true;
};

export const reportAppend = (result: AppendResult): void => {
  const into = current.getStore();
  if (into === undefined) return;
  if (result.status === 'replayed') {
    reportReplay();
    return;
  }
  for (const stream of result.streams) {
    // A stream in the transaction only as a condition (period open, policy head) appended nothing.
    if (stream.events.length > 0) into.streams.push({ streamId: stream.streamId, events: stream.events.map((event) => ({ version: event.version, type: event.type })) });
  }
};
