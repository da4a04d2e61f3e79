// What this process last saw of a stream, by stream id: its head as last written or read (the event
// store), a month's period state (the command pipeline). Streams only move forward (every append is
// conditioned on the version before it), so a remembered entry is the stream as it was, never a
// state it was not in. Another process may have moved it since: whoever decides from memory must
// condition its write on the version it used, and read afresh when that fails.
// Keys are a city's (issue 24): the same stream id names another stream in another city.
import { currentCity } from '../shared/city-scope';

export interface StreamMemory<T extends { version: number }> {
  get(streamId: string): T | undefined;
  /** Keeps `entry` unless a later version of the stream is remembered already (a slow read losing to an append). */
  remember(streamId: string, entry: T): void;
  forget(streamId: string): void;
}

/** Entries kept before the memory starts over (a process touches far fewer streams between commands). */
const CAPACITY = 10_000;

export const createStreamMemory = <T extends { version: number }>(capacity = CAPACITY): StreamMemory<T> => {
  const entries = new Map<string, T>();
  const keyOf = (streamId: string): string => `${currentCity()}\n${streamId}`;
  return {
    get: (streamId) => entries.get(keyOf(streamId)),
    remember: (streamId, entry) => {
      const key = keyOf(streamId);
      if ((entries.get(key)?.version ?? -1) > entry.version) return;
      if (entries.size >= capacity && !entries.has(key)) entries.clear();
      entries.set(key, entry);
    },
    forget: (streamId) => {
      entries.delete(keyOf(streamId));
    },
  };
};
