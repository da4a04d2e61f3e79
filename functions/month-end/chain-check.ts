// Hash-chain checks of every stream the month touched. As the month streams past, each stream's
// events are checked link by link (version, prevHash, algorithm order, the hash recomputed with the
// event's own algorithm: what verifyStream checks, through the same linkProblem). A
// stream seen whole — from version 1, unbroken, ending at its head — is then confirmed by one head
// read; any other stream (history before the month, a gap, a break, events after it) is verified
// end to end by the store's verifyStream, which names the first broken version.
import { linkProblem } from '../store/hash';
import type { EventStore } from '../store/event-store';
import type { StoredEvent } from '../store/types';

interface StreamTrack {
  fundId: string;
  first: number;
  last: number;
  /** The last event seen (its hash and algorithm: what the next link is checked against). */
  lastEvent: StoredEvent;
  intact: boolean;
}

export interface BrokenStream {
  streamId: string;
  fundId: string;
  brokenAtVersion: number;
  reason: string;
}

export interface ChainTracker {
  see(event: StoredEvent, fundId: string): void;
  /** Streams touched per fund. */
  countFor(fundId: string): number;
  readonly size: number;
  verify(store: Pick<EventStore, 'readHead' | 'verifyStream'>, concurrency: number): Promise<BrokenStream[]>;
}

export function createChainTracker(): ChainTracker {
  const streams = new Map<string, StreamTrack>();
  const linkOk = (previous: StoredEvent | undefined, event: StoredEvent): boolean => linkProblem(previous, event) === undefined;

  return {
    see(event, fundId) {
      const track = streams.get(event.streamId);
      if (track === undefined) {
        const intact = event.version !== 1 || linkOk(undefined, event);
        streams.set(event.streamId, { fundId, first: event.version, last: event.version, lastEvent: event, intact });
        return;
      }
      if (event.version !== track.last + 1 || !linkOk(track.lastEvent, event)) track.intact = false;
      track.last = Math.max(track.last, event.version);
      track.lastEvent = event;
    },
    countFor(fundId) {
      let n = 0;
      for (const t of streams.values()) if (t.fundId === fundId) n += 1;
      return n;
    },
    get size() {
      return streams.size;
    },
    async verify(store, concurrency) {
      const broken: BrokenStream[] = [];
      // A stream seen whole is confirmed by its head alone. The heads are asked for together, which
      // the store sends as BatchGetItems of 100 (a GetItem each made most of month end's requests).
      const whole = [...streams].filter(([, track]) => track.intact && track.first === 1);
      const heads = await Promise.all(whole.map(([streamId]) => store.readHead(streamId)));
      const confirmed = new Set(whole.filter(([, track], i) => heads[i]?.version === track.last && heads[i]?.lastHash === track.lastEvent.hash).map(([streamId]) => streamId));
      const queue = [...streams].filter(([streamId]) => !confirmed.has(streamId));
      const worker = async (): Promise<void> => {
        for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
          const [streamId, track] = next;
          const result = await store.verifyStream(streamId);
          if (!result.ok) broken.push({ streamId, fundId: track.fundId, brokenAtVersion: result.brokenAtVersion, reason: result.reason });
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      return broken.sort((a, b) => a.streamId.localeCompare(b.streamId));
    },
  };
}
