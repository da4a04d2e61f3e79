// The upgrade of single-city data to the cities layout (issue 24 §1; docs/upgrade.md): every key of
// both tables without a city prefix becomes the city's (`C#liaocheng#…`), copied, checked (item for
// item, and every hash chain through the city-scoped client), then the originals deleted
// (functions/store/city-migration.ts). Run once; a second run, or a run after an interrupted one,
// is safe and says what it found.
//   npm run migrate:cities -- [--city liaocheng] [--dry-run]
//       locally (the default): the data directory --data-dir (else DATA_DIR, else .data); refused
//       while the local stack runs on it (it starts its own DynamoDB Local on the directory's files)
//   npm run migrate:cities -- --region cn-northwest-1 --events-table NAME --read-table NAME
//       in AWS (credentials from the environment); the names may come from EVENTS_TABLE_NAME /
//       READ_TABLE_NAME instead. Writers stopped and the queues drained first (docs/upgrade.md).
//   npm run migrate:cities -- --endpoint URL   any running DynamoDB (tables default or as above)
// Exit code 0: migrated, already migrated, or dry run; 1: stopped before deleting (conflicts,
// mismatches or a broken chain; nothing deleted); 2: bad arguments or the data directory is in use.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { CITY_IDS, DEFAULT_CITY, cityId } from '../events/cities';
import { cityKeyPrefix } from '../functions/shared/city-scope';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../functions/shared/tables';
import { type CityMigration, migrateToCity } from '../functions/store/city-migration';
import { createDynamoClient, createRawDynamoClient } from '../functions/store/dynamo-client';
import { lockDataDir } from '../infra/local/data-dir-lock';
import { startDynamoLocal } from '../infra/local/dynamo-local';

const USAGE = `usage: npm run migrate:cities -- [--city ${DEFAULT_CITY}] [--dry-run]
         [--data-dir DIR] | [--region REGION] [--endpoint URL] [--events-table NAME] [--read-table NAME]`;

const argsSchema = z
  .object({
    city: cityId.default(DEFAULT_CITY),
    dryRun: z.boolean(),
    dataDir: z.string().min(1).optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/).optional(),
    endpoint: z.url().optional(),
    eventsTable: z.string().min(3).optional(),
    readTable: z.string().min(3).optional(),
  })
  .strict()
  .refine((args) => args.dataDir === undefined || (args.region === undefined && args.endpoint === undefined), {
    message: '--data-dir is the local store; --region and --endpoint name another one',
  });

type Args = z.infer<typeof argsSchema>;

const FLAGS: Record<string, keyof Args> = {
  '--city': 'city',
  '--data-dir': 'dataDir',
  '--region': 'region',
  '--endpoint': 'endpoint',
  '--events-table': 'eventsTable',
  '--read-table': 'readTable',
};

export const parseArgs = (argv: readonly string[]): z.ZodSafeParseResult<Args> => {
  const raw: Record<string, unknown> = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const name = FLAGS[flag];
    if (flag === '--dry-run') raw.dryRun = true;
    else if (name !== undefined) raw[name] = argv[++i];
    else raw[`unknown argument ${flag}`] = true;
  }
  return argsSchema.safeParse(raw);
};

const plural = (n: number, word: string, words = `${word}s`): string => `${n.toLocaleString('en')} ${n === 1 ? word : words}`;

/** The run's outcome in a few lines (the progress lines came before it). */
export const describeOutcome = (outcome: CityMigration): string[] => {
  const { read, events } = outcome.tables;
  const holds = `${outcome.city} holds ${plural(outcome.cityItems.read, 'read-table item')} and ${plural(outcome.cityItems.events, 'events-table item')}`;
  switch (outcome.status) {
    case 'already-migrated':
      return [`nothing to migrate: no item without a city prefix in ${read.tableName} or ${events.tableName}; ${holds}. Already done: nothing changed.`];
    case 'dry-run':
      return [`dry run: ${plural(read.originals + events.originals, 'item')} would move to ${cityKeyPrefix(outcome.city)}; nothing written.`];
    case 'migrated':
      return [
        `migrated: ${plural(read.copied + events.copied, 'copy', 'copies')} written, ${plural(read.alreadyCopied + events.alreadyCopied, 'copy', 'copies')} already in place, ${plural(read.deleted + events.deleted, 'original')} deleted; ${holds}.`,
      ];
    case 'stopped': {
      const listed = (label: string, keys: string[]): string[] => [
        ...keys.slice(0, 20).map((key) => `  ${label} ${key}`),
        ...(keys.length > 20 ? [`  … and ${keys.length - 20} more`] : []),
      ];
      return [
        'STOPPED before deleting anything: the originals are untouched and still what the old release reads.',
        ...listed('CONFLICT (the city already holds something else at)', [...read.conflicts, ...events.conflicts]),
        ...listed('MISMATCH (no equal copy of)', [...read.mismatches, ...events.mismatches]),
        ...(outcome.chains?.broken ?? []).map((b) => `  BROKEN CHAIN ${b.streamId} at v${b.brokenAtVersion}: ${b.reason}`),
        'Resolve these (docs/upgrade.md, "When the migration stops") and run it again: what is already copied is kept.',
      ];
    }
  }
};

