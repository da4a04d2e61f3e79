// The upgrade of a single-city store to the cities layout (issue 24 §1, docs/upgrade.md). Before
// cities, keys had no tenant; now every key of both tables begins with `C#<city>#`. This moves the
// old items into one city's key range (Liaocheng's: the one city the system served), once:
//   0. survey: every item of both tables whose PK lacks a city prefix (an original), and what the
//      city's range already holds. A key of the range holding something other than the original's
//      copy is a conflict: the run stops before writing anything.
//   1. copy: each original not yet copied is put at `C#<city>#<PK>` (GSI1PK likewise; an event item
//      also gains its `city`), nothing else changed, the Put conditioned on the key being free. The
//      read table goes first so that when the events' copies reach the bus (their INSERTs are on the
//      table stream) the projectors' cursors are already in the city's range and say "seen": nothing
//      is applied twice.
//   2. check: every original has an equal copy (item for item, both tables), and every stream of the
//      city verifies its hash chain through the city-scoped client inside `withCity(city)` (the hash
//      covers the event's fields, not its keys or its `city`).
//   3. delete the originals, only when 2 found nothing wrong.
// A run killed anywhere is finished by running it again (copies already in place count as done); a
// run that finds no original writes nothing. Writers must be stopped and the queues drained while it
// runs (docs/upgrade.md).
import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { CityId } from '../../events/cities';
import { cityKeyPrefix, withCity } from '../shared/city-scope';
import { EVENTS_TABLE } from '../shared/tables';
import { eachConcurrently } from '../seal/each-concurrently';
import { batchWriteAll } from './batch-write';
import { canonicalJson } from './canonical-json';
import { type Item, isEventItem } from './event-item';
import { createEventStore } from './event-store';
import { sha256Hex } from './hash';
import { readAllStreamHeads, scanItems } from './scan';

/** Every city's keys begin with this (`cityKeyPrefix(city)` = `C#<city>#`); an item without it is from before cities. */
export const CITY_KEY_ROOT = 'C#';

const PK = EVENTS_TABLE.partitionKey;
const SK = EVENTS_TABLE.sortKey;
const GSI1PK = EVENTS_TABLE.monthIndex.partitionKey;

/** The item `original` becomes in `city`'s range: prefixed PK (and GSI1PK), `city` on event items, nothing else changed. */
export const cityCopyOf = (original: Item, city: CityId): Item => {
  const prefix = cityKeyPrefix(city);
  const copy: Item = { ...original, [PK]: { S: `${prefix}${original[PK]?.S ?? ''}` } };
  const monthPartition = original[GSI1PK]?.S;
  if (monthPartition !== undefined) copy[GSI1PK] = { S: `${prefix}${monthPartition}` };
  if (isEventItem(original)) copy['city'] = { S: city };
  return copy;
};

const keyOf = (item: Item): string => `${item[PK]?.S ?? ''}\u0000${item[SK]?.S ?? ''}`;
const digestOf = (item: Item): string => sha256Hex(canonicalJson(item));

export interface TableMigration {
  tableName: string;
  /** Items without a city prefix found at the start of the run. */
  originals: number;
  /** Copies this run wrote. */
  copied: number;
  /** Copies already in place and equal to their original (an earlier, interrupted run wrote them). */
  alreadyCopied: number;
  /** Keys of the city's range that already hold something else: the run stops before writing anything. */
  conflicts: string[];
  /** Originals whose copy is missing or differs at the check after the copy (never expected). */
  mismatches: string[];
  /** Originals deleted by this run. */
  deleted: number;
}

export interface ChainCheck {
  streams: number;
  broken: { streamId: string; brokenAtVersion: number; reason: string }[];
}

export type MigrationStatus =
  /** Nothing without a city prefix: an earlier run finished (or the store began with cities). Nothing written. */
  | 'already-migrated'
  /** Copied, checked and the originals deleted. */
  | 'migrated'
  /** `dryRun`: counted only. */
  | 'dry-run'
  /** Conflicts (nothing written), or mismatches or a broken chain after the copy (nothing deleted); see the lists. */
  | 'stopped';

export interface CityMigration {
  city: CityId;
  status: MigrationStatus;
  /** In the order migrated: the read table, then the events table. */
  tables: { read: TableMigration; events: TableMigration };
  /** The city's chains after the copy (absent when the run did not get that far). */
  chains?: ChainCheck;
  /** Items in the city's range at the end, per table. */
  cityItems: { read: number; events: number };
}

