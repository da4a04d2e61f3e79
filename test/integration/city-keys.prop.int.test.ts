// Cities as key ranges, as a property on DynamoDB Local (issue 24 §2): whatever several cities
// append at the same time, to the same stream ids or not, no append of one city conflicts with or
// lands in another's stream, each city reads exactly what it wrote, and a Scan made in a city's
// scope returns that city's items only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CityId } from '../../events/cities';
import { cityKeyPrefix, withCity } from '../../functions/shared/city-scope';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { createEventStore } from '../../functions/store/event-store';
import { scanItems } from '../../functions/store/scan';
import type { AppendOptions, NewEvent } from '../../functions/store/types';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
const store = () => createEventStore({ client: db.client, tableName: db.eventsTableName });
const meta: AppendOptions['meta'] = { actor: 'u-1', role: 'finance-bureau', requestId: 'r-1', correlationId: 'c-1' };

/** An injection whose reference says who wrote it, so any item that strays shows where it came from. */
const injection = (city: CityId, streamId: string, n: number): NewEvent => ({
  type: 'CapitalInjected',
  schemaVersion: 1,
  data: { fundId: streamId, amount: `${n}.00`, source: 'city', reference: `${city}/${streamId}/${n}` },
  occurredOn: '2026-03-15',
});

/** A few cities, each appending a few batches to streams drawn from a small shared set of ids. */
const plan = fc.dictionary(
  fc.constantFrom<CityId>('liaocheng', 'jinan', 'jining', 'heze'),
  fc.array(fc.record({ stream: fc.constantFrom('a', 'b', 'c'), events: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
  { minKeys: 2, maxKeys: 4 },
);

let run = 0;

describe('cities as key ranges, as a property', () => {
  it('lets cities append to the same stream ids at once without conflict, each reading and scanning only its own', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (byCity) => {
        run += 1;
        const streamOf = (stream: string): string => `fund-${run}-${stream}`;
        const cities = Object.keys(byCity) as CityId[];
        // Every city appends its batches in order, all cities at the same time.
        await Promise.all(
          cities.map((city) =>
            withCity(city, async () => {
              const versions = new Map<string, number>();
              for (const { stream, events } of byCity[city]!) {
                const streamId = streamOf(stream);
                const expectedVersion = versions.get(streamId) ?? 0;
                const batch = Array.from({ length: events }, (_, i) => injection(city, streamId, expectedVersion + i + 1));
                await store().append([{ streamId, expectedVersion, events: batch }], { meta });
                versions.set(streamId, expectedVersion + events);
              }
            }),
          ),
        );

        for (const city of cities) {
          await withCity(city, async () => {
            for (const stream of ['a', 'b', 'c']) {
              const wrote = byCity[city]!.filter((write) => write.stream === stream).reduce((sum, write) => sum + write.events, 0);
              const read = await store().readStream(streamOf(stream));
              expect(read.map((event) => event.data.reference)).toEqual(Array.from({ length: wrote }, (_, i) => `${city}/${streamOf(stream)}/${i + 1}`));
              expect((await store().readHead(streamOf(stream)))?.version ?? 0).toBe(wrote);
            }
            for await (const item of scanItems(db.client, { TableName: db.eventsTableName })) {
              const reference = item.data?.M?.reference?.S;
              if (reference !== undefined) expect(reference.startsWith(`${city}/`), reference).toBe(true);
            }
          });
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('stores every key of every city under that city’s prefix: the table holds nothing unscoped', async () => {
    const raw = createRawDynamoClient(db.endpoint);
    let seen = 0;
    for await (const item of scanItems(raw, { TableName: db.eventsTableName })) {
      seen += 1;
      const reference = item.data?.M?.reference?.S;
      const city = reference?.split('/')[0];
      if (city !== undefined) expect(item.PK?.S?.startsWith(cityKeyPrefix(city as CityId))).toBe(true);
      else expect(item.PK?.S).toMatch(/^C#[a-z]+#/);
      if (item.GSI1PK?.S !== undefined && city !== undefined) expect(item.GSI1PK.S.startsWith(cityKeyPrefix(city as CityId))).toBe(true);
    }
    expect(seen).toBeGreaterThan(0);
    raw.destroy();
  });
});
