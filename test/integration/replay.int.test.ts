import { beforeAll, describe, expect, it } from 'vitest';
import { type BusEntry, EVENT_BUS } from '../../functions/shared/routing';
import { createEventStore, type EventStore } from '../../functions/store/event-store';
import type { NewEvent } from '../../functions/store/types';
import { publishEvents, ReplayIncomplete, replay, streamsOfFund } from '../../functions/jobs/replay';
import type { BusPublisher, PutEventsOutcome } from '../../functions/jobs/replay-publisher';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
let store: EventStore;

const meta = { actor: 'test', role: 'finance-bureau', requestId: 'r', correlationId: 'c' };
const event = (type: string, occurredOn: string): NewEvent => ({ type, schemaVersion: 1, data: { n: 1 }, occurredOn });

/** Records every call; fails each entry whose key is in `failFirst` the first time it is seen. */
const fakeBus = (failFirst: (entry: BusEntry) => boolean, failAlways: (entry: BusEntry) => boolean = () => false) => {
  const calls: BusEntry[][] = [];
  const delivered: string[] = [];
  const seen = new Set<string>();
  const publisher: BusPublisher = {
    putEvents: async (entries): Promise<PutEventsOutcome> => {
      calls.push([...entries]);
      const answers = entries.map((entry) => {
        const detail = JSON.parse(entry.Detail) as { streamId: string; version: number };
        const key = `${detail.streamId}@${detail.version}`;
        const first = !seen.has(key);
        seen.add(key);
        if (failAlways(entry) || (first && failFirst(entry))) return { errorCode: 'ThrottlingException' };
        delivered.push(key);
        return { eventId: key };
      });
      return { failedEntryCount: answers.filter((a) => 'errorCode' in a).length, entries: answers };
    },
  };
  return { publisher, calls, delivered };
};

const noSleep = async (): Promise<void> => undefined;

beforeAll(async () => {
  store = createEventStore({ client: db.client, tableName: db.eventsTableName });
  // Fund f1: its fund stream (25 events), two guarantees and a period; fund f1-x must not be taken for f1.
  await store.append([{ streamId: 'fund-f1', expectedVersion: 0, events: Array.from({ length: 25 }, (_, i) => event('CapitalInjected', `2026-0${1 + (i % 2)}-15`)) }], { meta });
  await store.append([{ streamId: 'guarantee-f1:g1', expectedVersion: 0, events: [event('GuaranteeIssued', '2026-01-03'), event('GuaranteeReleased', '2026-02-03')] }], { meta });
  await store.append([{ streamId: 'guarantee-f1:g2', expectedVersion: 0, events: [event('GuaranteeIssued', '2026-01-04')] }], { meta });
  await store.append([{ streamId: 'period-f1-2026-01', expectedVersion: 0, events: [event('PeriodClosed', '2026-02-01')] }], { meta });
  await store.append([{ streamId: 'fund-f1-x', expectedVersion: 0, events: [event('FundCreated', '2026-01-01')] }], { meta });
  await store.append([{ streamId: 'guarantee-f1-x:g1', expectedVersion: 0, events: [event('GuaranteeIssued', '2026-01-05')] }], { meta });
});

describe('replay', () => {
  it('publishes every event of a stream once, in chunks of at most 10, retrying entries PutEvents reported failed', async () => {
    // Every third entry fails on its first attempt.
    const bus = fakeBus((entry) => (JSON.parse(entry.Detail) as { version: number }).version % 3 === 0);
    const result = await replay({ streamId: 'fund-f1' }, { store, client: db.client, eventsTableName: db.eventsTableName }, { publisher: bus.publisher, sleep: noSleep });
    expect(bus.delivered.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `fund-f1@${i + 1}`).sort());
    expect(result).toEqual({ published: 25, retried: 8, putEventsCalls: 3 + 3 });
    expect(Math.max(...bus.calls.map((call) => call.length))).toBeLessThanOrEqual(10);
    const first = bus.calls[0]?.[0];
    expect(first?.Source).toBe(EVENT_BUS.source);
    expect(first?.DetailType).toBe('CapitalInjected');
    expect(JSON.parse(first?.Detail ?? '{}')).toEqual({ streamId: 'fund-f1', version: 1, type: 'CapitalInjected', occurredOn: '2026-01-15', recordedAt: expect.any(String), city: 'liaocheng' });
  });

  it('publishes one month from the month index, every event of that business month once', async () => {
    const bus = fakeBus((entry) => entry.DetailType === 'GuaranteeIssued');
    const result = await replay({ month: '2026-01' }, { store, client: db.client, eventsTableName: db.eventsTableName }, { publisher: bus.publisher, sleep: noSleep });
    // fund-f1 odd versions (13) + g1 v1 + g2 v1 + fund-f1-x v1 + guarantee-f1-x:g1 v1
    expect(result.published).toBe(17);
    expect(new Set(bus.delivered).size).toBe(17);
    expect(bus.delivered).toContain('guarantee-f1:g1@1');
    expect(bus.delivered).not.toContain('guarantee-f1:g1@2');
    expect(result.retried).toBe(3);
  });

  it("finds a fund's streams by their scoped ids and not a fund whose id merely starts the same", async () => {
    expect(await streamsOfFund(db.client, db.eventsTableName, 'f1')).toEqual(['fund-f1', 'guarantee-f1:g1', 'guarantee-f1:g2', 'period-f1-2026-01']);
    const bus = fakeBus(() => false);
    const result = await replay({ fundId: 'f1' }, { store, client: db.client, eventsTableName: db.eventsTableName }, { publisher: bus.publisher, sleep: noSleep });
    expect(result.published).toBe(25 + 2 + 1 + 1);
  });

  it('gives up after the bounded attempts and names the events that never got through', async () => {
    const bus = fakeBus(() => false, (entry) => (JSON.parse(entry.Detail) as { version: number }).version === 7);
    const sleeps: number[] = [];
    const attempt = publishEvents(await store.readStream('fund-f1'), {
      publisher: bus.publisher,
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
    });
    await expect(attempt).rejects.toBeInstanceOf(ReplayIncomplete);
    await expect(attempt).rejects.toThrow('fund-f1 v7');
    expect(sleeps).toHaveLength(3);
    expect(bus.delivered).toHaveLength(24);
  });
});

