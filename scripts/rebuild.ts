// Rebuild tool (operators): wipe a consumer's read model and re-project it from the event store
// (functions/projectors/rebuild.ts). Pause the consumer first (disable its event source mapping, or
// stop the local stack's flow): a live message applied mid-wipe would be wiped.
//   npx tsx scripts/rebuild.ts                      every read model (books, positions, alerts)
//   npx tsx scripts/rebuild.ts books [--endpoint http://127.0.0.1:PORT]
//   ... [--city <id>]                                one city's read models (default liaocheng; issue 24):
//                                                    the city's key range is wiped and re-projected, no other
// Without --endpoint: the local stack's DynamoDB endpoint from $DATA_DIR/dynamodb-endpoint.txt
// (default .data, written while `npm start` runs) if present, else DYNAMODB_ENDPOINT, else AWS
// (credentials and region from the environment). Table names: EVENTS_TABLE_NAME / READ_TABLE_NAME,
// else the defaults (a deployed stage's names are stage-prefixed: set them).
import * as z from 'zod';
import { rebuildReadModel, rebuildReadModels, type RebuildResult } from '../functions/projectors/rebuild';
import { scriptTables } from './lib/dynamo-endpoint';
import { splitCities } from './lib/city-args';
import type { CityId } from '../events/cities';
import { withCity } from '../functions/shared/city-scope';
import { CONSUMERS, type ConsumerName } from '../functions/shared/routing';

const consumer = z.enum(CONSUMERS as [ConsumerName, ...ConsumerName[]]);
const args = z.union([
  z.tuple([consumer, z.literal('--endpoint'), z.url()]),
  z.tuple([z.literal('--endpoint'), z.url()]).transform(([flag, url]) => [undefined, flag, url] as const),
  z.tuple([consumer]),
  z.tuple([]),
]);

const main = async (): Promise<void> => {
  const { cities: city, rest } = splitCities(process.argv.slice(2));
  const parsed = args.safeParse(rest);
  if (!parsed.success || city === undefined || city === 'all') {
    console.error(`usage: npx tsx scripts/rebuild.ts [${CONSUMERS.join('|')}] [--city <id>] [--endpoint URL]`);
    process.exitCode = 2;
    return;
  }
  await withCity(city, () => rebuild(city, parsed.data));
};

const rebuild = async (city: CityId, [only, , flagEndpoint]: z.infer<typeof args>): Promise<void> => {
  const { endpoint, ...options } = scriptTables(flagEndpoint);
  console.log(`rebuilding ${city}'s ${only ?? CONSUMERS.join(', ')} in ${options.readTableName} from ${options.eventsTableName} at ${endpoint ?? 'AWS'}`);
  const started = Date.now();
  try {
    const results: RebuildResult[] = only === undefined ? await rebuildReadModels(options) : [await rebuildReadModel({ ...options, consumer: only })];
    for (const r of results) console.log(`${r.consumer}: deleted ${r.itemsDeleted} item(s), replayed ${r.eventsApplied} event(s) of ${r.streams} stream(s)`);
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    options.client.destroy();
  }
};

await main();
