// Recomputes a stream's hash chain from version 1 and names the first version that does not hold.
import { type Item, fromEventItem } from './event-item';
import { GENESIS_HASH, eventHash } from './hash';
import type { StoredEvent, StreamHead, VerifyResult } from './types';

export const verifyEvents = async (head: StreamHead, items: AsyncIterable<Item>): Promise<VerifyResult> => {
  const { streamId } = head;
  const broken = (brokenAtVersion: number, reason: string): VerifyResult => ({ ok: false, streamId, brokenAtVersion, reason });
  let expectedVersion = 1;
  let prevHash = GENESIS_HASH;
  for await (const item of items) {
    let event: StoredEvent;
    try {
      event = fromEventItem(item);
    } catch {
      return broken(expectedVersion, 'the stored event item is malformed');
    }
    if (event.version !== expectedVersion) return broken(expectedVersion, `expected version ${expectedVersion}, found ${event.version}`);
    if (event.streamId !== streamId) return broken(expectedVersion, `the event names stream ${event.streamId}`);
    if (event.prevHash !== prevHash) return broken(expectedVersion, 'prevHash does not match the previous event hash');
    if (eventHash(prevHash, event) !== event.hash) return broken(expectedVersion, 'the stored hash does not match the event content');
    prevHash = event.hash;
    expectedVersion += 1;
  }
  const lastVersion = expectedVersion - 1;
  if (head.version !== lastVersion) return broken(Math.min(head.version, lastVersion) + 1, `the head says version ${head.version} but the events end at ${lastVersion}`);
  if (head.lastHash !== prevHash) return broken(lastVersion, 'the head lastHash does not match the last event hash');
  return { ok: true, streamId, version: lastVersion };
};
