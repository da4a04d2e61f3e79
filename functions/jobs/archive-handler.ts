// Archive Lambda: EventBridge Scheduler invokes it at 04:00 Asia/Shanghai on the 1st, after month end
// has stored the month's reports, with no city: it invokes itself once per city
// (functions/jobs/city-fan-out.ts) and each city's run archives that city's month under `<city>/`
// (functions/jobs/archive-job.ts says what it does). A fund's year close on the bus names its city.
import { ledgerLogger } from '../shared/ledger-logger';
import { once } from '../../domain/once';
import { currentCity } from '../shared/city-scope';
import { SERVICE_NAMES } from '../shared/ops';
import { ENV, READ_TABLE } from '../shared/tables';
import { archiveDepsFromEnv } from '../archive/context';
import { createDynamoClient } from '../store/dynamo-client';
import { type CityRun, logCityRun, runPerCity, scheduledCityOptions } from './city-fan-out';
import { type ArchiveJobResult, archiveJob } from './archive-job';

const logger = once(() => ledgerLogger({ serviceName: SERVICE_NAMES.archive }));
const client = createDynamoClient();
const deps = archiveDepsFromEnv(process.env, client);
const readTableName = process.env[ENV.readTable] ?? READ_TABLE.name;
const perCity = scheduledCityOptions(client, readTableName);

const archiveCity = async (event: unknown): Promise<ArchiveJobResult> => {
  const city = currentCity();
  const result = await archiveJob(event, deps);
  if (result.action === 'verify' && !result.ok) logger().error('archive does not verify', { city, result });
  else logger().info(result.action === 'archive' ? 'archived' : 'archive verified', { city, result });
  return result;
};

export const handler = async (event: unknown): Promise<CityRun<ArchiveJobResult>> => {
  const run = await runPerCity(event, archiveCity, perCity);
  logCityRun(logger(), 'archive', run);
  return run;
};
