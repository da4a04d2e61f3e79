// The Merkle root of a seal: one leaf per stream head (stream id, version, last hash), in stream-id
// order. Leaves and inner nodes are hashed with different prefixes, so a leaf can never pass for an
// inner node (the second-preimage trick against plain Merkle trees); an odd node is carried up as is.
import { sha256Hex } from '../store/hash';
import type { HeadOfStream } from '../store/scan';

export const EMPTY_ROOT = sha256Hex('fund-ledger-seal:empty');

export const leafHash = (head: HeadOfStream): string => sha256Hex(`leaf:${JSON.stringify([head.streamId, head.version, head.lastHash])}`);

const nodeHash = (left: string, right: string): string => sha256Hex(`node:${left}${right}`);

/** Root over heads already sorted by stream id (the seal keeps them in that order). */
export const merkleRoot = (heads: readonly HeadOfStream[]): string => {
  if (heads.length === 0) return EMPTY_ROOT;
  let level = heads.map(leafHash);
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as string;
      const right = level[i + 1];
      next.push(right === undefined ? left : nodeHash(left, right));
    }
    level = next;
  }
  return level[0] as string;
};
