import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../functions/store/canonical-json';
import { GENESIS_HASH, eventHash } from '../../functions/store/hash';
import { deserialize, serialize } from '../../functions/store/json';
import type { StoredEvent } from '../../functions/store/types';

describe('bigint json', () => {
  it('round-trips bigints nested in objects and arrays', () => {
    const snapshot = { cash: 1_250_000_000n, loans: [{ principal: -5n, days: 3 }], name: 'pool', open: true, none: null };
    expect(serialize(snapshot)).toBe('{"cash":{"$n":"1250000000"},"loans":[{"principal":{"$n":"-5"},"days":3}],"name":"pool","open":true,"none":null}');
    expect(deserialize(serialize(snapshot))).toEqual(snapshot);
  });

  it('keeps bigints beyond the float range exact', () => {
    const big = 2n ** 80n + 1n;
    expect(deserialize(serialize({ big }))).toEqual({ big });
  });

  it('leaves objects that only look similar alone', () => {
    expect(deserialize('{"a":{"$n":"12","b":1},"c":{"$n":"1.5"}}')).toEqual({ a: { $n: '12', b: 1 }, c: { $n: '1.5' } });
  });

  it('round-trips any plain value of strings, numbers, booleans and bigints', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.bigInt(), fc.constant(null), fc.array(tie('node')), fc.dictionary(fc.string().filter((k) => k !== '$n' && k !== '__proto__'), tie('node'))),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(deserialize(serialize(v))).toEqual(v);
      }),
    );
  });
});

describe('canonical json', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were built in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });

  it('drops undefined members and refuses values JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: 1n })).toThrow();
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});

describe('event hash', () => {
  const event: Omit<StoredEvent, 'prevHash' | 'hash'> = {
    streamId: 'fund-f1',
    version: 1,
    type: 'CapitalInjected',
    schemaVersion: 1,
    data: { fundId: 'f1', amount: '100.00' },
    meta: { actor: 'u', role: 'finance-bureau', requestId: 'r', correlationId: 'c' },
    occurredOn: '2024-03-15',
    recordedAt: '2024-03-15T01:02:03.004Z',
  };

  it('is sha-256 hex of prevHash followed by the canonical event', async () => {
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(GENESIS_HASH + canonicalJson(event)).digest('hex');
    expect(eventHash(GENESIS_HASH, event)).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('changes when the content or the previous hash changes, not when key order does', () => {
    const base = eventHash(GENESIS_HASH, event);
    expect(eventHash(GENESIS_HASH, { ...event, data: { amount: '100.00', fundId: 'f1' } })).toBe(base);
    expect(eventHash(GENESIS_HASH, { ...event, data: { ...event.data, amount: '100.01' } })).not.toBe(base);
    expect(eventHash('1'.repeat(64), event)).not.toBe(base);
  });

  it('covers the voucher number when the event has one, and hashes an event without one as before vouchers existed', async () => {
    const base = eventHash(GENESIS_HASH, event);
    // The pinned pre-voucher form: no voucherNo member at all, so stored chains verify unchanged.
    const { createHash } = await import('node:crypto');
    expect(base).toBe(createHash('sha256').update(GENESIS_HASH + canonicalJson(event)).digest('hex'));
    const numbered = eventHash(GENESIS_HASH, { ...event, voucherNo: '记-2024-03-0001' });
    expect(numbered).not.toBe(base);
    expect(eventHash(GENESIS_HASH, { ...event, voucherNo: '记-2024-03-0002' })).not.toBe(numbered);
  });

  it('ignores fields outside the hashed event, such as the stored hashes', () => {
    expect(eventHash(GENESIS_HASH, { ...event, prevHash: 'x', hash: 'y' } as typeof event)).toBe(eventHash(GENESIS_HASH, event));
  });
});
