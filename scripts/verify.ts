// Verifies the books against their seals (issue 15 §3–4); exit code 1 names what no longer matches.
//   npm run verify -- 2026-11-30               the seal of that day against the events as they are now
//   npm run verify -- --month 2026-11          every seal of the month (what month end checks)
//   npm run verify -- --archive 2026-11        the month's archive read back and checked against its seal
//   ... [--endpoint http://127.0.0.1:PORT]
// Seals come from SEAL_BUCKET_NAME (S3) or <DATA_DIR>/seals/, archives from ARCHIVE_BUCKET_NAME or
// <DATA_DIR>/archive/; the events from the DynamoDB that scripts/lib/dynamo-endpoint.ts picks.
// In the cloud the seal Lambda does the same: {"verify": "2026-11-30"} or {"verifyMonth": "2026-11"}.
import * as z from 'zod';
import { businessDate, month } from '../events/primitives';
import { archiveDepsFromEnv } from '../functions/archive/context';
import { verifyArchive } from '../functions/archive/verify-archive';
import { sealStoreFromEnv } from '../functions/seal/context';
import { SealNotFound, type SealVerification, verifyMonthSeals, verifySealOf } from '../functions/seal/verify-seal';
import { createEventStore } from '../functions/store/event-store';
import { scriptTables, splitEndpoint } from './lib/dynamo-endpoint';

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

const main = async (): Promise<void> => {
  const { endpoint, rest } = splitEndpoint(process.argv.slice(2).filter((arg) => arg !== '--'));
  const parsed = args.safeParse(rest);
  if (!parsed.success) {
    console.error('usage: npm run verify -- <YYYY-MM-DD> | --month <YYYY-MM> | --archive <YYYY-MM>  [--endpoint URL]');
    process.exitCode = 2;
    return;
  }
  const { kind, value } = parsed.data;
  const tables = scriptTables(endpoint);
  const env = { ...process.env, EVENTS_TABLE_NAME: tables.eventsTableName, READ_TABLE_NAME: tables.readTableName };
  const source = { store: createEventStore({ client: tables.client, tableName: tables.eventsTableName }), seals: sealStoreFromEnv(env) };
  console.log(`verifying ${kind} ${value}: events in ${tables.eventsTableName} at ${tables.endpoint ?? 'AWS'}, seals in ${source.seals.location}`);
  try {
    if (kind === 'seal') process.exitCode = printSeals(await verifySealOf(source, value)) ? 0 : 1;
    else if (kind === 'month') process.exitCode = printSeals(await verifyMonthSeals(source, value)) ? 0 : 1;
    else {
      const { objects } = archiveDepsFromEnv(env, tables.client);
      const result = await verifyArchive(objects, source.seals, value);
      console.log(`archive ${value} in ${objects.location}: ${result.eventsChecked} event(s), ${result.streamsVouchedBySeal} stream(s) vouched by the seal, ${result.eventsAfterSeal} recorded after it`);
      for (const problem of result.problems) console.log(`  ${problem}`);
      console.log(result.ok ? 'OK: the archive reads back whole and matches its seal' : 'MISMATCH');
      process.exitCode = result.ok ? 0 : 1;
    }
  } catch (error) {
    if (!(error instanceof SealNotFound)) throw error;
    console.log(`${error.message} in ${source.seals.location}`);
    process.exitCode = 1;
  } finally {
    tables.client.destroy();
  }
};

await main();
