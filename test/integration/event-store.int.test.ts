import { DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { appendWithRetry } from '../../functions/store/append-with-retry';
import { ConcurrencyConflict, IdempotencyMismatch, StreamNotFound, TransactionTooLarge } from '../../functions/store/errors';
import { eventKey, streamKey } from '../../functions/store/event-item';
import { createEventStore } from '../../functions/store/event-store';
import { readMonthEvents } from '../../functions/store/read-month';
import type { AppendOptions, NewEvent, StoredEvent } from '../../functions/store/types';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
const store = () => createEventStore({ client: db.client, tableName: db.eventsTableName });
const meta: AppendOptions['meta'] = { actor: 'u-1', role: 'fund-manager', requestId: 'r-1', correlationId: 'c-1' };
const event = (n: number, occurredOn = '2024-03-15'): NewEvent => ({
  type: 'CapitalInjected',
  schemaVersion: 1,
  data: { fundId: 'f1', amount: `${n}.00`, source: 'city', reference: `ref-${n}` },
  occurredOn,
});
const countItems = async (streamId: string): Promise<number> => {
  const page = await db.client.send(
    new QueryCommand({
      TableName: db.eventsTableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: streamKey(streamId) } },
      ConsistentRead: true,
    }),
  );
  return page.Count ?? 0;
};

describe('event store optimistic concurrency', () => {
  it('lets exactly one of 20 concurrent appends at the same expected version win', async () => {
    const s = store();
    await s.append([{ streamId: 'fund-race', expectedVersion: 0, events: [event(0)] }], { meta });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => s.append([{ streamId: 'fund-race', expectedVersion: 1, events: [event(i + 1)] }], { meta })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const reason of lost) {
      expect(reason).toBeInstanceOf(ConcurrencyConflict);
      expect(reason).toMatchObject({ streamId: 'fund-race', expectedVersion: 1, code: 'concurrency-conflict' });
    }
    expect((await s.readHead('fund-race'))?.version).toBe(2);
  });

  it('lands all 20 concurrent writers through the retry loop with versions 1..20 and an intact chain', async () => {
    // Separate store instances per writer: no shared head cache, as in separate Lambdas.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const writer = store();
        return appendWithRetry(
          writer,
          async () => {
            const head = await writer.readHead('fund-retry');
            return { appends: [{ streamId: 'fund-retry', expectedVersion: head?.version ?? 0, events: [event(i)], snapshot: { n: BigInt(i) } }], options: { meta } };
          },
          // 20 writers on one stream is the deliberate worst case: allow more rounds than the default 8.
          { maxAttempts: 40 },
        );
      }),
    );
    const s = store();
    const events = await s.readStream('fund-retry');
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.data['reference'])).size).toBe(20);
    expect(await s.verifyStream('fund-retry')).toEqual({ ok: true, streamId: 'fund-retry', version: 20 });
  });

  it('writes nothing to either stream when the second stream condition fails', async () => {
    const s = store();
    await s.append([{ streamId: 'fund-a', expectedVersion: 0, events: [event(1)] }], { meta });
    await s.append([{ streamId: 'guarantee-a:g1', expectedVersion: 0, events: [event(1)] }], { meta });
    await expect(
      s.append(
        [
          { streamId: 'fund-a', expectedVersion: 1, events: [event(2)] },
          { streamId: 'guarantee-a:g1', expectedVersion: 0, events: [event(2)] }, // stale: it is at 1
        ],
        { meta },
      ),
    ).rejects.toMatchObject({ code: 'concurrency-conflict', streamId: 'guarantee-a:g1', expectedVersion: 0 });
    expect(await countItems('fund-a')).toBe(2); // head + 1 event
    expect(await countItems('guarantee-a:g1')).toBe(2);
    expect((await s.readHead('fund-a'))?.version).toBe(1);
  });

  it('fails a condition-only stream that moved, and writes nothing', async () => {
    const s = store();
    await s.append([{ streamId: 'period-a-2024-03', expectedVersion: 0, events: [event(1)] }], { meta });
    await expect(
      s.append([{ streamId: 'fund-b', expectedVersion: 0, events: [event(1)] }, { streamId: 'period-a-2024-03', expectedVersion: 0, events: [] }], { meta }),
    ).rejects.toMatchObject({ code: 'concurrency-conflict', streamId: 'period-a-2024-03' });
    expect(await s.readHead('fund-b')).toBeUndefined();
  });
});