export interface CityMigrationOptions {
  /** The unscoped client (createRawDynamoClient): it sees both the originals and every city's range. */
  raw: DynamoDBClient;
  /** A city-scoped client (createDynamoClient) on the same tables: the chains are verified through it, as the API reads them. */
  scoped: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  city: CityId;
  /** Count only; write nothing. */
  dryRun?: boolean;
  /** Writes (and chain reads) in flight at once; default 8. */
  concurrency?: number;
  /** Parallel scan segments; default 4. */
  segments?: number;
  /** Progress lines for an operator. */
  log?: (line: string) => void;
}

/** Runs `task` for every scan segment at once; a failure is rethrown once every segment has stopped, so none writes after the run ends. */
const eachSegment = async (segments: number, task: (segment: number) => Promise<void>): Promise<void> => {
  const settled = await Promise.allSettled(Array.from({ length: segments }, (_, segment) => task(segment)));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
};

/** Every item of a table without a city prefix (consistent reads: a rerun must see its own writes). */
async function* originalsOf(client: DynamoDBClient, tableName: string, segment: number, segments: number): AsyncIterable<Item> {
  yield* scanItems(client, {
    TableName: tableName,
    ConsistentRead: true,
    FilterExpression: 'NOT begins_with(#pk, :city)',
    ExpressionAttributeNames: { '#pk': PK },
    ExpressionAttributeValues: { ':city': { S: CITY_KEY_ROOT } },
    Segment: segment,
    TotalSegments: segments,
  });
}

/**
 * One consistent scan of a table: for each original, the key and content digest of its copy-to-be;
 * for each item already in the city's range, its key and digest. Digests, not items, so a large
 * table is not held in memory whole.
 */
interface Survey {
  originals: Map<string, string>;
  city: Map<string, string>;
}

const survey = async (options: CityMigrationOptions, tableName: string): Promise<Survey> => {
  const { raw, city, segments = 4 } = options;
  const prefix = cityKeyPrefix(city);
  const found: Survey = { originals: new Map(), city: new Map() };
  await eachSegment(segments, async (segment) => {
    for await (const item of scanItems(raw, { TableName: tableName, ConsistentRead: true, Segment: segment, TotalSegments: segments })) {
      const pk = item[PK]?.S ?? '';
      if (!pk.startsWith(CITY_KEY_ROOT)) {
        const copy = cityCopyOf(item, city);
        found.originals.set(keyOf(copy), digestOf(copy));
      } else if (pk.startsWith(prefix)) found.city.set(keyOf(item), digestOf(item));
    }
  });
  return found;
};

const printable = (key: string): string => key.replace('\u0000', ' ');

/** Originals whose copy is in place and equal, and the keys where the city holds something else. */
const compare = (found: Survey): { equal: Set<string>; differing: string[]; missing: string[] } => {
  const equal = new Set<string>();
  const differing: string[] = [];
  const missing: string[] = [];
  for (const [key, digest] of found.originals) {
    const there = found.city.get(key);
    if (there === digest) equal.add(key);
    else if (there === undefined) missing.push(printable(key));
    else differing.push(printable(key));
  }
  return { equal, differing: differing.sort(), missing: missing.sort() };
};

