// Rebuild tool (operators): wipe a consumer's read model and re-project it from the event store
// (functions/projectors/rebuild.ts). Pause the consumer first (disable its event source mapping, or
// stop the local stack's flow): a live message applied mid-wipe would be wiped.
//   npx tsx scripts/rebuild.ts                      every read model (books, positions, alerts)
//   npx tsx scripts/rebuild.ts books [--endpoint http://127.0.0.1:PORT]
// Without --endpoint: the local stack's DynamoDB endpoint from $DATA_DIR/dynamodb-endpoint.txt
// (default .data, written while `npm start` runs) if present, else DYNAMODB_ENDPOINT, else AWS
// (credentials and region from the environment). Table names: EVENTS_TABLE_NAME / READ_TABLE_NAME,
// else the defaults (a deployed stage's names are stage-prefixed: set them).
import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { rebuildReadModel, rebuildReadModels, type RebuildResult } from '../functions/projectors/rebuild';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { CONSUMERS, type ConsumerName } from '../functions/shared/routing';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../functions/shared/tables';

const consumer = z.enum(CONSUMERS as [ConsumerName, ...ConsumerName[]]);
const args = z.union([
  z.tuple([consumer, z.literal('--endpoint'), z.url()]),
  z.tuple([z.literal('--endpoint'), z.url()]).transform(([flag, url]) => [undefined, flag, url] as const),
  z.tuple([consumer]),
  z.tuple([]),
]);

const main = async (): Promise<void> => {
  const parsed = args.safeParse(process.argv.slice(2));
  if (!parsed.success) {
    console.error(`usage: npx tsx scripts/rebuild.ts [${CONSUMERS.join('|')}] [--endpoint URL]`);
    process.exitCode = 2;
    return;
  }
  const [only, , flagEndpoint] = parsed.data;
  const localFile = `${process.env.DATA_DIR ?? '.data'}/dynamodb-endpoint.txt`;
  const endpoint = flagEndpoint ?? (existsSync(localFile) ? readFileSync(localFile, 'utf8').trim() : undefined) ?? (process.env[ENV.dynamoEndpoint] || undefined);
  const options = {
    // '' rather than undefined: no endpoint means AWS, not createDynamoClient's environment default.
    client: createDynamoClient(endpoint ?? ''),
    eventsTableName: process.env[ENV.eventsTable] ?? EVENTS_TABLE.name,
    readTableName: process.env[ENV.readTable] ?? READ_TABLE.name,
  };
  console.log(`rebuilding ${only ?? CONSUMERS.join(', ')} in ${options.readTableName} from ${options.eventsTableName} at ${endpoint ?? 'AWS'}`);
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
