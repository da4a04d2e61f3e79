// Which cities the scheduled jobs run for (issue 24 §3): every city of the province (CITY_IDS), or the
// comma-separated list in JOB_CITIES when a deployment serves fewer (a pilot of two cities). Each
// city's run then checks cheaply that the city has data (functions/jobs/city-has-data.ts) and is
// skipped otherwise, so the fifteen cities not yet on the system cost one Query each, not a run.
import * as z from 'zod';
import { CITY_IDS, type CityId, cityId } from '../../events/cities';

export const JOB_CITIES_ENV = 'JOB_CITIES';

const cityList = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(cityId).min(1));

/** JOB_CITIES (e.g. `liaocheng,jinan`), else every city; a misspelt city fails at start, not in silence. */
export const jobCities = (env: NodeJS.ProcessEnv = process.env): readonly CityId[] => {
  const raw = env[JOB_CITIES_ENV];
  if (raw === undefined || raw.trim() === '') return CITY_IDS;
  const parsed = cityList.safeParse(raw);
  if (!parsed.success) throw new Error(`${JOB_CITIES_ENV}=${raw}: ${parsed.error.issues.map((issue) => issue.message).join('; ')} (cities: ${CITY_IDS.join(', ')})`);
  return [...new Set(parsed.data)];
};

/**
 * A job's payload names the city it runs for; none (the schedule's `{}`) means every city. The runs a
 * fan-out hands on are marked `fannedOut`: those skip a city without data; a run someone asked for
 * by name (an operator, POST /v1/reconciliations) always runs.
 */
export const cityOfPayload = z.object({ city: cityId.nullish(), fannedOut: z.boolean().optional() }).loose();
