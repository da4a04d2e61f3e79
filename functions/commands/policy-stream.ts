// The policy stream as the commands and reads see it (issue 20): one aggregate, its head snapshot
// holding every adopted version, so a command's policy is one GetItem (the head) and a read of the
// versions is the same item. Each city has its own stream, and its book starts from the city's
// version 0 (domain/policy.ts versionZeroOf).
import { evolvePolicyBook, initialPolicyBook, type PolicyBook } from '../../domain/policy-book';
import { streamIds } from '../../events/stream-ids';
import { currentCity } from '../shared/city-scope';
import type { EventStore } from '../store/event-store';
import { loadAggregate } from './load-aggregate';
import type { Aggregate } from './pipeline';

export const policyBookAggregate: Aggregate<PolicyBook> = {
  /** The book of the city in scope, read when a stream is loaded. */
  get initial() {
    return initialPolicyBook(currentCity());
  },
  evolve: evolvePolicyBook,
  // 2: the book names its city (snapshots written before it are folded again, from the city's initial book).
  snapshotVersion: 2,
};

/** The book as its head says now (strongly consistent). */
export const readPolicyBook = async (store: Pick<EventStore, 'readHead' | 'readStream'>): Promise<PolicyBook> =>
  (await loadAggregate(store, streamIds.policy(), policyBookAggregate)).state;
