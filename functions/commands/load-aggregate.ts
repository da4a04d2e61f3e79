// Loading one stream's state: the head's snapshot when it has this code's shape, else a fold of the
// stream's events. Shared by the pipeline (every command) and the reads of the policy stream.
import { decodeEvent } from '../../events/registry';
import type { EventStore } from '../store/event-store';
import type { StreamHead } from '../store/types';
import type { Aggregate, Loaded } from './pipeline';

/** The snapshot version of an aggregate that declares none. */
export const SNAPSHOT_VERSION = 1;
export const snapshotVersionOf = (aggregate: Aggregate<unknown>): number => aggregate.snapshotVersion ?? SNAPSHOT_VERSION;

/**
 * The state in the head's snapshot when it has this code's shape; undefined for a head without
 * one, or with one written by code whose state had another shape (its events must be folded).
 */
const snapshotState = <S>(head: StreamHead, aggregate: Aggregate<S>): S | undefined => {
  if (head.snapshot === undefined || head.snapshot === null || head.snapshotVersion !== snapshotVersionOf(aggregate as Aggregate<unknown>)) return undefined;
  const snapshot = head.snapshot as S;
  return aggregate.fromSnapshot?.(snapshot) ?? snapshot;
};

export const loadAggregate = async <S>(store: Pick<EventStore, 'readHead' | 'readStream'>, streamId: string, aggregate: Aggregate<S>): Promise<Loaded<S>> => {
  const head = await store.readHead(streamId);
  if (head === undefined) return { streamId, version: 0, state: aggregate.initial };
  const state = snapshotState(head, aggregate);
  if (state !== undefined) return { streamId, version: head.version, state };
  const stored = await store.readStream(streamId, { toVersion: head.version });
  return { streamId, version: head.version, state: stored.reduce((s, event) => aggregate.evolve(s, decodeEvent(event)), aggregate.initial) };
};

/**
 * The stream as this process last saw it, without a request (a stream it never saw is taken as not
 * existing yet); undefined when only a read can say (the remembered snapshot has another shape).
 * Maybe behind the store: the pipeline conditions its append on this version (pipeline.ts).
 */
export const rememberedAggregate = <S>(store: Pick<EventStore, 'rememberedHead'>, streamId: string, aggregate: Aggregate<S>): Loaded<S> | undefined => {
  const head = store.rememberedHead(streamId);
  if (head === undefined) return { streamId, version: 0, state: aggregate.initial };
  const state = snapshotState(head, aggregate);
  return state === undefined ? undefined : { streamId, version: head.version, state };
};
