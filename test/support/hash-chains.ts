// Hash chains built in memory for tests: a stream's events from their data and algorithm labels,
// linked exactly as the store links them (functions/store/hash.ts linkEvent).
import { GENESIS_HASH, linkEvent } from '../../functions/store/hash';
import type { HashAlgorithm } from '../../functions/store/hash-algorithm';
import type { JsonObject, StoredEvent } from '../../functions/store/types';

export interface LinkSpec {
  data: JsonObject;
  /** Absent: an event stored before labels existed (sha256). */
  hashAlgorithm?: HashAlgorithm;
}

const META = { actor: 'finance-1', role: 'finance-bureau', requestId: 'req', correlationId: 'corr' };

export const chainOf = (streamId: string, links: readonly LinkSpec[]): StoredEvent[] => {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (const [index, link] of links.entries()) {
    const event = linkEvent(prevHash, {
      streamId,
      version: index + 1,
      type: 'InterestReceived',
      schemaVersion: 1,
      data: link.data,
      meta: META,
      occurredOn: '2026-11-30',
      recordedAt: `2026-11-30T0${index % 10}:00:00.000Z`,
      ...(link.hashAlgorithm === undefined ? {} : { hashAlgorithm: link.hashAlgorithm }),
    });
    events.push(event);
    prevHash = event.hash;
  }
  return events;
};
