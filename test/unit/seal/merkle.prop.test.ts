// The seal's Merkle root and chaining: any change to any sealed head changes the root, and the
// retention dates follow 会计档案管理办法 from the end of the record's year.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, merkleRoot } from '../../../functions/seal/merkle';
import { SEAL_GENESIS_HASH, buildSeal, sealDateFor, sealHash } from '../../../functions/seal/seal';
import { retainUntil } from '../../../functions/shared/records';

const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const heads = fc
  .uniqueArray(fc.record({ streamId: fc.stringMatching(/^[a-z]{1,6}-[0-9]{1,4}$/), version: fc.integer({ min: 1, max: 10_000 }), lastHash: hex }), { minLength: 1, maxLength: 40, selector: (h) => h.streamId })
  .map((list) => list.sort((a, b) => (a.streamId < b.streamId ? -1 : 1)));

describe('merkle root of stream heads', () => {
  it('changes when any one head changes its version or last hash', () => {
    fc.assert(
      fc.property(heads, fc.nat(), fc.boolean(), (list, pick, bumpVersion) => {
        const index = pick % list.length;
        const changed = list.map((h, i) => (i !== index ? h : bumpVersion ? { ...h, version: h.version + 1 } : { ...h, lastHash: h.lastHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }));
        expect(merkleRoot(changed)).not.toBe(merkleRoot(list));
      }),
    );
  });

  it('changes when a stream is dropped or added', () => {
    fc.assert(
      fc.property(heads, (list) => {
        expect(merkleRoot(list.slice(1))).not.toBe(merkleRoot(list));
      }),
    );
    expect(merkleRoot([])).toBe(EMPTY_ROOT);
  });
});

describe('seal chain', () => {
  it('links each seal to the hash of the one before, starting from the genesis hash', () => {
    const first = buildSeal('2026-11-30', [], undefined, new Date('2026-11-30T16:05:00Z'));
    const second = buildSeal('2026-12-01', [], first, new Date('2026-12-01T16:05:00Z'));
    expect(first.previousSealHash).toBe(SEAL_GENESIS_HASH);
    expect(second).toMatchObject({ previousSealHash: sealHash(first), previousSealDate: '2026-11-30' });
    expect(sealHash({ ...first, root: second.root.replace(/^./, 'f') })).not.toBe(sealHash(first));
  });

  it('seals the business day that just ended in Asia/Shanghai', () => {
    // 2026-12-01 16:05 UTC is 00:05 on 2 December in Shanghai: the day sealed is 1 December.
    expect(sealDateFor(new Date('2026-12-01T16:05:00Z'))).toBe('2026-12-01');
    expect(sealDateFor(new Date('2026-12-01T15:59:00Z'))).toBe('2026-11-30');
  });
});

describe('retention (会计档案管理办法 2015)', () => {
  it('keeps ledgers 30 years and monthly records 10 years from the end of their year, annual reports for ever', () => {
    expect(retainUntil('ledger', 2026)).toEqual(new Date('2057-01-01T00:00:00Z'));
    expect(retainUntil('monthly', 2026)).toEqual(new Date('2037-01-01T00:00:00Z'));
    expect(retainUntil('annual', 2026)).toBe('permanent');
  });
});
