// The restore drill on a real data directory (issue 23 §3, docs/deploy.md "Restore drill"): copies
// BENCH_DRILL_DATA_DIR (a stopped `npm start`'s DATA_DIR after `npm run demo`: the full demo year)
// to a scratch directory, starts DynamoDB Local on the copy as the local stack does, and runs
// `npm run restore-drill` against it as an operator would, printing the drill's own phase timings,
// the wall time, the CPU seconds of DynamoDB Local's JVM and of the drill, and the load average.
// Then it compares the rebuilt read models with the live ones item by item (cursors aside) and
// prints how many items differ per consumer. BENCH_DRILL_TAMPER=1 first rewrites one event in the copy (its data changed, its hash left alone,
// as someone editing the table would), and the drill must then fail naming that stream.
//   BENCH_DRILL_DATA_DIR=/tmp/demo-data BENCH_DRILL_MONTH=2024-12 flock /work/test.lock npm run bench -- restore-drill
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { type DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { EVENTS_TABLE, READ_TABLE } from '../functions/shared/tables';
import { readAllStreamHeads, scanAllItems } from '../functions/store/scan';
import { OWNER_ATTRIBUTE } from '../functions/store/read-models/keys';
import { eventKey, streamKey } from '../functions/store/event-item';
import { treeCpu } from './support/proc-cpu';

const load = (): string => loadavg().map((n) => n.toFixed(2)).join(' ');

/** Rewrites the data of a middle event of the longest stream, leaving its hash: what the chain check must catch. */
const tamper = async (endpoint: string): Promise<string> => {
  const client = createDynamoClient(endpoint);
  try {
    const heads = await readAllStreamHeads(client, EVENTS_TABLE.name);
    const longest = heads.reduce((a, b) => (b.version > a.version ? b : a));
    const Key = { PK: { S: streamKey(longest.streamId) }, SK: { S: eventKey(Math.ceil(longest.version / 2)) } };
    const { Item } = await client.send(new GetItemCommand({ TableName: EVENTS_TABLE.name, Key, ConsistentRead: true }));
    if (Item?.data?.M === undefined) throw new Error(`no event at ${longest.streamId}@${Math.ceil(longest.version / 2)}`);
    await client.send(new PutItemCommand({ TableName: EVENTS_TABLE.name, Item: { ...Item, data: { M: { ...Item.data.M, tampered: { S: 'yes' } } } } }));
    return `${longest.streamId}@v${Math.ceil(longest.version / 2)}`;
  } finally {
    client.destroy();
  }
};

/** Owned read-model items but cursors, by key, as sorted JSON. */
const readModel = async (client: DynamoDBClient, tableName: string): Promise<Map<string, { owner: string; json: string }>> => {
  const items = new Map<string, { owner: string; json: string }>();
  for (const raw of await scanAllItems(client, { TableName: tableName, ConsistentRead: true }, 4)) {
    const item = unmarshall(raw) as Record<string, unknown>;
    const owner = item[OWNER_ATTRIBUTE];
    if (typeof owner !== 'string' || String(item.PK).startsWith('CURSOR#')) continue;
    items.set(`${String(item.PK)}|${String(item.SK)}`, { owner, json: JSON.stringify(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) });
  }
  return items;
};

/** The live read model against the drill's rebuilt one: items compared and differing, per consumer. */
const compareReadModels = async (endpoint: string): Promise<void> => {
  const client = createDynamoClient(endpoint);
  try {
    const rebuiltTable = (await client.send(new ListTablesCommand({}))).TableNames?.find((name) => name.includes('-restored-') && name.endsWith('-read'));
    if (rebuiltTable === undefined) return console.log('no rebuilt read table kept to compare');
    const [live, rebuilt] = await Promise.all([readModel(client, READ_TABLE.name), readModel(client, rebuiltTable)]);
    const tally = new Map<string, { compared: number; differing: number; example?: string }>();
    for (const key of new Set([...live.keys(), ...rebuilt.keys()])) {
      const a = live.get(key);
      const b = rebuilt.get(key);
      const owner = a?.owner ?? b?.owner ?? '?';
      const row = tally.get(owner) ?? { compared: 0, differing: 0 };
      row.compared++;
      if (a?.json !== b?.json) {
        row.differing++;
        row.example ??= `${key}: live ${a?.json.slice(0, 200) ?? 'missing'} / rebuilt ${b?.json.slice(0, 200) ?? 'missing'}`;
      }
      tally.set(owner, row);
    }
    for (const [owner, row] of tally) console.log(`read model ${owner}: ${row.compared} items compared, ${row.differing} differ${row.example === undefined ? '' : `, e.g. ${row.example}`}`);
  } finally {
    client.destroy();
  }
};

export default async function bench(): Promise<void> {
  const source = process.env['BENCH_DRILL_DATA_DIR'];
  if (source === undefined || source === '') {
    console.log('set BENCH_DRILL_DATA_DIR to a stopped local stack\'s DATA_DIR with the demo year in it (docs/deploy.md, "Restore drill")');
    return;
  }
  const month = process.env['BENCH_DRILL_MONTH'] ?? '2024-12';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-drill-'));
  cpSync(source, dataDir, { recursive: true });
  const dynamo = await startDynamoLocal({ dataDir: path.join(dataDir, 'dynamodb') });
  try {
    if (process.env['BENCH_DRILL_TAMPER'] === '1') console.log(`tampered with ${await tamper(dynamo.endpoint)} (data changed, hash kept)`);
    const jvmBefore = treeCpu(dynamo.pid).reduce((sum, p) => sum + p.seconds, 0);
    console.log(`load average before: ${load()}`);
    const started = performance.now();
    const loads: string[] = [];
    const sampler = setInterval(() => loads.push(loadavg()[0]?.toFixed(2) ?? '?'), 10_000);
    const drill = spawn('npx', ['tsx', 'scripts/restore-drill.ts', '--endpoint', dynamo.endpoint, '--month', month, '--keep'], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let drillCpu = 0;
    const drillSampler = setInterval(() => {
      drillCpu = Math.max(drillCpu, treeCpu(drill.pid ?? 0).reduce((sum, p) => sum + p.seconds, 0));
    }, 1000);
    const code = await new Promise<number | null>((resolve) => drill.on('exit', resolve));
    clearInterval(sampler);
    clearInterval(drillSampler);
    const wall = (performance.now() - started) / 1000;
    const jvm = treeCpu(dynamo.pid).reduce((sum, p) => sum + p.seconds, 0) - jvmBefore;
    console.log(`drill exit code ${code}; wall ${wall.toFixed(1)} s; DynamoDB Local JVM ${jvm.toFixed(1)} s CPU (${((100 * jvm) / wall).toFixed(0)} % of a core); drill process tree ≥ ${drillCpu.toFixed(1)} s CPU`);
    console.log(`load average after: ${load()}; 1-min samples every 10 s: ${loads.join(' ') || '-'}`);
    await compareReadModels(dynamo.endpoint);
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
