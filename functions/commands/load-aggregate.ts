// Loading one stream's state: the head's snapshot when it has this code's shape, else a fold of the
// stream's events. Shared by the pipeline (every command) and the reads of the policy stream.
import { decodeEvent } from '../../events/registry';
import type { EventStore } from '../store/event-store';
import type { Aggregate, Loaded } from './pipeline';

/** The snapshot version of an aggregate that declares none. */
export const SNAPSHOT_VERSION = 1;
export const snapshotVersionOf = (aggregate: Aggregate<unknown>): number => aggregate.snapshotVersion ?? SNAPSHOT_VERSION;

export const loadAggregate = async <S>(store: Pick<EventStore, 'readHead' | 'readStream'>, streamId: string, aggregate: Aggregate<S>): Promise<Loaded<S>> => {
  const head = await store.readHead(streamId);
  if (head === undefined) return { streamId, version: 0, state: aggregate.initial };
  // The head's snapshot saves a replay when it has this code's shape; a head without one, or with
  // one written by code whose state had another shape, is folded from its events.
  const current = head.snapshot !== undefined && head.snapshot !== null && head.snapshotVersion === snapshotVersionOf(aggregate as Aggregate<unknown>);
  if (current) {
    const snapshot = head.snapshot as S;
    return { streamId, version: head.version, state: aggregate.fromSnapshot?.(snapshot) ?? snapshot };
  }
  const stored = await store.readStream(streamId, { toVersion: head.version });
  const state = stored.reduce((s, event) => aggregate.evolve(s, decodeEvent(event)), aggregate.initial);
  return { streamId, version: head.version, state };
};
