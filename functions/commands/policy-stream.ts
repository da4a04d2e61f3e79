// The policy stream as the commands and reads see it (issue 20): one aggregate, its head snapshot
// holding every adopted version, so a command's policy is one GetItem (the head) and a read of the
// versions is the same item.
import { evolvePolicyBook, initialPolicyBook, type PolicyBook } from '../../domain/policy-book';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../store/event-store';
import { loadAggregate } from './load-aggregate';
import type { Aggregate } from './pipeline';

export const policyBookAggregate: Aggregate<PolicyBook> = { initial: initialPolicyBook(), evolve: evolvePolicyBook };

/** The book as its head says now (strongly consistent). */
export const readPolicyBook = async (store: Pick<EventStore, 'readHead' | 'readStream'>): Promise<PolicyBook> =>
  (await loadAggregate(store, streamIds.policy(), policyBookAggregate)).state;
