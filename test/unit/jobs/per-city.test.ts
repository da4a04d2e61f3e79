// Issue 24 §3: the scheduled jobs per city: which cities, the in-process run (each-city.ts) and the
// Lambda's fan-out to itself (city-fan-out.ts), with fakes of our own interfaces (no AWS).
import { describe, expect, it } from 'vitest';
import { CITY_IDS, type CityId } from '../../../events/cities';
import { currentCity } from '../../../functions/shared/city-scope';
import { FanOutIncomplete, runPerCity } from '../../../functions/jobs/city-fan-out';
import { NO_DATA, citySummary, eachCity } from '../../../functions/jobs/each-city';
import { jobCities } from '../../../functions/jobs/job-cities';

describe('jobCities', () => {
  it('is every city unless JOB_CITIES names some; a misspelt city is refused, naming the cities', () => {
    expect(jobCities({})).toEqual(CITY_IDS);
    expect(jobCities({ JOB_CITIES: ' liaocheng, jinan,liaocheng ' })).toEqual(['liaocheng', 'jinan']);
    expect(() => jobCities({ JOB_CITIES: 'liaocheng,jinnan' })).toThrow(/JOB_CITIES=liaocheng,jinnan: .*cities: jinan, qingdao/);
  });
});

describe('eachCity', () => {
  it('runs the task inside each city, at most `concurrency` at once; a failing city is recorded and the others finish', async () => {
    let running = 0;
    let peak = 0;
    const outcomes = await eachCity(
      ['jinan', 'qingdao', 'zibo', 'liaocheng'],
      async (city) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        if (city === 'qingdao') throw new Error('injected');
        return `${city} ran in ${currentCity()}`;
      },
      { concurrency: 2, hasData: async () => currentCity() !== 'zibo' },
    );
    expect(peak).toBe(2);
    expect(outcomes).toEqual([
      { city: 'jinan', status: 'done', result: 'jinan ran in jinan' },
      { city: 'qingdao', status: 'failed', error: 'injected' },
      { city: 'zibo', status: 'skipped', reason: NO_DATA },
      { city: 'liaocheng', status: 'done', result: 'liaocheng ran in liaocheng' },
    ]);
    expect(citySummary(outcomes)).toEqual({ done: ['jinan', 'liaocheng'], skipped: ['zibo'], failed: [{ city: 'qingdao', error: 'injected' }] });
  });
});

describe('runPerCity (a scheduled job Lambda)', () => {
  const cities: CityId[] = ['liaocheng', 'jinan', 'heze'];
  const run = async (payload: Record<string, unknown>) => ({ city: currentCity(), payload });

  it('with a city, runs once inside that city; a city without data is skipped when the fan-out handed it on, not when asked for by name', async () => {
    expect(await runPerCity({ city: 'jinan', month: '2026-11' }, run, { cities })).toEqual({
      action: 'city',
      outcome: { city: 'jinan', status: 'done', result: { city: 'jinan', payload: { city: 'jinan', month: '2026-11' } } },
    });
    const noData = { cities, hasData: async () => false };
    expect(await runPerCity({ city: 'heze', fannedOut: true }, run, noData)).toEqual({ action: 'city', outcome: { city: 'heze', status: 'skipped', reason: NO_DATA } });
    expect(await runPerCity({ city: 'heze', month: '2026-11' }, run, noData)).toMatchObject({ action: 'city', outcome: { city: 'heze', status: 'done' } });
  });

  it("with a city, a failure throws (Lambda retries that city's run and parks it in the DLQ)", async () => {
    await expect(runPerCity({ city: 'jinan' }, async () => Promise.reject(new Error('boom')), { cities })).rejects.toThrow('boom');
  });

  it('without a city, hands the same payload to one invocation per city', async () => {
    const relayed: Record<string, unknown>[] = [];
    const result = await runPerCity({ month: '2026-11' }, run, { cities, relay: async (payload) => void relayed.push(payload) });
    expect(result).toEqual({ action: 'fan-out', relayed: cities });
    expect(relayed).toEqual(cities.map((city) => ({ month: '2026-11', city, fannedOut: true })));
  });

  it('a city that cannot be handed on does not stop the others; the fan-out then fails naming it', async () => {
    const relayed: unknown[] = [];
    const relay = async (payload: Record<string, unknown>) => {
      if (payload.city === 'jinan') throw new Error('TooManyRequestsException');
      relayed.push(payload.city);
    };
    const failure = await runPerCity({}, run, { cities, relay }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FanOutIncomplete);
    expect((failure as FanOutIncomplete).failed).toEqual([{ city: 'jinan', error: 'TooManyRequestsException' }]);
    expect(relayed).toEqual(['liaocheng', 'heze']);
  });

  it('without a city and without a relay (local, scripts), runs every city here and reports each outcome', async () => {
    const result = await runPerCity({ month: '2026-11' }, async (payload) => {
      if (currentCity() === 'heze') throw new Error('injected');
      return run(payload);
    }, { cities });
    expect(result).toEqual({
      action: 'every-city',
      outcomes: [
        { city: 'liaocheng', status: 'done', result: { city: 'liaocheng', payload: { month: '2026-11' } } },
        { city: 'jinan', status: 'done', result: { city: 'jinan', payload: { month: '2026-11' } } },
        { city: 'heze', status: 'failed', error: 'injected' },
      ],
    });
  });

  it('refuses a payload naming an unknown city', async () => {
    await expect(runPerCity({ city: 'beijing' }, run, { cities })).rejects.toThrow();
  });
});