interface Target {
  where: string;
  endpoint: string;
  eventsTableName: string;
  readTableName: string;
}

const migrate = async (args: Args, target: Target): Promise<number> => {
  // '' rather than undefined: no endpoint means AWS, not the clients' environment default.
  const raw = createRawDynamoClient(target.endpoint);
  const scoped = createDynamoClient(target.endpoint);
  try {
    console.log(
      `${args.dryRun ? 'counting' : 'migrating'} the single-city data to ${args.city}'s keys (${cityKeyPrefix(args.city)}): read table ${target.readTableName}, then events table ${target.eventsTableName}, at ${target.where}`,
    );
    const outcome = await migrateToCity({
      raw,
      scoped,
      eventsTableName: target.eventsTableName,
      readTableName: target.readTableName,
      city: args.city,
      dryRun: args.dryRun,
      log: (line) => console.log(line),
    });
    for (const line of describeOutcome(outcome)) console.log(line);
    return outcome.status === 'stopped' ? 1 : 0;
  } finally {
    raw.destroy();
    scoped.destroy();
  }
};

/** The local stack's data directory: its own DynamoDB Local on the directory's files, the directory locked meanwhile. */
const migrateLocal = async (args: Args): Promise<number> => {
  const dataDir = path.resolve(args.dataDir ?? process.env.DATA_DIR ?? '.data');
  const storeDir = path.join(dataDir, 'dynamodb');
  if (!existsSync(storeDir)) {
    console.log(`no local store in ${storeDir}: nothing to migrate.`);
    return 0;
  }
  // The same lock `npm start` holds: two DynamoDB Locals on one set of files would corrupt them.
  const locked = await lockDataDir(dataDir);
  if (!locked.ok) {
    console.error(`${dataDir} is in use by fund-ledger (${locked.holder}): stop the local stack first (Ctrl-C where npm start runs), then run the migration again. Nothing was changed.`);
    return 2;
  }
  try {
    const dynamo = await startDynamoLocal({ dataDir: storeDir });
    try {
      return await migrate(args, { where: `${storeDir} (DynamoDB Local ${dynamo.endpoint})`, endpoint: dynamo.endpoint, eventsTableName: EVENTS_TABLE.name, readTableName: READ_TABLE.name });
    } finally {
      await dynamo.stop();
    }
  } finally {
    await locked.lock.release();
  }
};

const main = async (): Promise<number> => {
  const parsed = parseArgs(process.argv.slice(2).filter((arg) => arg !== '--'));
  if (!parsed.success) {
    console.error(`${USAGE}\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('\n')}\n  cities: ${CITY_IDS.join(' ')}`);
    return 2;
  }
  const args = parsed.data;
  if (args.region === undefined && args.endpoint === undefined) return migrateLocal(args);
  const eventsTableName = args.eventsTable ?? process.env[ENV.eventsTable];
  const readTableName = args.readTable ?? process.env[ENV.readTable];
  if (args.region !== undefined) {
    // A deployed stage's tables are stage-prefixed: name them rather than guess.
    if (eventsTableName === undefined || readTableName === undefined) {
      console.error(`${USAGE}\n  in AWS, name both tables (--events-table/--read-table, or ${ENV.eventsTable}/${ENV.readTable})`);
      return 2;
    }
    process.env.AWS_REGION = args.region;
  }
  return migrate(args, {
    where: args.endpoint ?? `AWS ${args.region}`,
    endpoint: args.endpoint ?? '',
    eventsTableName: eventsTableName ?? EVENTS_TABLE.name,
    readTableName: readTableName ?? READ_TABLE.name,
  });
};

if (process.argv[1] === import.meta.filename) process.exitCode = await main();
