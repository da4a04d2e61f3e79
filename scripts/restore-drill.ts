// The restore drill (issue 15 §2, docs/deploy.md "Restore drill"): restore the events table into a
// new table, rebuild the read models from it into a fresh read table, verify every hash chain and the
// latest seal, and reconcile a month against the original. Exit code 1 if anything differs; it prints
// how long each phase took. The original tables are only read: interrupted (Ctrl-C), it deletes the
// tables it created locally and exits 130, and a rerun starts over on newly named tables.
// One city at a time (issue 24 §1): --city <id> (default liaocheng) restores, rebuilds, verifies and
// reconciles that city's key range only, against that city's seals.
//   npm run restore-drill -- [--city <id>] [--month YYYY-MM] [--keep] [--endpoint URL]
//       locally (a running `npm start`, or --endpoint): the restore is a copy of the events table
//   npm run restore-drill -- --restored-table NAME [--city <id>] [--month YYYY-MM] [--seal-date YYYY-MM-DD]
//       in AWS: NAME is the table AWS Backup restored into (aws backup start-restore-job); set
//       EVENTS_TABLE_NAME / READ_TABLE_NAME to the originals and SEAL_BUCKET_NAME to the seal bucket
import { DeleteTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { CityId } from '../events/cities';
import { withCity } from '../functions/shared/city-scope';
import { businessDate, month } from '../events/primitives';
import { previousMonth } from '../functions/month-end/reconcile';
import { runRestoreDrill } from '../functions/restore/restore-drill';
import { sealStoreFromEnv } from '../functions/seal/context';
import { eventsTableDefinition, readTableDefinition } from '../functions/shared/tables';
import { copyTable } from '../infra/local/copy-table';
import { ensureTable } from '../infra/local/create-tables';
import { scriptTables, splitEndpoint } from './lib/dynamo-endpoint';
import { splitCities } from './lib/city-args';

const options = z
  .object({ month: month.optional(), restoredTable: z.string().min(3).optional(), sealDate: businessDate.optional(), keep: z.boolean() })
  .strict();

const parseArgs = (argv: string[]): z.infer<typeof options> => {
  const raw: Record<string, unknown> = { keep: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--keep') raw.keep = true;
    else if (flag === '--month') raw.month = argv[++i];
    else if (flag === '--restored-table') raw.restoredTable = argv[++i];
    else if (flag === '--seal-date') raw.sealDate = argv[++i];
    else raw[`unknown ${flag}`] = true;
  }
  return options.parse(raw);
};

const main = async (): Promise<void> => {
  const { endpoint, rest: afterEndpoint } = splitEndpoint(process.argv.slice(2).filter((arg) => arg !== '--'));
  const { cities: city, rest } = splitCities(afterEndpoint);
  const parsed = (() => {
    try {
      return parseArgs(rest);
    } catch {
      return undefined;
    }
  })();
  if (parsed === undefined || city === undefined || city === 'all') {
    console.error('usage: npm run restore-drill -- [--city <id>] [--month YYYY-MM] [--restored-table NAME] [--seal-date YYYY-MM-DD] [--keep] [--endpoint URL]');
    process.exitCode = 2;
    return;
  }
  // Everything below reads and writes the city's key range and its seals only.
  await withCity(city, () => drill(city, parsed, endpoint));
};

const drill = async (city: CityId, parsed: z.infer<typeof options>, endpoint: string | undefined): Promise<void> => {
  console.log(`restore drill of ${city}`);
  const tables = scriptTables(endpoint);
  const { client } = tables;
  const drillMonth = parsed.month ?? previousMonth(new Date());
  const stamp = new Date().toISOString().replace(/[-:T.Z]/g, '').slice(0, 14);
  const restoredEvents = parsed.restoredTable ?? `${tables.eventsTableName}-restored-${city}-${stamp}`;
  const restored = { eventsTableName: restoredEvents, readTableName: `${restoredEvents}-read` };
  const created: string[] = [];
  const step = (n: number, text: string): void => console.log(`${n}. ${text}`);
  const dropCreated = async (): Promise<void> => {
    if (!parsed.keep && tables.endpoint !== undefined) {
      for (const name of created.splice(0)) await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    } else if (created.length > 0) console.log(`kept ${created.join(', ')}`);
  };
  const interrupted = (): void => {
    console.error(`\ninterrupted: the original tables were only read; deleting ${created.join(', ') || 'nothing created yet'}`);
    void dropCreated().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const drillStarted = Date.now();
  let copyMs = 0;
  try {
    if (parsed.restoredTable === undefined) {
      if (tables.endpoint === undefined) throw new Error('in AWS, restore with AWS Backup first and pass --restored-table (docs/deploy.md)');
      const started = Date.now();
      created.push(restored.eventsTableName);
      const items = await copyTable(client, tables.eventsTableName, eventsTableDefinition(restored.eventsTableName)).catch((error: unknown) => {
        // Someone else's table of that name: never ours to delete.
        if (error instanceof ResourceInUseException) created.pop();
        throw error;
      });
      copyMs = Date.now() - started;
      step(1, `restored ${tables.eventsTableName} into ${restored.eventsTableName} (${items} items, ${copyMs} ms; locally a copy stands in for AWS Backup)`);
    } else step(1, `using ${restored.eventsTableName}, restored by AWS Backup`);
    await ensureTable(client, readTableDefinition(restored.readTableName));
    created.push(restored.readTableName);
    step(2, `created the empty read table ${restored.readTableName}`);

    const env = { ...process.env, EVENTS_TABLE_NAME: tables.eventsTableName };
    const report = await runRestoreDrill({
      client,
      original: { eventsTableName: tables.eventsTableName, readTableName: tables.readTableName },
      restored,
      month: drillMonth,
      seals: sealStoreFromEnv(env),
      ...(parsed.sealDate === undefined ? {} : { sealDate: parsed.sealDate }),
    });
    step(3, `rebuilt the read models from ${report.loaded.events} events (${report.loaded.items} items read): ${report.rebuilt.map((r) => `${r.consumer} ${r.eventsApplied} events of ${r.streams} streams, ${r.itemsWritten} items`).join('; ')}`);
    step(4, `verified ${report.chains.streams} hash chains: ${report.chains.broken.length === 0 ? 'all intact' : `BROKEN ${report.chains.broken.map((b) => `${b.streamId}@v${b.brokenAtVersion}`).join(', ')}`}`);
    step(5, report.seal === null ? 'no seal to verify against' : `seal of ${report.seal.date}: ${report.seal.ok ? `${report.seal.streamsChecked} streams reach their sealed hashes` : `MISMATCH ${report.seal.mismatches.map((m) => m.streamId).join(', ')}`}`);
    const m = report.month;
    step(6, `month ${m.month}: ${m.events.restored}/${m.events.original} events identical${m.events.differing.length > 0 ? `, DIFFERING ${m.events.differing.slice(0, 20).join(', ')}` : ''}; balances of ${m.balances.funds} funds ${m.balances.differing.length === 0 ? 'equal' : `DIFFER for ${m.balances.differing.join(', ')}`}; ${m.reports.compared} month-end reports ${m.reports.differing.length === 0 ? 'reproduced' : `DIFFER for ${m.reports.differing.join(', ')}`}`);
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    console.log(`phases: copy ${seconds(copyMs)}, ${report.phases.map((p) => `${p.phase} ${seconds(p.ms)}`).join(', ')}; total ${seconds(Date.now() - drillStarted)}`);
    console.log(report.ok ? 'RESTORE DRILL PASSED' : 'RESTORE DRILL FAILED');
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await dropCreated();
    client.destroy();
  }
};

await main();
