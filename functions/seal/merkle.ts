// The Merkle root of a seal: one leaf per stream head (stream id, version, last hash), in stream-id
// order. Leaves and inner nodes are hashed with different prefixes, so a leaf can never pass for an
// inner node (the second-preimage trick against plain Merkle trees); an odd node is carried up as is.
// The tree is hashed with the seal's algorithm (sha256 for seals that name none).
import { type HashAlgorithm, LEGACY_HASH_ALGORITHM, digestHex } from '../store/hash-algorithm';
import type { HeadOfStream } from '../store/scan';

export const emptyRoot = (algorithm: HashAlgorithm): string => digestHex(algorithm, 'fund-ledger-seal:empty');

/** The sha256 root of a seal over no streams. */
export const EMPTY_ROOT = emptyRoot(LEGACY_HASH_ALGORITHM);

const leafHash = (head: HeadOfStream, algorithm: HashAlgorithm = LEGACY_HASH_ALGORITHM): string =>
  digestHex(algorithm, `leaf:${JSON.stringify([head.streamId, head.version, head.lastHash])}`);

/** Root over heads already sorted by stream id (the seal keeps them in that order). */
export const merkleRoot = (heads: readonly HeadOfStream[], algorithm: HashAlgorithm = LEGACY_HASH_ALGORITHM): string => {
  if (heads.length === 0) return emptyRoot(algorithm);
  let level = heads.map((head) => leafHash(head, algorithm));
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as string;
      const right = level[i + 1];
      next.push(right === undefined ? left : digestHex(algorithm, `node:${left}${right}`));
    }
    level = next;
  }
  return level[0] as string;
};
