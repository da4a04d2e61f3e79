// The per-stream hash chain (DESIGN §2): hash = sha256(prevHash + canonical JSON of the event).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { StoredEvent } from './types';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything stored about the event except the two hashes. */
export type HashedEvent = Omit<StoredEvent, 'prevHash' | 'hash'>;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const eventHash = (prevHash: string, event: HashedEvent): string => {
  const { streamId, version, type, schemaVersion, data, meta, occurredOn, recordedAt, voucherNo } = event;
  // Pick the fields explicitly so a caller passing a wider object cannot change the hash. An absent
  // voucherNo is dropped by canonicalJson, so events stored before vouchers existed hash as they did.
  return sha256Hex(prevHash + canonicalJson({ streamId, version, type, schemaVersion, data, meta, occurredOn, recordedAt, voucherNo }));
};
