// A city's policy book, however it is loaded (a fold from the stream's start, or its head's snapshot),
// starts from that city's version 0 (functions/commands/policy-stream.ts): a snapshot written before
// the book named its city is not taken for Liaocheng's in another city.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../../domain/policy';
import { versionsOf } from '../../../domain/policy-book';
import { readPolicyBook } from '../../../functions/commands/policy-stream';
import { withCity } from '../../../functions/shared/city-scope';
import type { StreamHead } from '../../../functions/store/types';

/** A store with one policy head (or none); a fold would read the stream, which this one refuses. */
const storeWith = (head: StreamHead | undefined) => ({
  readHead: async () => head,
  readStream: async (): Promise<never> => {
    throw new Error('the policy stream was folded again');
  },
});
const liaochengTargets = DEFAULT_POLICIES[0]?.targets;

describe('a policy book loaded in a city', () => {
  it('of a stream not yet written: that city’s version 0', async () => {
    const jinan = await withCity('jinan', () => readPolicyBook(storeWith(undefined)));
    expect(jinan.city).toBe('jinan');
    expect(versionsOf(jinan)[0]?.targets).toEqual({});
    const liaocheng = await withCity('liaocheng', () => readPolicyBook(storeWith(undefined)));
    expect(versionsOf(liaocheng)[0]?.targets).toEqual(liaochengTargets);
  });

  it('from a head snapshot that names no city (written before cities): the city in scope, without refolding', async () => {
    const head: StreamHead = { streamId: 'policy', version: 1, lastHash: 'h', updatedAt: '', snapshot: { adopted: [] }, snapshotVersion: 1 };
    const jinan = await withCity('jinan', () => readPolicyBook(storeWith(head)));
    expect(jinan.city).toBe('jinan');
    expect(versionsOf(jinan)[0]?.targets).toEqual({});
    expect(Object.keys(liaochengTargets ?? {}).length).toBeGreaterThan(0);
  });
});
