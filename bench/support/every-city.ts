// Month end of every city, one after the other, each inside its city's scope (the client then
// reads and writes that city's key range only); one city's failure is reported and the others run.
// The one place to switch to the jobs' all-cities run once it exists.
import { CITY_IDS, type CityId } from '../../events/cities';
import { withCity } from '../../functions/shared/city-scope';
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
  const runs: CityMonthEnd[] = [];
  for (const city of CITY_IDS) {
    const started = performance.now();
    try {
      const summary = await withCity(city, () => runMonthEnd(monthEndDeps(tables), { month, runId: `bench-${city}-${Date.now()}` }));
      runs.push({ city, seconds: (performance.now() - started) / 1000, eventsInMonth: summary.eventsInMonth, streamsVerified: summary.streamsVerified, funds: summary.funds.length, discrepancies: summary.discrepancyCount });
    } catch (error) {
      runs.push({ city, seconds: (performance.now() - started) / 1000, eventsInMonth: 0, streamsVerified: 0, funds: 0, discrepancies: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return runs;
};
