// The chain and seal algorithm (issue 23 §2): SM3 against the standard's vectors, the setting, and
// hashes that keep every sha256 event and seal stored before the setting byte-identical.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, merkleRoot } from '../../../functions/seal/merkle';
import { buildSeal, sealHash } from '../../../functions/seal/seal';
import { canonicalJson } from '../../../functions/store/canonical-json';
import { GENESIS_HASH, eventHash, linkProblem } from '../../../functions/store/hash';
import {
  algorithmOrderProblem,
  digestHex,
  hashAlgorithmEnvironment,
  hashAlgorithmFromEnv,
} from '../../../functions/store/hash-algorithm';
import { chainOf } from '../../support/hash-chains';

describe('SM3 (GB/T 32905-2016)', () => {
  it('gives the digests of the standard\'s appendix A', () => {
    // A.1: the 3-byte message "abc" (one padded block).
    expect(digestHex('sm3', 'abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    // A.2: "abcd" × 16, 64 bytes, which padding makes two blocks.
    expect(digestHex('sm3', 'abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes text as UTF-8, like the chain does', () => {
    expect(digestHex('sm3', '记账凭证')).toBe(createHash('sm3').update(Buffer.from('记账凭证', 'utf8')).digest('hex'));
    expect(digestHex('sha256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the HASH_ALGORITHM setting', () => {
  it('is sha256 when unset or empty and sm3 when asked', () => {
    expect(hashAlgorithmFromEnv({})).toBe('sha256');
    expect(hashAlgorithmFromEnv({ HASH_ALGORITHM: '' })).toBe('sha256');
    expect(hashAlgorithmFromEnv({ HASH_ALGORITHM: 'sm3' })).toBe('sm3');
  });

  it('refuses any other value, naming the ones it knows', () => {
    expect(() => hashAlgorithmFromEnv({ HASH_ALGORITHM: 'SM3' })).toThrow('HASH_ALGORITHM must be one of sha256, sm3 (got "SM3")');
    expect(() => hashAlgorithmFromEnv({ HASH_ALGORITHM: 'md5' })).toThrow(/must be one of/);
  });

  it('becomes the functions\' environment from the CDK context value', () => {
    expect(hashAlgorithmEnvironment(undefined)).toEqual({});
    expect(hashAlgorithmEnvironment('sm3')).toEqual({ HASH_ALGORITHM: 'sm3' });
    expect(() => hashAlgorithmEnvironment('sha1')).toThrow('-c hashAlgorithm must be one of sha256, sm3 (got "sha1")');
    // A deployment default (sm3 in the China regions) applies when the context names none; an explicit value wins.
    expect(hashAlgorithmEnvironment(undefined, 'sm3')).toEqual({ HASH_ALGORITHM: 'sm3' });
    expect(hashAlgorithmEnvironment('sha256', 'sm3')).toEqual({ HASH_ALGORITHM: 'sha256' });
  });
});

describe('event hashes under either algorithm', () => {
  const [legacy] = chainOf('fund-f1', [{ data: { amount: '100.00' } }]);
  const { prevHash: _p, hash: _h, ...content } = legacy!;

  it('keeps an event that names no algorithm hashed exactly as before: sha256 of prevHash + canonical JSON', () => {
    expect(legacy!.hash).toBe(createHash('sha256').update(GENESIS_HASH + canonicalJson(content)).digest('hex'));
  });

  it('gives two events stored by the code before the setting the hashes it gave them then', () => {
    // fund-lc-pool v1 and v2 as a local stack stored them on 2026-12-07 05:44 UTC, before events
    // named an algorithm (then the API reference's example of GET /v1/funds/{fundId}/events).
    const meta = { actor: 'zhang.wei', role: 'finance-bureau', idempotencyKey: 'LCJJ-2024-001', policyId: 'liaocheng-2024' };
    const v1 = {
      streamId: 'fund-lc-pool', version: 1, type: 'FundCreated', schemaVersion: 1, occurredOn: '2024-01-01', recordedAt: '2026-12-07T05:44:08.068Z',
      data: { name: '聊城市融资担保风险补偿资金池', fundId: 'lc-pool', openedOn: '2024-01-01', kind: 'risk-pool' },
      meta: { ...meta, requestId: '91825069-ac64-441b-8f5b-3166e7bbe2fc', correlationId: '80ee36f9-0356-447a-a023-8ef12ff9aed5' },
    };
    const v2 = {
      streamId: 'fund-lc-pool', version: 2, type: 'CapitalInjected', schemaVersion: 1, occurredOn: '2024-01-15', recordedAt: '2026-12-07T05:44:08.990Z', voucherNo: '记-2024-01-0001',
      data: { reference: 'LCCZ-2024-001', fundId: 'lc-pool', amount: '10000000.00', source: 'city' },
      meta: { ...meta, idempotencyKey: 'LCCZ-2024-001', requestId: '0de316e3-213a-4db0-9183-2054563cf9b8', correlationId: '6a57611d-c977-46db-b7c6-58024ef0397f' },
    };
    const h1 = eventHash(GENESIS_HASH, v1);
    expect(h1).toBe('e2443b134193ddfe4f9f0e57c9f71f3239c55085dc89deae38345a5d27441572');
    expect(eventHash(h1, v2)).toBe('379f24281e285bda31be1fbab9e3cb6655ce55d3865f26431c2d113119f65350');
  });

  it('hashes the label with the content, so sha256 labelled differs from unlabelled and sm3 uses SM3', () => {
    const sha256 = eventHash(GENESIS_HASH, { ...content, hashAlgorithm: 'sha256' });
    const sm3 = eventHash(GENESIS_HASH, { ...content, hashAlgorithm: 'sm3' });
    expect(sha256).toBe(digestHex('sha256', GENESIS_HASH + canonicalJson({ ...content, hashAlgorithm: 'sha256' })));
    expect(sm3).toBe(digestHex('sm3', GENESIS_HASH + canonicalJson({ ...content, hashAlgorithm: 'sm3' })));
    expect(new Set([legacy!.hash, sha256, sm3]).size).toBe(3);
  });

  it('names why a link fails: the previous hash, the algorithm order, or the content', () => {
    const [a, b] = chainOf('s', [{ data: { n: 1 }, hashAlgorithm: 'sm3' }, { data: { n: 2 }, hashAlgorithm: 'sm3' }]);
    expect(linkProblem(undefined, a!)).toBeUndefined();
    expect(linkProblem(a, b!)).toBeUndefined();
    expect(linkProblem(undefined, b!)).toBe('prevHash does not match the previous event hash');
    expect(linkProblem(a, { ...b!, data: { n: 3 } })).toBe('the stored hash does not match the event content (sm3)');
    expect(linkProblem(a, { ...b!, hashAlgorithm: 'sha256' })).toBe('the hash algorithm goes back from sm3 to sha256');
  });

  it('allows an unlabelled prefix and a move forward, and refuses a dropped label or a move back', () => {
    expect(algorithmOrderProblem({}, { hashAlgorithm: 'sm3' })).toBeUndefined();
    expect(algorithmOrderProblem({}, { hashAlgorithm: 'sha256' })).toBeUndefined();
    expect(algorithmOrderProblem({ hashAlgorithm: 'sha256' }, { hashAlgorithm: 'sm3' })).toBeUndefined();
    expect(algorithmOrderProblem({ hashAlgorithm: 'sha256' }, {})).toBe('it names no hash algorithm although the one before it names sha256');
    expect(algorithmOrderProblem({ hashAlgorithm: 'sm3' }, { hashAlgorithm: 'sha256' })).toBe('the hash algorithm goes back from sm3 to sha256');
  });
});

describe('seals under either algorithm', () => {
  const heads = [
    { streamId: 'fund-a', version: 3, lastHash: 'a'.repeat(64) },
    { streamId: 'fund-b', version: 1, lastHash: 'b'.repeat(64) },
    { streamId: 'fund-c', version: 2, lastHash: 'c'.repeat(64) },
  ];
  const at = new Date('2026-12-01T16:05:00.000Z');

  it('keeps a seal that names no algorithm hashed exactly as before', () => {
    const { hashAlgorithm: _a, ...legacy } = buildSeal('2026-11-30', heads, undefined, at);
    expect(legacy.root).toBe(merkleRoot(heads));
    expect(sealHash(legacy)).toBe(createHash('sha256').update(canonicalJson(legacy)).digest('hex'));
    expect(merkleRoot([])).toBe(EMPTY_ROOT);
  });

  it('builds an sm3 seal\'s tree and hash with SM3, and names the algorithm', () => {
    const seal = buildSeal('2026-12-01', heads, undefined, at, 'sm3');
    expect(seal.hashAlgorithm).toBe('sm3');
    expect(seal.root).toBe(merkleRoot(heads, 'sm3'));
    expect(seal.root).not.toBe(merkleRoot(heads, 'sha256'));
    // Two leaves and a carried odd one: root = node(node(leaf a, leaf b), leaf c), all in SM3.
    const leaf = (h: (typeof heads)[number]): string => digestHex('sm3', `leaf:${JSON.stringify([h.streamId, h.version, h.lastHash])}`);
    const node = (l: string, r: string): string => digestHex('sm3', `node:${l}${r}`);
    expect(seal.root).toBe(node(node(leaf(heads[0]!), leaf(heads[1]!)), leaf(heads[2]!)));
    expect(sealHash(seal)).toBe(digestHex('sm3', canonicalJson(seal)));
  });

  it('links an sm3 seal to the sha256 seal before it by that seal\'s own hash', () => {
    const before = buildSeal('2026-11-30', heads, undefined, at, 'sha256');
    const after = buildSeal('2026-12-01', heads, before, at, 'sm3');
    expect(after.previousSealHash).toBe(digestHex('sha256', canonicalJson(before)));
  });
});
