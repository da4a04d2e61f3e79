// Consecutive months of the month index, read a few at a time. One month's read is eight shard
// Queries at once and then a wait; a run of months one after another (a policy proposal's check
// from its effectiveFrom to today, a year's indicators) paid that wait once per month, mostly for
// months that are small or empty.
import type { EventStore } from './event-store';
import type { StoredEvent } from './types';

/**
 * Every event of `months`, month after month in the given order and each month as readMonth gives
 * it, with up to `ahead` later months read while one is consumed (so at most `ahead` + 1 months are
 * held). A consumer that stops early leaves the reads in flight to finish unobserved.
 */
export async function* readMonthsAhead(store: Pick<EventStore, 'readMonth'>, months: readonly string[], ahead = 3): AsyncGenerator<StoredEvent> {
  const readWhole = async (month: string): Promise<StoredEvent[]> => {
    const events: StoredEvent[] = [];
    for await (const event of store.readMonth(month)) events.push(event);
    return events;
  };
  const pending: Promise<StoredEvent[]>[] = [];
  let next = 0;
  for (;;) {
    for (; next < months.length && pending.length <= ahead; next++) {
      const read = readWhole(months[next] as string);
      // Awaited in turn below; until then (or if the consumer stops first) its failure is not unhandled.
      read.catch(() => undefined);
      pending.push(read);
    }
    const month = pending.shift();
    if (month === undefined) return;
    yield* await month;
  }
}
