// Recomputes a stream's hash chain from version 1 and names the first version that does not hold:
// each event with the algorithm it names (functions/store/hash.ts linkProblem), so a stream that
// moved from sha256 to sm3 is checked segment by segment.
//
// A live stream may be appended to between the head's read and the events' (month end runs while the
// next month is posted). Each append writes its events and the head in one transaction, so events
// past the head read first are sound only if the head as it is afterwards covers them; an event past
// the head that no later head covers is one written outside an append.
import { type Item, fromEventItem } from './event-item';
import { GENESIS_HASH, linkProblem } from './hash';
import type { StoredEvent, StreamHead, VerifyResult } from './types';

const HEAD_HASH_MISMATCH = 'the head lastHash does not match the last event hash';

/** `headAfter`: reads the head again once the events are read; absent for a stream nobody appends to (a backup). */
export const verifyEvents = async (head: StreamHead, items: AsyncIterable<Item>, headAfter?: () => Promise<StreamHead | undefined>): Promise<VerifyResult> => {
  const { streamId } = head;
  const broken = (brokenAtVersion: number, reason: string): VerifyResult => ({ ok: false, streamId, brokenAtVersion, reason });
  let expectedVersion = 1;
  let previous: StoredEvent | undefined;
  let hashAtHead = head.version === 0 ? GENESIS_HASH : undefined;
  for await (const item of items) {
    let event: StoredEvent;
    try {
      event = fromEventItem(item);
    } catch {
      return broken(expectedVersion, 'the stored event item is malformed');
    }
    if (event.version !== expectedVersion) return broken(expectedVersion, `expected version ${expectedVersion}, found ${event.version}`);
    if (event.streamId !== streamId) return broken(expectedVersion, `the event names stream ${event.streamId}`);
    const problem = linkProblem(previous, event);
    if (problem !== undefined) return broken(expectedVersion, problem);
    previous = event;
    if (event.version === head.version) hashAtHead = event.hash;
    expectedVersion += 1;
  }
  const lastVersion = expectedVersion - 1;
  const lastHash = previous?.hash ?? GENESIS_HASH;
  const now = lastVersion > head.version && headAfter !== undefined ? await headAfter() : undefined;
  if (now !== undefined && now.version >= lastVersion) {
    if (hashAtHead !== head.lastHash) return broken(head.version, HEAD_HASH_MISMATCH);
    if (now.version === lastVersion && now.lastHash !== lastHash) return broken(lastVersion, HEAD_HASH_MISMATCH);
    return { ok: true, streamId, version: lastVersion };
  }
  if (head.version !== lastVersion) return broken(Math.min(head.version, lastVersion) + 1, `the head says version ${head.version} but the events end at ${lastVersion}`);
  if (head.lastHash !== lastHash) return broken(lastVersion, HEAD_HASH_MISMATCH);
  return { ok: true, streamId, version: lastVersion };
};
