// The daily seal job (issue 15 §3): read every stream head with a paged, segmented scan, check that
// each head still continues what the previous seal recorded, compute the Merkle root and write the
// seal once. A rerun for a sealed date writes nothing (the first seal stands).
// The continuity check is what catches a rewrite at the next daily run without reading every event:
// a stream that was rewritten and re-chained below its sealed version cannot keep the sealed hash, so
// either its head (unchanged version) or its first event after the sealed version (prevHash) differs.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventStore } from '../store/event-store';
import { type HashAlgorithm, LEGACY_HASH_ALGORITHM } from '../store/hash-algorithm';
import { readAllStreamHeads, type HeadOfStream } from '../store/scan';
import { eachConcurrently } from './each-concurrently';
import { type Seal, type SealStore, buildSeal } from './seal';

export interface SealDeps {
  client: DynamoDBClient;
  eventsTableName: string;
  store: Pick<EventStore, 'readStream'>;
  seals: SealStore;
  now?: () => Date;
  /** Parallel scan segments for the head read. */
  segments?: number;
  /** The algorithm the seal names and hashes its tree with (HASH_ALGORITHM; sha256 when absent). */
  hashAlgorithm?: HashAlgorithm;
}

export interface Divergence {
  streamId: string;
  sealedVersion: number;
  reason: string;
}

export interface SealResult {
  date: string;
  status: 'written' | 'exists';
  streams: number;
  root: string;
  /** Bytes of the seal document. */
  bytes: number;
  /** Streams that no longer continue the previous seal: tampering, to be investigated. */
  diverged: Divergence[];
  previousSealDate: string | null;
}

const continuity = async (store: SealDeps['store'], previous: Seal, heads: readonly HeadOfStream[]): Promise<Divergence[]> => {
  const now = new Map(heads.map((head) => [head.streamId, head]));
  const diverged: Divergence[] = [];
  await eachConcurrently(previous.streams, 16, async (sealed) => {
    const head = now.get(sealed.streamId);
    const at = { streamId: sealed.streamId, sealedVersion: sealed.version };
    if (head === undefined) diverged.push({ ...at, reason: 'the stream has disappeared' });
    else if (head.version < sealed.version) diverged.push({ ...at, reason: `the head went back to version ${head.version}` });
    else if (head.version === sealed.version && head.lastHash !== sealed.lastHash) diverged.push({ ...at, reason: 'the head hash differs from the sealed one' });
    else if (head.version > sealed.version) {
      const [next] = await store.readStream(sealed.streamId, { fromVersion: sealed.version + 1, toVersion: sealed.version + 1 });
      if (next?.prevHash !== sealed.lastHash) diverged.push({ ...at, reason: `version ${sealed.version + 1} does not chain from the sealed hash` });
    }
  });
  return diverged.sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
};

export const sealDay = async (deps: SealDeps, date: string): Promise<SealResult> => {
  const existing = await deps.seals.get(date);
  if (existing !== undefined) {
    return { date, status: 'exists', streams: existing.streams.length, root: existing.root, bytes: JSON.stringify(existing).length + 1, diverged: [], previousSealDate: existing.previousSealDate };
  }
  const previous = await deps.seals.latestBefore(date);
  const heads = await readAllStreamHeads(deps.client, deps.eventsTableName, deps.segments);
  const diverged = previous === undefined ? [] : await continuity(deps.store, previous, heads);
  const seal = buildSeal(date, heads, previous, (deps.now ?? (() => new Date()))(), deps.hashAlgorithm ?? LEGACY_HASH_ALGORITHM);
  const status = await deps.seals.put(seal);
  return { date, status, streams: seal.streams.length, root: seal.root, bytes: JSON.stringify(seal).length + 1, diverged, previousSealDate: seal.previousSealDate };
};