/** Step 1 for one table: a Put, conditioned on the key being free, of each original not yet copied. */
const copyTable = async (options: CityMigrationOptions, result: TableMigration, done: Set<string>): Promise<void> => {
  const { raw, city, concurrency = 8, segments = 4 } = options;
  const { tableName } = result;
  const copyOne = async (original: Item): Promise<void> => {
    const copy = cityCopyOf(original, city);
    if (done.has(keyOf(copy))) return;
    try {
      await raw.send(new PutItemCommand({ TableName: tableName, Item: copy, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }));
      result.copied++;
    } catch (error) {
      // Something took the key since the survey (writers were to be stopped): the check names it.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };
  await eachSegment(segments, async (segment) => {
    let page: Item[] = [];
    const flush = async (): Promise<void> => {
      await eachConcurrently(page, concurrency, copyOne);
      page = [];
    };
    for await (const original of originalsOf(raw, tableName, segment, segments)) {
      page.push(original);
      if (page.length >= concurrency * 8) await flush();
    }
    await flush();
  });
};

/** Every stream of the city, verified end to end through the city-scoped client, as the API and month end read it. */
export const verifyCityChains = (options: Pick<CityMigrationOptions, 'scoped' | 'eventsTableName' | 'city' | 'concurrency' | 'segments'>): Promise<ChainCheck> =>
  withCity(options.city, async () => {
    const store = createEventStore({ client: options.scoped, tableName: options.eventsTableName });
    const heads = await readAllStreamHeads(options.scoped, options.eventsTableName, options.segments ?? 4);
    const broken: ChainCheck['broken'] = [];
    let streams = 0;
    await eachConcurrently(heads, options.concurrency ?? 8, async ({ streamId, version }) => {
      if (version === 0) return;
      streams++;
      const verdict = await store.verifyStream(streamId);
      if (!verdict.ok) broken.push({ streamId, brokenAtVersion: verdict.brokenAtVersion, reason: verdict.reason });
    });
    broken.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    return { streams, broken };
  });

/** Step 3 for one table: the originals, deleted in batches (their copies are checked). */
const deleteOriginals = async (options: CityMigrationOptions, result: TableMigration): Promise<void> => {
  const { raw, concurrency = 8, segments = 4 } = options;
  const { tableName } = result;
  await eachSegment(segments, async (segment) => {
    let page: WriteRequest[] = [];
    const flush = async (): Promise<void> => {
      await batchWriteAll(raw, tableName, page, Math.max(1, Math.floor(concurrency / segments)));
      result.deleted += page.length;
      page = [];
    };
    for await (const original of originalsOf(raw, tableName, segment, segments)) {
      page.push({ DeleteRequest: { Key: { [PK]: original[PK] ?? { S: '' }, [SK]: original[SK] ?? { S: '' } } } });
      if (page.length >= 100) await flush();
    }
    await flush();
  });
};

const emptyTable = (tableName: string): TableMigration => ({ tableName, originals: 0, copied: 0, alreadyCopied: 0, conflicts: [], mismatches: [], deleted: 0 });

/** Runs the whole upgrade (or, with `dryRun`, counts what it would move); see the file's head. */
export const migrateToCity = async (options: CityMigrationOptions): Promise<CityMigration> => {
  const log = options.log ?? (() => undefined);
  const tables = { read: emptyTable(options.readTableName), events: emptyTable(options.eventsTableName) };
  // The read table first, in every step: its cursors must be in the city's range before the events' copies are published.
  const order = [
    ['read', 'read table'],
    ['events', 'events table'],
  ] as const;
  const cityItems = { read: 0, events: 0 };
  const finish = (status: MigrationStatus, chains?: ChainCheck): CityMigration => ({ city: options.city, status, tables, ...(chains === undefined ? {} : { chains }), cityItems });

  const done = { read: new Set<string>(), events: new Set<string>() };
  for (const [name, label] of order) {
    const table = tables[name];
    const found = await survey(options, table.tableName);
    const { equal, differing } = compare(found);
    Object.assign(table, { originals: found.originals.size, alreadyCopied: equal.size, conflicts: differing });
    cityItems[name] = found.city.size;
    done[name] = equal;
    log(
      `${label} ${table.tableName}: ${table.originals} item(s) without a city prefix (${equal.size} already copied), ${found.city.size} in ${options.city}'s range` +
        (differing.length > 0 ? `, ${differing.length} CONFLICT(S)` : ''),
    );
  }
  if (tables.read.originals + tables.events.originals === 0) return finish('already-migrated');
  if (tables.read.conflicts.length + tables.events.conflicts.length > 0) return finish('stopped');
  if (options.dryRun === true) return finish('dry-run');

  for (const [name, label] of order) {
    await copyTable(options, tables[name], done[name]);
    log(`${label} ${tables[name].tableName}: ${tables[name].copied} copied`);
  }

  for (const [name] of order) {
    const found = await survey(options, tables[name].tableName);
    const { differing, missing } = compare(found);
    tables[name].mismatches = [...missing, ...differing];
    cityItems[name] = found.city.size;
  }
  const chains = await verifyCityChains(options);
  const mismatches = tables.read.mismatches.length + tables.events.mismatches.length;
  log(`check: ${mismatches === 0 ? 'every original has an equal copy' : `${mismatches} original(s) WITHOUT an equal copy`}; ${chains.streams} stream(s) of ${options.city} verified, ${chains.broken.length} broken`);
  if (mismatches > 0 || chains.broken.length > 0) return finish('stopped', chains);

  for (const [name, label] of order) {
    await deleteOriginals(options, tables[name]);
    log(`${label} ${tables[name].tableName}: ${tables[name].deleted} original(s) deleted`);
  }
  return finish('migrated', chains);
};
