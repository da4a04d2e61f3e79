// readMonthsAhead: every event once, month after month in order, with at most `ahead` months read
// beyond the one consumed, and nothing unhandled when the consumer stops early or a read fails.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMonthsAhead } from '../../../functions/store/read-months-ahead';
import type { StoredEvent } from '../../../functions/store/types';

const eventOf = (month: string, i: number): StoredEvent => ({ streamId: `s-${month}`, version: i + 1, type: 'T', data: {}, occurredOn: `${month}-01` }) as unknown as StoredEvent;

/** A store whose months answer after random delays, counting the reads in flight. */
const fakeStore = (sizes: number[], delays: number[]) => {
  const months = sizes.map((_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
  const state = { started: [] as string[], inFlight: 0, maxInFlight: 0 };
  const store = {
    readMonth: (month: string): AsyncIterable<StoredEvent> => ({
      async *[Symbol.asyncIterator]() {
        const index = months.indexOf(month);
        state.started.push(month);
        state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
        await new Promise((resolve) => setTimeout(resolve, delays[index] ?? 0));
        for (let i = 0; i < (sizes[index] ?? 0); i++) yield eventOf(month, i);
        state.inFlight--;
      },
    }),
  };
  return { months, state, store };
};

describe('readMonthsAhead', () => {
  it('yields every month whole and in order, with at most `ahead` + 1 months read at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 9 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }), fc.integer({ min: 0, max: 4 }), async (sizes, delays, ahead) => {
        const { months, state, store } = fakeStore(sizes, delays);
        const seen: string[] = [];
        for await (const event of readMonthsAhead(store, months, ahead)) seen.push(`${event.occurredOn.slice(0, 7)}#${event.version}`);
        expect(seen).toEqual(months.flatMap((month, m) => Array.from({ length: sizes[m] ?? 0 }, (_, i) => `${month}#${i + 1}`)));
        expect(state.started).toEqual(months);
        expect(state.maxInFlight).toBeLessThanOrEqual(ahead + 1);
        if (months.length > ahead) expect(state.maxInFlight).toBe(ahead + 1); // they are read side by side
      }),
      { numRuns: 60 },
    );
  });

  it('starts no month beyond `ahead` once the consumer stops, and a failed month fails the consumer at its turn', async () => {
    const { months, state, store } = fakeStore([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]);
    for await (const event of readMonthsAhead(store, months, 2)) {
      expect(event.occurredOn).toBe('2024-01-01');
      break;
    }
    expect(state.started).toEqual(['2024-01', '2024-02', '2024-03']);

    const failing = {
      readMonth: (month: string): AsyncIterable<StoredEvent> => ({
        async *[Symbol.asyncIterator]() {
          if (month === '2024-03') throw new Error('shard unavailable');
          yield eventOf(month, 0);
        },
      }),
    };
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of readMonthsAhead(failing, ['2024-01', '2024-02', '2024-03', '2024-04'], 3)) seen.push(event.streamId);
      })(),
    ).rejects.toThrow('shard unavailable');
    expect(seen).toEqual(['s-2024-01', 's-2024-02']);
  });
});