describe('event store idempotency', () => {
  it('returns the first result for the same key and request, and writes nothing new', async () => {
    const s = store();
    const idempotency = { key: 'k-same', requestHash: 'h1', result: { fundId: 'f1', version: 1 } };
    const first = await s.append([{ streamId: 'fund-idem', expectedVersion: 0, events: [event(1)] }], { meta, idempotency });
    expect(first.status).toBe('appended');
    const second = await s.append([{ streamId: 'fund-idem', expectedVersion: 1, events: [event(1)] }], { meta, idempotency });
    expect(second).toEqual({ status: 'replayed', result: { fundId: 'f1', version: 1 } });
    expect(await countItems('fund-idem')).toBe(2);
    expect((await s.readStream('fund-idem'))[0]?.meta.idempotencyKey).toBe('k-same');
  });

  it('refuses the same key with a different request', async () => {
    const s = store();
    await s.append([{ streamId: 'fund-idem2', expectedVersion: 0, events: [event(1)] }], { meta, idempotency: { key: 'k-diff', requestHash: 'h1', result: null } });
    const attempt = s.append([{ streamId: 'fund-idem2', expectedVersion: 1, events: [event(2)] }], { meta, idempotency: { key: 'k-diff', requestHash: 'h2', result: null } });
    await expect(attempt).rejects.toBeInstanceOf(IdempotencyMismatch);
    await expect(attempt).rejects.toMatchObject({ key: 'k-diff' });
    expect(await countItems('fund-idem2')).toBe(2);
  });

  it('replays for the loser of two concurrent twins with the same key', async () => {
    const s = store();
    const idempotency = { key: 'k-twin', requestHash: 'h', result: 'done' };
    const results = await Promise.all([
      s.append([{ streamId: 'fund-twin-1', expectedVersion: 0, events: [event(1)] }], { meta, idempotency }),
      s.append([{ streamId: 'fund-twin-2', expectedVersion: 0, events: [event(1)] }], { meta, idempotency }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['appended', 'replayed']);
  });
});

describe('event store tamper evidence', () => {
  it('reports the first tampered version', async () => {
    const s = store();
    await s.append([{ streamId: 'fund-tamper', expectedVersion: 0, events: [event(1), event(2), event(3), event(4)] }], { meta });
    const key = { PK: { S: streamKey('fund-tamper') }, SK: { S: eventKey(3) } };
    const { Item } = await db.client.send(new GetItemCommand({ TableName: db.eventsTableName, Key: key }));
    const stored = unmarshall(Item ?? {});
    // Someone with table access raises the amount of version 3 from 3.00 to 300.00.
    await db.client.send(new PutItemCommand({ TableName: db.eventsTableName, Item: marshall({ ...stored, data: { ...stored['data'], amount: '300.00' } }) }));
    expect(await s.verifyStream('fund-tamper')).toMatchObject({ ok: false, streamId: 'fund-tamper', brokenAtVersion: 3 });
  });

  it('holds a stream appended to while it is verified (month end runs while the next month is posted)', async () => {
    const writer = store();
    const verifier = store();
    let version = 0;
    for (let batch = 0; batch < 6; batch++) {
      await writer.append([{ streamId: 'fund-live', expectedVersion: version, events: Array.from({ length: 40 }, (_, i) => event(version + i + 1)) }], { meta });
      version += 40;
    }
    let writing = true;
    const appends = (async () => {
      for (let n = 0; n < 40; n++) {
        await writer.append([{ streamId: 'fund-live', expectedVersion: version, events: [event(version + 1)] }], { meta });
        version += 1;
      }
      writing = false;
    })();
    const verdicts: unknown[] = [];
    while (writing) verdicts.push(await verifier.verifyStream('fund-live'));
    await appends;
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => (v as { ok: boolean }).ok !== true)).toEqual([]);
    expect(await verifier.verifyStream('fund-live')).toEqual({ ok: true, streamId: 'fund-live', version: 280 });
  });

  it('reports a removed event as a break in the version sequence', async () => {
    const s = store();
    await s.append([{ streamId: 'fund-gap', expectedVersion: 0, events: [event(1), event(2), event(3)] }], { meta });
    await db.client.send(new DeleteItemCommand({ TableName: db.eventsTableName, Key: { PK: { S: streamKey('fund-gap') }, SK: { S: eventKey(2) } } }));
    expect(await s.verifyStream('fund-gap')).toMatchObject({ ok: false, brokenAtVersion: 2 });
  });
});

