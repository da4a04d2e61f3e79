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

// A city's policy stream is in its own key range, so whichever way its book is loaded it is the book
// of the city in scope: the city is set at load, never trusted from a snapshot (those written before
// cities name none, and refolding them would cost every command a Query of the policy stream).
export const policyBookAggregate: Aggregate<PolicyBook> = {
  get initial() {
    return initialPolicyBook(currentCity());
  },
  evolve: evolvePolicyBook,
  fromSnapshot: (book) => ({ ...book, city: currentCity() }),
};

/** The book as its head says now (strongly consistent). */
export const readPolicyBook = async (store: Pick<EventStore, 'readHead' | 'readStream'>): Promise<PolicyBook> =>
  (await loadAggregate(store, streamIds.policy(), policyBookAggregate)).state;
