// What the cities migration writes for each kind of item (functions/store/city-migration.ts): the
// city prefix on PK (and GSI1PK), the city on event items, every other attribute the same bytes, and
// an event's hash chain still holding, because the hash covers the event's fields and not its keys.
import { describe, expect, it } from 'vitest';
import { cityCopyOf } from '../../../functions/store/city-migration';
import { fromEventItem, toEventItem, toHeadItem, toIdempotencyItem } from '../../../functions/store/event-item';
import { GENESIS_HASH, linkEvent, linkProblem } from '../../../functions/store/hash';
import type { Item } from '../../../functions/store/event-item';

const first = linkEvent(GENESIS_HASH, {
  streamId: 'fund-rp1',
  version: 1,
  type: 'FundCreated',
  schemaVersion: 1,
  data: { fundId: 'rp1', kind: 'risk-pool', name: '风险补偿资金池' },
  meta: { actor: 'wang', role: 'finance-bureau', requestId: 'r1', correlationId: 'c1' },
  occurredOn: '2026-10-01',
  recordedAt: '2026-10-01T02:00:00.000Z',
});
const second = linkEvent(first.hash, {
  streamId: 'fund-rp1',
  version: 2,
  type: 'CapitalInjected',
  schemaVersion: 1,
  data: { fundId: 'rp1', amount: '50000000.00', source: 'city', reference: 'INJ-1' },
  meta: { actor: 'wang', role: 'finance-bureau', requestId: 'r2', correlationId: 'c2', idempotencyKey: 'k2' },
  occurredOn: '2026-10-02',
  recordedAt: '2026-10-02T02:00:00.000Z',
  voucherNo: '记-2026-10-0001',
  hashAlgorithm: 'sm3',
});

/** The item as the release before cities stored it: no city attribute, no prefix. */
const legacy = (item: Item): Item => {
  const { city: _none, ...rest } = item;
  return { ...rest, PK: { S: (item.PK?.S ?? '').replace(/^C#[a-z]+#/, '') }, ...(item.GSI1PK === undefined ? {} : { GSI1PK: { S: (item.GSI1PK.S ?? '').replace(/^C#[a-z]+#/, '') } }) };
};

const without = (item: Item, ...names: string[]): Item => Object.fromEntries(Object.entries(item).filter(([name]) => !names.includes(name)));

describe('the copy of an item in liaocheng', () => {
  it('prefixes an event item\'s PK and month partition, adds the city, and changes nothing else', () => {
    const original = legacy(toEventItem(second, 8));
    expect(original.PK).toEqual({ S: 'S#fund-rp1' });
    const copy = cityCopyOf(original, 'liaocheng');
    expect(copy.PK).toEqual({ S: 'C#liaocheng#S#fund-rp1' });
    expect(copy.GSI1PK).toEqual({ S: `C#liaocheng#${original.GSI1PK?.S}` });
    expect(copy.GSI1PK?.S).toMatch(/^C#liaocheng#M#2026-10#[0-7]$/);
    expect(copy.city).toEqual({ S: 'liaocheng' });
    expect(without(copy, 'PK', 'GSI1PK', 'city')).toEqual(without(original, 'PK', 'GSI1PK'));
  });

  it('keeps every link of the chain: the copies verify as the originals did', () => {
    const [one, two] = [first, second].map((event) => fromEventItem(cityCopyOf(legacy(toEventItem(event, 8)), 'liaocheng')));
    expect(one).toMatchObject({ hash: first.hash, prevHash: GENESIS_HASH });
    expect(linkProblem(undefined, one!)).toBeUndefined();
    expect(linkProblem(one, two!)).toBeUndefined();
  });

  it('prefixes a stream head, a voucher counter and an idempotency record and adds no city to them', () => {
    const head = legacy(toHeadItem({ streamId: 'fund-rp1', version: 2, lastHash: second.hash, snapshot: { cash: '50000000.00' }, snapshotVersion: 1, updatedAt: second.recordedAt }));
    const vouchers: Item = { PK: { S: 'S#period-rp1-2026-10' }, SK: { S: 'VOUCHERS' }, next: { N: '2' } };
    const idempotency = legacy(toIdempotencyItem({ key: 'k2', requestHash: 'ab'.repeat(32), result: { version: 2 }, createdAt: second.recordedAt }));
    for (const original of [head, vouchers, idempotency]) {
      const copy = cityCopyOf(original, 'liaocheng');
      expect(copy.PK?.S).toBe(`C#liaocheng#${original.PK?.S}`);
      expect(copy.city).toBeUndefined();
      expect(copy.GSI1PK).toBeUndefined();
      expect(without(copy, 'PK')).toEqual(without(original, 'PK'));
    }
  });

  it('prefixes read-model items (cursors, balances, journal lines, reports) and keeps their sort keys', () => {
    const items: Item[] = [
      { PK: { S: 'CURSOR#books' }, SK: { S: 'fund-rp1' }, version: { N: '2' }, owner: { S: 'books' } },
      { PK: { S: 'FUND#rp1' }, SK: { S: 'BAL#1001' }, debit: { N: '5000000000' }, credit: { N: '0' }, owner: { S: 'books' } },
      { PK: { S: 'JOURNAL#rp1' }, SK: { S: '2026-10-02#2026-10-02T02:00:00.000Z#fund-rp1#0000000002#0001' }, owner: { S: 'books' } },
      { PK: { S: 'RECON#2026-10' }, SK: { S: 'rp1' }, report: { S: '{"month":"2026-10"}' } },
    ];
    for (const original of items) {
      const copy = cityCopyOf(original, 'jinan');
      expect(copy).toEqual({ ...original, PK: { S: `C#jinan#${original.PK?.S}` } });
    }
  });
});
