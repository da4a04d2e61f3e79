// Verifies the books against their seals (issue 15 §3–4); exit code 1 names what no longer matches.
//   npm run verify -- 2026-11-30               the seal of that day against the events as they are now
//   npm run verify -- --month 2026-11          every seal of the month (what month end checks)
//   npm run verify -- --archive 2026-11        the month's archive read back and checked against its seal
//   ... [--city <id> | --all-cities] [--endpoint http://127.0.0.1:PORT]
// One city's books against that city's seals and archive (issue 24 §1): --city (default liaocheng),
// or every city with data (of JOB_CITIES, default all), one after the other (--all-cities; exit 1 if any city's check fails, and
// the output names the city). Seals come from SEAL_BUCKET_NAME (S3) or <DATA_DIR>/seals/<city>/,
// archives from ARCHIVE_BUCKET_NAME or <DATA_DIR>/archive/<city>/ (liaocheng's also from the old
// layout, functions/store/city-objects.ts); the events from the city's key range of the DynamoDB that
// scripts/lib/dynamo-endpoint.ts picks. In the cloud the seal Lambda does the same:
// {"verify": "2026-11-30", "city": "jinan"} or {"verifyMonth": "2026-11", "city": "jinan"}.
import * as z from 'zod';
import type { CityId } from '../events/cities';
import { businessDate, month } from '../events/primitives';
import { archiveDepsFromEnv } from '../functions/archive/context';
import { cityHasFunds } from '../functions/jobs/city-has-data';
import { eachCity } from '../functions/jobs/each-city';
import { jobCities } from '../functions/jobs/job-cities';
import { withCity } from '../functions/shared/city-scope';
import { verifyArchive } from '../functions/archive/verify-archive';
import { sealStoreFromEnv } from '../functions/seal/context';
import { SealNotFound, type SealVerification, verifyMonthSeals, verifySealOf } from '../functions/seal/verify-seal';
import { createEventStore } from '../functions/store/event-store';
import { scriptTables, splitEndpoint } from './lib/dynamo-endpoint';
import { splitCities } from './lib/city-args';

const args = z.union([
  z.tuple([businessDate]).transform(([value]) => ({ kind: 'seal' as const, value })),
  z.tuple([z.literal('--month'), month]).transform(([, value]) => ({ kind: 'month' as const, value })),
  z.tuple([z.literal('--archive'), month]).transform(([, value]) => ({ kind: 'archive' as const, value })),
]);

const printSeals = (verification: SealVerification): boolean => {
  const sealed = verification.dates.map((date, index) => `${date} (${verification.sealAlgorithms[index]})`);
  const events = Object.entries(verification.eventsByAlgorithm).map(([algorithm, count]) => `${count} ${algorithm}`);
  console.log(`seals ${sealed.join(', ') || '(none)'}: ${verification.streamsChecked} stream(s) recomputed from their events (${events.join(', ')})`);
  for (const problem of verification.sealProblems) console.log(`  SEAL ${problem.date}: ${problem.reason}`);
  for (const mismatch of verification.mismatches) {
    const at = mismatch.brokenAtVersion === undefined ? '' : `, EVENT v${mismatch.brokenAtVersion}`;
    console.log(`  STREAM ${mismatch.streamId} (sealed ${mismatch.date} at v${mismatch.version}${at}): ${mismatch.reason}`);
  }
  console.log(verification.ok ? 'OK: every sealed stream still reaches its sealed hash' : 'MISMATCH: the streams above were changed after they were sealed');
  return verification.ok;
};

/** One city's check, printed; true when it holds. Runs inside the city's scope. */
const verifyCity = async (kind: 'seal' | 'month' | 'archive', value: string, tables: ReturnType<typeof scriptTables>, env: NodeJS.ProcessEnv): Promise<boolean> => {
  const source = { store: createEventStore({ client: tables.client, tableName: tables.eventsTableName }), seals: sealStoreFromEnv(env) };
  console.log(`verifying ${kind} ${value}: events in ${tables.eventsTableName} at ${tables.endpoint ?? 'AWS'}, seals in ${source.seals.location}`);
  try {
    if (kind === 'seal') return printSeals(await verifySealOf(source, value));
    if (kind === 'month') return printSeals(await verifyMonthSeals(source, value));
    const { objects } = archiveDepsFromEnv(env, tables.client);
    const result = await verifyArchive(objects, source.seals, value);
    console.log(`archive ${value} in ${objects.location}: ${result.eventsChecked} event(s), ${result.streamsVouchedBySeal} stream(s) vouched by the seal, ${result.eventsAfterSeal} recorded after it`);
    for (const problem of result.problems) console.log(`  ${problem}`);
    console.log(result.ok ? 'OK: the archive reads back whole and matches its seal' : 'MISMATCH');
    return result.ok;
  } catch (error) {
    if (!(error instanceof SealNotFound)) throw error;
    console.log(`${error.message} in ${source.seals.location}`);
    return false;
  }
};

const main = async (): Promise<void> => {
  const { endpoint, rest: afterEndpoint } = splitEndpoint(process.argv.slice(2).filter((arg) => arg !== '--'));
  const { cities, rest } = splitCities(afterEndpoint);
  const parsed = args.safeParse(rest);
  if (!parsed.success || cities === undefined) {
    console.error('usage: npm run verify -- <YYYY-MM-DD> | --month <YYYY-MM> | --archive <YYYY-MM>  [--city <id> | --all-cities] [--endpoint URL]');
    process.exitCode = 2;
    return;
  }
  const { kind, value } = parsed.data;
  const tables = scriptTables(endpoint);
  const env = { ...process.env, EVENTS_TABLE_NAME: tables.eventsTableName, READ_TABLE_NAME: tables.readTableName };
  try {
    if (cities === 'all') {
      // Every city with data, each in its own scope; one city's mismatch is named and the others are still checked.
      const outcomes = await eachCity(jobCities(), async (city: CityId) => {
        console.log(`\n== ${city}`);
        return verifyCity(kind, value, tables, env);
      }, { concurrency: 1, hasData: () => cityHasFunds(tables.client, tables.readTableName) });
      console.log(`\n${outcomes.map((o) => `${o.city}: ${o.status === 'done' ? (o.result ? 'OK' : 'MISMATCH') : o.status === 'skipped' ? 'no data' : `FAILED ${o.error}`}`).join('\n')}`);
      process.exitCode = outcomes.every((o) => o.status === 'skipped' || (o.status === 'done' && o.result)) ? 0 : 1;
    } else process.exitCode = (await withCity(cities, () => verifyCity(kind, value, tables, env))) ? 0 : 1;
  } finally {
    tables.client.destroy();
  }
};

await main();
