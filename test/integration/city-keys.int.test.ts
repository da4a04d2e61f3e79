// Cities as key ranges (issue 24 §1), on DynamoDB Local: the same stream id in two cities is two
// streams; each city's reads, month index and scans see only its own range; the stored keys begin
// with the city; and the outbox's detail names the city.
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { CITY_SCOPE_REQUIRED_ENV, NoCityScope, withCity } from '../../functions/shared/city-scope';
import { outboxDetailOf } from '../../functions/shared/outbox-record';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { createEventStore } from '../../functions/store/event-store';
import { scanItems } from '../../functions/store/scan';
import type { AppendOptions, NewEvent, StoredEvent } from '../../functions/store/types';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
const store = () => createEventStore({ client: db.client, tableName: db.eventsTableName });
const meta: AppendOptions['meta'] = { actor: 'u-1', role: 'finance-bureau', requestId: 'r-1', correlationId: 'c-1' };
const injection = (amount: string): NewEvent => ({
  type: 'CapitalInjected',
  schemaVersion: 1,
  data: { fundId: 'pool', amount, source: 'city', reference: `ref-${amount}` },
  occurredOn: '2026-03-15',
});
const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

describe('cities as key ranges of one table', () => {
  it('keeps the same stream id of two cities apart in reads, the month index and scans', async () => {
    await withCity('liaocheng', () => store().append([{ streamId: 'fund-pool', expectedVersion: 0, events: [injection('100.00')] }], { meta }));
    await withCity('jinan', () => store().append([{ streamId: 'fund-pool', expectedVersion: 0, events: [injection('250.00'), injection('7.00')] }], { meta }));

    const liaocheng = await withCity('liaocheng', () => store().readStream('fund-pool'));
    const jinan = await withCity('jinan', () => store().readStream('fund-pool'));
    expect(liaocheng.map((e) => e.data.amount)).toEqual(['100.00']);
    expect(jinan.map((e) => e.data.amount)).toEqual(['250.00', '7.00']);
    // Each city's chain starts at its own genesis: the two streams share nothing.
    expect(jinan[0]?.prevHash).toBe(liaocheng[0]?.prevHash);
    expect(jinan[0]?.hash).not.toBe(liaocheng[0]?.hash);

    expect((await withCity('jinan', () => collect(store().readMonth('2026-03')))).map((e) => e.data.amount)).toEqual(['250.00', '7.00']);
    expect(await withCity('qingdao', () => store().readStream('fund-pool'))).toEqual([]);

    const scanned = await withCity('liaocheng', async () => {
      const items = [];
      for await (const item of scanItems(db.client, { TableName: db.eventsTableName })) items.push(item);
      return items;
    });
    expect(scanned.every((item) => item.PK?.S?.startsWith('S#') === true)).toBe(true);
    expect(scanned.filter((item) => item.SK?.S?.startsWith('E#') === true)).toHaveLength(1);
  });

  it('answers heads read by two cities in the same turn each from its own range (coalesced reads)', async () => {
    await withCity('zibo', () => store().append([{ streamId: 'fund-same', expectedVersion: 0, events: [injection('1.00')] }], { meta }));
    await withCity('weifang', () => store().append([{ streamId: 'fund-same', expectedVersion: 0, events: [injection('1.00'), injection('2.00'), injection('3.00')] }], { meta }));
    const s = store();
    const [zibo, weifang, rizhao] = await Promise.all([withCity('zibo', () => s.readHead('fund-same')), withCity('weifang', () => s.readHead('fund-same')), withCity('rizhao', () => s.readHead('fund-same'))]);
    expect(zibo?.version).toBe(1);
    expect(weifang?.version).toBe(3);
    expect(rizhao).toBeUndefined();
  });

  it('refuses a call outside any city scope when a scope is required, but not table administration', async () => {
    const before = process.env[CITY_SCOPE_REQUIRED_ENV];
    process.env[CITY_SCOPE_REQUIRED_ENV] = '1';
    try {
      await expect(store().readHead('fund-pool')).rejects.toThrow(NoCityScope);
      await expect(db.client.send(new DescribeTableCommand({ TableName: db.eventsTableName }))).resolves.toMatchObject({ Table: { TableName: db.eventsTableName } });
      expect((await withCity('liaocheng', () => store().readHead('fund-pool')))?.version).toBe(1);
    } finally {
      if (before === undefined) delete process.env[CITY_SCOPE_REQUIRED_ENV];
      else process.env[CITY_SCOPE_REQUIRED_ENV] = before;
    }
  });

  it('stores every key under its city and names the city on each event item for the outbox', async () => {
    await withCity('heze', () => store().append([{ streamId: 'fund-h', expectedVersion: 0, events: [injection('1.00')] }], { meta }));
    const raw = createRawDynamoClient(db.endpoint);
    const page = await raw.send(new ScanCommand({ TableName: db.eventsTableName, ConsistentRead: true }));
    const items = page.Items ?? [];
    expect(items.length).toBeGreaterThan(0);
    // No key outside a city's range, in the table or in the month index.
    for (const item of items) {
      expect(item.PK?.S).toMatch(/^C#[a-z]+#/);
      if (item.GSI1PK !== undefined) expect(item.GSI1PK.S).toMatch(/^C#[a-z]+#M#/);
    }
    const heze = items.find((item) => item.PK?.S === 'C#heze#S#fund-h' && item.SK?.S?.startsWith('E#') === true);
    expect(heze?.city?.S).toBe('heze');
    expect(outboxDetailOf({ eventName: 'INSERT', dynamodb: { NewImage: heze as Record<string, { S?: string; N?: string }> } }).city).toBe('heze');
    raw.destroy();
  });
});
