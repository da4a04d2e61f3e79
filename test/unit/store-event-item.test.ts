import { describe, expect, it } from 'vitest';
import { fromEventItem, fromHeadItem, isEventItem, monthShard, toEventItem, toHeadItem } from '../../functions/store/event-item';
import type { StoredEvent } from '../../functions/store/types';

const event: StoredEvent = {
  streamId: 'guarantee-f1:g7',
  version: 12,
  type: 'GuaranteeIssued',
  schemaVersion: 1,
  data: { fundId: 'f1', principal: '5000000.00', borrower: { name: '某公司', county: null }, tags: ['a', 1, true] },
  meta: { actor: 'u', role: 'fund-manager', requestId: 'r', correlationId: 'c' },
  occurredOn: '2024-03-31',
  recordedAt: '2024-04-01T02:00:00.000Z',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('event items', () => {
  it('keys an event by stream and padded version and files it under its business month', () => {
    const item = toEventItem(event, 8);
    expect(item['PK']).toEqual({ S: 'S#guarantee-f1:g7' });
    expect(item['SK']).toEqual({ S: 'E#0000000012' });
    // Recorded in April but the business date is 31 March: it belongs to March.
    expect(item['GSI1PK']?.S).toBe(`M#2024-03#${monthShard('guarantee-f1:g7', 12, 8)}`);
    expect(item['GSI1SK']).toEqual({ S: '2024-04-01T02:00:00.000Z#guarantee-f1:g7#0000000012' });
    expect(isEventItem(item)).toBe(true);
  });

  it('reads back exactly the event it stored', () => {
    expect(fromEventItem(toEventItem(event, 8))).toEqual(event);
  });

  it('spreads events over every shard and always puts the same event in the same one', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, v) => monthShard('fund-f1', v + 1, 8)));
    expect([...shards].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(monthShard('fund-f1', 3, 8)).toBe(monthShard('fund-f1', 3, 8));
  });

  it('keeps heads out of the event parser and round-trips their bigint snapshot', () => {
    const head = { streamId: 'fund-f1', version: 3, lastHash: 'c'.repeat(64), snapshot: { cash: 10n }, updatedAt: '2024-04-01T02:00:00.000Z' };
    const item = toHeadItem(head);
    expect(isEventItem(item)).toBe(false);
    expect(item['snapshot']?.S).toBe('{"cash":{"$n":"10"}}');
    expect(fromHeadItem(item)).toEqual(head);
    expect(() => fromEventItem(item)).toThrow();
  });
});
