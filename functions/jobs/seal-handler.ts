// Seal Lambda: EventBridge Scheduler invokes it at 00:05 Asia/Shanghai (functions/shared/schedules.ts)
// with no city: it invokes itself once per city (functions/jobs/city-fan-out.ts) and each city's run
// seals that city's day that ended, to the city's seals (`<city>/<yyyy>/<date>.json`); operators
// invoke it to seal a missed day or verify a seal (functions/jobs/seal-job.ts), naming the city
// ({"verify": "2026-11-30", "city": "jinan"}; no city: every city). Any divergence or mismatch is
// logged as an error and counted in SealDiscrepancies, on which an alarm fires.
import { ledgerLogger } from '../shared/ledger-logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { once } from '../../domain/once';
import { currentCity } from '../shared/city-scope';
import { SEAL_METRIC, SERVICE_NAMES } from '../shared/ops';
import { ENV, READ_TABLE } from '../shared/tables';
import { sealDepsFromEnv } from '../seal/context';
import { type CityRun, logCityRun, runPerCity, scheduledCityOptions } from './city-fan-out';
import { type SealJobResult, discrepanciesOf, sealJob } from './seal-job';

const logger = once(() => ledgerLogger({ serviceName: SERVICE_NAMES.seal }));
const metrics = once(() => new Metrics({ namespace: SEAL_METRIC.namespace, serviceName: SERVICE_NAMES.seal }));
const deps = sealDepsFromEnv();
const readTableName = process.env[ENV.readTable] ?? READ_TABLE.name;
const perCity = scheduledCityOptions(deps.client, readTableName);

const sealCity = async (event: unknown): Promise<SealJobResult> => {
  const city = currentCity();
  const result = await sealJob(event, deps);
  const discrepancies = discrepanciesOf(result);
  metrics().addMetadata('city', city);
  metrics().addMetric(SEAL_METRIC.name, MetricUnit.Count, discrepancies);
  metrics().publishStoredMetrics();
  if (discrepancies > 0) logger().error('the books no longer match a seal', { city, result });
  else if (result.action === 'seal') logger().info('sealed', { city, date: result.date, status: result.status, streams: result.streams, root: result.root, bytes: result.bytes });
  else logger().info('seals verified', { city, dates: result.dates, streamsChecked: result.streamsChecked });
  return result.action === 'seal' ? result : { ...result, mismatches: result.mismatches.slice(0, 100) };
};

export const handler = async (event: unknown): Promise<CityRun<SealJobResult>> => {
  const run = await runPerCity(event, sealCity, perCity);
  logCityRun(logger(), 'seal', run);
  return run;
};
