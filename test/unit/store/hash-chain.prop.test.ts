// Property tests of mixed-algorithm chains (issue 23 §2): any stream made of an unlabelled (legacy
// sha256) segment, a labelled sha256 segment and an sm3 segment verifies, under verifyStream and
// under a seal; changing any one stored event's data or algorithm label is named at that event.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChainTracker } from '../../../functions/month-end/chain-check';
import { buildSeal } from '../../../functions/seal/seal';
import { verifySeals } from '../../../functions/seal/verify-seal';
import { toEventItem } from '../../../functions/store/event-item';
import type { HashAlgorithm } from '../../../functions/store/hash-algorithm';
import type { StoredEvent, VerifyResult } from '../../../functions/store/types';
import { verifyEvents } from '../../../functions/store/verify-stream';
import { type LinkSpec, chainOf } from '../../support/hash-chains';

const STREAM = 'fund-prop';

const data = fc.dictionary(fc.constantFrom('amount', 'fundId', 'note', 'days'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), { maxKeys: 4 });

/** Segment lengths: unlabelled, sha256, sm3 — any may be empty, the stream is not. */
const mixedChain = fc
  .tuple(fc.array(data, { maxLength: 4 }), fc.array(data, { maxLength: 4 }), fc.array(data, { maxLength: 4 }))
  .filter(([a, b, c]) => a.length + b.length + c.length > 0)
  .map(([legacy, sha256, sm3]): LinkSpec[] => [
    ...legacy.map((d) => ({ data: d })),
    ...sha256.map((d) => ({ data: d, hashAlgorithm: 'sha256' as const })),
    ...sm3.map((d) => ({ data: d, hashAlgorithm: 'sm3' as const })),
  ]);

type Tamper = { kind: 'data' } | { kind: 'label'; to: HashAlgorithm | undefined };
const tamper = fc.oneof(fc.constant<Tamper>({ kind: 'data' }), fc.constantFrom<HashAlgorithm | undefined>('sha256', 'sm3', undefined).map((to): Tamper => ({ kind: 'label', to })));

/** The stored item edited in place (as a raw UpdateItem would), its hashes left as they were. */
const tampered = (event: StoredEvent, change: Tamper): StoredEvent | undefined => {
  if (change.kind === 'data') return { ...event, data: { ...event.data, tampered: true } };
  if (change.to === event.hashAlgorithm) return undefined;
  const { hashAlgorithm: _dropped, ...rest } = event;
  return change.to === undefined ? rest : { ...rest, hashAlgorithm: change.to };
};

const verifyStream = (events: StoredEvent[]): Promise<VerifyResult> => {
  const last = events.at(-1)!;
  const items = (async function* () {
    for (const event of events) yield toEventItem(event, 8);
  })();
  return verifyEvents({ streamId: STREAM, version: last.version, lastHash: last.hash, updatedAt: last.recordedAt }, items);
};

const verifyUnderSeal = async (original: StoredEvent[], stored: StoredEvent[]) => {
  const last = original.at(-1)!;
  const seal = buildSeal('2026-11-30', [{ streamId: STREAM, version: last.version, lastHash: last.hash }], undefined, new Date('2026-11-30T16:05:00Z'), 'sm3');
  return verifySeals({ readStream: async () => stored }, [seal]);
};

describe('chains with sha256 and sm3 segments', () => {
  it('verify whatever the mix, under verifyStream, month end and a seal', async () => {
    await fc.assert(
      fc.asyncProperty(mixedChain, async (links) => {
        const events = chainOf(STREAM, links);
        expect(await verifyStream(events)).toEqual({ ok: true, streamId: STREAM, version: events.length });
        const tracker = createChainTracker();
        for (const event of events) tracker.see(event, 'f1');
        const head = { streamId: STREAM, version: events.length, lastHash: events.at(-1)!.hash, updatedAt: '' };
        const fullReads: string[] = [];
        const broken = await tracker.verify({ readHead: async () => head, verifyStream: async (id) => (fullReads.push(id), verifyStream(events)) }, 1);
        expect(broken).toEqual([]);
        expect(fullReads).toEqual([]);
        const sealed = await verifyUnderSeal(events, events);
        expect(sealed.ok).toBe(true);
        expect(sealed.eventsByAlgorithm).toEqual({
          sha256: links.filter((l) => l.hashAlgorithm !== 'sm3').length,
          sm3: links.filter((l) => l.hashAlgorithm === 'sm3').length,
        });
      }),
    );
  });

  it('name the event whose data or algorithm label was changed, and no earlier one', async () => {
    await fc.assert(
      fc.asyncProperty(mixedChain, fc.nat(), tamper, async (links, pick, change) => {
        const events = chainOf(STREAM, links);
        const index = pick % events.length;
        const edited = tampered(events[index]!, change);
        fc.pre(edited !== undefined);
        const stored = events.map((event, i) => (i === index ? edited! : event));
        const version = index + 1;
        expect(await verifyStream(stored)).toMatchObject({ ok: false, brokenAtVersion: version });
        const sealed = await verifyUnderSeal(events, stored);
        expect(sealed.ok).toBe(false);
        expect(sealed.mismatches).toMatchObject([{ streamId: STREAM, brokenAtVersion: version }]);
        const tracker = createChainTracker();
        for (const event of stored) tracker.see(event, 'f1');
        const broken = await tracker.verify({ readHead: async () => undefined, verifyStream: () => verifyStream(stored) }, 1);
        expect(broken).toMatchObject([{ streamId: STREAM, brokenAtVersion: version }]);
      }),
    );
  });

  it('refuse a stream that goes back from sm3 to sha256, at its first sha256 event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(data, { minLength: 1, maxLength: 4 }), fc.array(data, { minLength: 1, maxLength: 4 }), async (sm3, sha256) => {
        const events = chainOf(STREAM, [...sm3.map((d) => ({ data: d, hashAlgorithm: 'sm3' as const })), ...sha256.map((d) => ({ data: d, hashAlgorithm: 'sha256' as const }))]);
        expect(await verifyStream(events)).toEqual({
          ok: false,
          streamId: STREAM,
          brokenAtVersion: sm3.length + 1,
          reason: 'the hash algorithm goes back from sm3 to sha256',
        });
        const sealed = await verifyUnderSeal(events, events);
        expect(sealed.mismatches).toMatchObject([{ brokenAtVersion: sm3.length + 1 }]);
      }),
    );
  });
});
