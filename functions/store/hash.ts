// The per-stream hash chain (DESIGN §2): hash = H(prevHash + canonical JSON of the event), where H is
// the algorithm the event names (functions/store/hash-algorithm.ts; sha256 when it names none).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { algorithmOf, algorithmOrderProblem, digestHex } from './hash-algorithm';
import type { StoredEvent } from './types';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything stored about the event except the two hashes. */
export type HashedEvent = Omit<StoredEvent, 'prevHash' | 'hash'>;

/** sha-256 for identifiers and request hashes (not the chain: that is eventHash, with the event's algorithm). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const eventHash = (prevHash: string, event: HashedEvent): string => {
  const { streamId, version, type, schemaVersion, data, meta, occurredOn, recordedAt, voucherNo, hashAlgorithm } = event;
  // Pick the fields explicitly so a caller passing a wider object cannot change the hash. An absent
  // voucherNo or hashAlgorithm is dropped by canonicalJson, so events stored before vouchers or
  // labels existed hash as they did; a present label is hashed, so relabelling an event breaks it.
  const content = canonicalJson({ streamId, version, type, schemaVersion, data, meta, occurredOn, recordedAt, voucherNo, hashAlgorithm });
  return digestHex(algorithmOf(event), prevHash + content);
};

/** `event` as stored after `prevHash`: the two hashes added. */
export const linkEvent = (prevHash: string, event: HashedEvent): StoredEvent => ({ ...event, prevHash, hash: eventHash(prevHash, event) });

/**
 * What is wrong with `event` as the successor of `previous` (undefined for a stream's first event,
 * whose prevHash must be `prevHash` = GENESIS_HASH): the link, the algorithm order, or the hash of its
 * own content. Every verifier of a chain (verifyStream, month end, seals, archives) asks this, so a
 * tampered event is named the same way everywhere. Undefined when the link holds.
 */
export const linkProblem = (previous: Pick<StoredEvent, 'hash' | 'hashAlgorithm'> | undefined, event: StoredEvent): string | undefined => {
  if (event.prevHash !== (previous?.hash ?? GENESIS_HASH)) return 'prevHash does not match the previous event hash';
  const order = algorithmOrderProblem(previous, event);
  if (order !== undefined) return order;
  if (eventHash(event.prevHash, event) !== event.hash) return `the stored hash does not match the event content (${algorithmOf(event)})`;
  return undefined;
};