describe('event store month reads', () => {
  it('returns every event of the month once, in recordedAt order, across all shards', async () => {
    let tick = Date.parse('2024-04-01T00:00:00.000Z');
    const s = createEventStore({ client: db.client, tableName: db.eventsTableName, now: () => new Date((tick += 1_000)) });
    const written: StoredEvent[] = [];
    for (let stream = 0; stream < 12; stream += 1) {
      let version = 0;
      for (let batch = 0; batch < 4; batch += 1) {
        // November events (other tests use March), plus one December event per stream that must not appear.
        const events = [event(batch * 10 + 1, '2023-11-20'), event(batch * 10 + 2, '2023-11-30'), ...(batch === 3 ? [event(99, '2023-12-01')] : [])];
        const result = await s.append([{ streamId: `fund-m${stream}`, expectedVersion: version, events }], { meta });
        if (result.status !== 'appended') throw new Error('unexpected replay');
        written.push(...(result.streams[0]?.events ?? []).filter((e) => e.occurredOn.startsWith('2023-11')));
        version += events.length;
      }
    }
    const read: StoredEvent[] = [];
    for await (const e of s.readMonth('2023-11')) read.push(e);
    expect(read).toHaveLength(written.length);
    const expected = [...written].sort((a, b) => (a.recordedAt === b.recordedAt ? (a.streamId < b.streamId ? -1 : 1) || a.version - b.version : a.recordedAt < b.recordedAt ? -1 : 1));
    expect(read.map((e) => `${e.streamId}@${e.version}`)).toEqual(expected.map((e) => `${e.streamId}@${e.version}`));
    const shards = await Promise.all(
      Array.from({ length: 8 }, (_, shard) =>
        db.client.send(new QueryCommand({ TableName: db.eventsTableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': { S: `M#2023-11#${shard}` } }, Select: 'COUNT' })),
      ),
    );
    expect(shards.every((page) => (page.Count ?? 0) > 0)).toBe(true);
    // Small pages force the merge to refill shards mid-way: the order must not change.
    const paged: string[] = [];
    for await (const e of readMonthEvents({ client: db.client, tableName: db.eventsTableName, shards: 8, month: '2023-11', pageSize: 2 })) paged.push(`${e.streamId}@${e.version}`);
    expect(paged).toEqual(read.map((e) => `${e.streamId}@${e.version}`));
  });

  it('refuses a month that is not YYYY-MM', async () => {
    const iterate = async () => {
      for await (const e of store().readMonth('2024-3')) void e;
    };
    await expect(iterate()).rejects.toThrow('not YYYY-MM');
  });
});

describe('event store limits and lookups', () => {
  it('rejects an append of more than 100 transaction items before calling DynamoDB', async () => {
    const events = Array.from({ length: 100 }, (_, i) => event(i));
    const attempt = store().append([{ streamId: 'fund-big', expectedVersion: 0, events }], { meta });
    await expect(attempt).rejects.toBeInstanceOf(TransactionTooLarge);
    await expect(attempt).rejects.toMatchObject({ items: 101 });
    expect(await countItems('fund-big')).toBe(0);
  });

  it('accepts exactly 100 items', async () => {
    const events = Array.from({ length: 99 }, (_, i) => event(i));
    const result = await store().append([{ streamId: 'fund-100', expectedVersion: 0, events }], { meta });
    expect(result.status === 'appended' && result.streams[0]?.version).toBe(99);
  });

  it('throws StreamNotFound for a stream without a head', async () => {
    await expect(store().readStreamOrThrow('fund-none')).rejects.toMatchObject({ code: 'stream-not-found', streamId: 'fund-none' });
    await expect(store().verifyStream('fund-none')).rejects.toBeInstanceOf(StreamNotFound);
  });

  it('keeps the snapshot with its bigints in the head', async () => {
    const s = store();
    await s.append([{ streamId: 'fund-snap', expectedVersion: 0, events: [event(1)], snapshot: { cash: 12_500_000_00n, name: 'pool' } }], { meta });
    expect((await store().readHead('fund-snap'))?.snapshot).toEqual({ cash: 12_500_000_00n, name: 'pool' });
  });
});
