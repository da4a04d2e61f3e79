// verifyEvents on a live stream: an append landing between the head's read and the events' read is
// no break when the head read afterwards covers it; an event past every head is one.
import { describe, expect, it } from 'vitest';
import { toEventItem } from '../../../functions/store/event-item';
import { GENESIS_HASH, linkEvent } from '../../../functions/store/hash';
import type { StoredEvent, StreamHead } from '../../../functions/store/types';
import { verifyEvents } from '../../../functions/store/verify-stream';

const STREAM = 'fund-live';

const chain = (count: number): StoredEvent[] => {
  const events: StoredEvent[] = [];
  for (let version = 1; version <= count; version++) {
    events.push(
      linkEvent(events.at(-1)?.hash ?? GENESIS_HASH, {
        streamId: STREAM,
        version,
        type: 'InterestReceived',
        schemaVersion: 1,
        data: { fundId: 'live', amount: `${version}.00` },
        meta: { actor: 'wang', role: 'fund-manager', requestId: `r${version}`, correlationId: `c${version}` },
        occurredOn: '2024-03-01',
        recordedAt: `2026-12-07T00:00:0${version}.000Z`,
      }),
    );
  }
  return events;
};

const headAt = (events: readonly StoredEvent[], version: number): StreamHead => ({ streamId: STREAM, version, lastHash: events[version - 1]?.hash ?? GENESIS_HASH, updatedAt: '2026-12-07T00:00:00.000Z' });

async function* itemsOf(events: readonly StoredEvent[]) {
  for (const event of events) yield toEventItem(event, 4);
}

describe('verifyEvents on a stream appended to while it is read', () => {
  const events = chain(5);

  it('holds when the head read afterwards covers the events past the first head', async () => {
    expect(await verifyEvents(headAt(events, 3), itemsOf(events), async () => headAt(events, 5))).toEqual({ ok: true, streamId: STREAM, version: 5 });
    // Appended to again after the events were read: the head is past them, and they still hold.
    const longer = chain(6);
    expect(await verifyEvents(headAt(longer, 3), itemsOf(longer.slice(0, 5)), async () => headAt(longer, 6))).toEqual({ ok: true, streamId: STREAM, version: 5 });
  });

  it('breaks on events past the head that no head covers (written outside an append)', async () => {
    expect(await verifyEvents(headAt(events, 3), itemsOf(events), async () => headAt(events, 3))).toEqual({
      ok: false,
      streamId: STREAM,
      brokenAtVersion: 4,
      reason: 'the head says version 3 but the events end at 5',
    });
    // Without a second read (a backup nobody appends to) the same events are a break too.
    expect(await verifyEvents(headAt(events, 3), itemsOf(events))).toMatchObject({ ok: false, brokenAtVersion: 4 });
  });

  it('still checks the first head against the chain', async () => {
    const forged = { ...headAt(events, 3), lastHash: events[1]?.hash ?? '' };
    expect(await verifyEvents(forged, itemsOf(events), async () => headAt(events, 5))).toEqual({
      ok: false,
      streamId: STREAM,
      brokenAtVersion: 3,
      reason: 'the head lastHash does not match the last event hash',
    });
    const forgedNow = { ...headAt(events, 5), lastHash: events[3]?.hash ?? '' };
    expect(await verifyEvents(headAt(events, 3), itemsOf(events), async () => forgedNow)).toMatchObject({ ok: false, brokenAtVersion: 5 });
  });
});
