import type { AttributeValue, _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { toEventItem, toHeadItem, toIdempotencyItem } from '../../functions/store/event-item';
import type { StoredEvent } from '../../functions/store/types';
import { busEventOf, detailOf, passesPipeFilter, pipeRecords } from '../../infra/local/local-pipe';
import { EVENT_BUS } from '../../functions/shared/routing';

const stored: StoredEvent = {
  streamId: 'guarantee-rp1:g1',
  version: 3,
  type: 'GuaranteeReleased',
  schemaVersion: 1,
  data: { fundId: 'rp1', guaranteeId: 'g1', principal: '100.00' },
  meta: { actor: 'a', role: 'fund-manager', requestId: 'r', correlationId: 'c' },
  occurredOn: '2026-11-20',
  recordedAt: '2026-11-20T02:00:00.000Z',
  prevHash: 'p',
  hash: 'h',
};

// The table's items and the stream's NewImage share the AttributeValue shape.
const record = (eventName: 'INSERT' | 'MODIFY', image: Record<string, unknown>): StreamRecord => ({
  eventName,
  dynamodb: { NewImage: image as Record<string, AttributeValue>, SequenceNumber: '1' },
});

describe('local pipe (the Pipe filter and input template, evaluated locally)', () => {
  it('turns an event item insert into the EventBridge event the Pipe produces', () => {
    const [event] = pipeRecords([record('INSERT', toEventItem(stored, 8))]);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'GuaranteeReleased',
      source: EVENT_BUS.source,
      resources: [],
      detail: { streamId: 'guarantee-rp1:g1', version: 3, type: 'GuaranteeReleased', occurredOn: '2026-11-20', recordedAt: '2026-11-20T02:00:00.000Z', city: 'liaocheng' },
    });
    // The detail carries no event data: consumers read the store (and which city's store to read).
    expect(Object.keys(event?.detail ?? {})).toHaveLength(6);
  });

  it('lets no head, idempotency record or modification through', () => {
    const head = toHeadItem({ streamId: 'fund-rp1', version: 4, lastHash: 'h', updatedAt: '2026-11-20T02:00:00.000Z' });
    const idem = toIdempotencyItem({ key: 'k', requestHash: 'x', result: null, createdAt: '2026-11-20T02:00:00.000Z' });
    expect(passesPipeFilter(record('INSERT', head))).toBe(false);
    expect(passesPipeFilter(record('INSERT', idem))).toBe(false);
    expect(passesPipeFilter(record('MODIFY', toEventItem(stored, 8)))).toBe(false);
    expect(pipeRecords([record('MODIFY', head), record('INSERT', idem)])).toEqual([]);
  });

  it('publishes an event item stored before cities (no city attribute) as liaocheng\'s, whose range it moved to', () => {
    const { city: _none, ...legacy } = toEventItem(stored, 8);
    expect(detailOf(record('INSERT', legacy))).toMatchObject({ streamId: 'guarantee-rp1:g1', version: 3, city: 'liaocheng' });
    expect(() => detailOf(record('INSERT', { ...legacy, city: { S: 'atlantis' } }))).toThrow();
  });

  it('refuses an event item missing a detail attribute instead of publishing a hollow event', () => {
    const item = toEventItem(stored, 8);
    delete item['occurredOn'];
    expect(() => detailOf(record('INSERT', item))).toThrow();
  });

  it('stamps the bus event with an EventBridge-style time and a fresh id', () => {
    const a = busEventOf({ streamId: 's', version: 1, type: 'T', occurredOn: '2026-01-01', recordedAt: 'x', city: 'liaocheng' }, new Date('2026-01-01T00:00:00.123Z'));
    const b = busEventOf({ streamId: 's', version: 1, type: 'T', occurredOn: '2026-01-01', recordedAt: 'x', city: 'liaocheng' });
    expect(a.time).toBe('2026-01-01T00:00:00Z');
    expect(a.id).not.toBe(b.id);
  });
});
