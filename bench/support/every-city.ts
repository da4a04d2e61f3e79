// Month end of every city through the jobs' all-cities run (functions/jobs/each-city.ts: each city
// inside its own scope, two at a time, one city's failure recorded and the others run), as the
// local scheduler runs it; each city's time measured inside its own run.
import { CITY_IDS, type CityId } from '../../events/cities';
import { eachCity } from '../../functions/jobs/each-city';
import { monthEndDeps, type MonthEndTables } from '../../functions/month-end/context';
import { runMonthEnd } from '../../functions/month-end/reconcile';

export interface CityMonthEnd {
  city: CityId;
  seconds: number;
  eventsInMonth: number;
  streamsVerified: number;
  funds: number;
  discrepancies: number;
  error?: string;
}

export const monthEndOfEveryCity = async (tables: MonthEndTables, month: string): Promise<CityMonthEnd[]> => {
  const outcomes = await eachCity(CITY_IDS, async (city) => {
    const started = performance.now();
    const summary = await runMonthEnd(monthEndDeps(tables), { month, runId: `bench-${city}-${Date.now()}` });
    return { seconds: (performance.now() - started) / 1000, summary };
  });
  return outcomes.map((o) =>
    o.status === 'done'
      ? { city: o.city, seconds: o.result.seconds, eventsInMonth: o.result.summary.eventsInMonth, streamsVerified: o.result.summary.streamsVerified, funds: o.result.summary.funds.length, discrepancies: o.result.summary.discrepancyCount }
      : { city: o.city, seconds: 0, eventsInMonth: 0, streamsVerified: 0, funds: 0, discrepancies: 0, error: o.status === 'failed' ? o.error : o.reason },
  );
};
