// GET /v1/province/alerts: the open alerts (not yet resolved: open or acknowledged) of every city,
// each naming its city, oldest first within a city, and how many each city has (zero included).
import { alertView } from '../store/read-models/views';
import type { ReadModelQueries } from '../store/read-models/queries';
import type { JsonObject, JsonValue } from '../store/types';
import { eachCity } from './each-city';

export const provinceAlerts = async (queries: Pick<ReadModelQueries, 'listAlerts'>): Promise<JsonObject> => {
  const cities = await eachCity(() => queries.listAlerts({ open: true }));
  return {
    items: cities.flatMap(({ cityId, nameZh, value }) => value.map((alert) => ({ cityId, nameZh, ...(alertView.encode(alert) as Record<string, JsonValue>) }))),
    cities: cities.map(({ cityId, nameZh, value }) => ({ cityId, nameZh, open: value.length })),
  };
};
