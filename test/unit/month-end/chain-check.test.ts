import { describe, expect, it } from 'vitest';
import { createChainTracker } from '../../../functions/month-end/chain-check';
import { GENESIS_HASH, eventHash } from '../../../functions/store/hash';
import type { StoredEvent, StreamHead, VerifyResult } from '../../../functions/store/types';

const META = { actor: 'a', role: 'r', requestId: 'q', correlationId: 'c' };
const chain = (streamId: string, n: number): StoredEvent[] => {
  const out: StoredEvent[] = [];
  let prev = GENESIS_HASH;
  for (let v = 1; v <= n; v++) {
    const base = { streamId, version: v, type: 'InterestReceived', schemaVersion: 1, data: { n: v }, meta: META, occurredOn: '2026-10-01', recordedAt: `2026-10-01T00:00:0${v}.000Z`, prevHash: prev };
    const hash = eventHash(prev, base);
    out.push({ ...base, hash });
    prev = hash;
  }
  return out;
};

/** A store that only answers heads and counts full verifications. */
const storeOf = (events: StoredEvent[]) => {
  const verified: string[] = [];
  return {
    verified,
    readHead: async (streamId: string): Promise<StreamHead | undefined> => {
      const last = events.filter((e) => e.streamId === streamId).at(-1);
      return last === undefined ? undefined : { streamId, version: last.version, lastHash: last.hash, updatedAt: '' };
    },
    verifyStream: async (streamId: string): Promise<VerifyResult> => {
      verified.push(streamId);
      return { ok: false, streamId, brokenAtVersion: 2, reason: 'from verifyStream' };
    },
  };
};

describe('hash chains of the month', () => {
  it('confirms a stream seen whole in the month by its head, without a full verification', async () => {
    const events = chain('s1', 3);
    const tracker = createChainTracker();
    for (const e of events) tracker.see(e, 'f1');
    const store = storeOf(events);
    expect(await tracker.verify(store, 2)).toEqual([]);
    expect(store.verified).toEqual([]);
  });

  it('verifies end to end a stream whose event was altered, and one that began before the month', async () => {
    const altered = chain('s1', 3).map((e) => (e.version === 2 ? { ...e, data: { n: 99 } } : e));
    const older = chain('s2', 3).slice(1);
    const tracker = createChainTracker();
    for (const e of [...altered, ...older]) tracker.see(e, 'f1');
    const store = storeOf([...altered, ...older]);
    const broken = await tracker.verify(store, 2);
    expect(store.verified.sort()).toEqual(['s1', 's2']);
    expect(broken.map((b) => [b.streamId, b.brokenAtVersion, b.fundId])).toEqual([['s1', 2, 'f1'], ['s2', 2, 'f1']]);
  });
});

describe('heads of the streams seen whole', () => {
  it('are all asked for before any answers (the store batches them), whatever the verify concurrency', async () => {
    const events = Array.from({ length: 30 }, (_, i) => chain(`s${i}`, 2)).flat();
    const tracker = createChainTracker();
    for (const e of events) tracker.see(e, 'f1');
    const store = storeOf(events);
    let asked = 0;
    let askedBeforeFirstAnswer = 0;
    let answered = false;
    const watched = {
      ...store,
      readHead: async (streamId: string) => {
        asked += 1;
        if (!answered) askedBeforeFirstAnswer = asked;
        await Promise.resolve();
        answered = true;
        return store.readHead(streamId);
      },
    };
    expect(await tracker.verify(watched, 2)).toEqual([]);
    expect(askedBeforeFirstAnswer).toBe(30);
    expect(store.verified).toEqual([]);
  });
});
