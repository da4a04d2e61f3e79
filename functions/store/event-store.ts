// The event store (DESIGN §2): streams with optimistic concurrency, one TransactWriteItems per
// command across every stream it touches, permanent idempotency records, a hash chain per stream
// (sha256 or sm3, the deployment's setting, named on every event) and a write-sharded month index.
// The only module that writes events.
import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { EVENTS_TABLE, EVENT_KEYS } from '../shared/tables';
import { ConcurrencyConflict, IdempotencyMismatch, StreamNotFound, TransactionTooLarge } from './errors';
import {
  type IdempotencyRecord,
  type Item,
  eventKey,
  fromEventItem,
  fromHeadItem,
  fromIdempotencyItem,
  idempotencyKey,
  streamKey,
  toEventItem,
  toHeadItem,
  toIdempotencyItem,
} from './event-item';
import { coalescedGet } from './coalesced-get';
import { createStreamMemory } from './stream-memory';
import { GENESIS_HASH, linkEvent } from './hash';
import { type HashAlgorithm, hashAlgorithmFromEnv } from './hash-algorithm';
import { readMonthEvents, readRecordedTogether } from './read-month';
import { readVersions, type VersionRange } from './read-versions';
import type { AppendOptions, AppendResult, StoredEvent, StreamAppend, StreamHead, VerifyResult, VoucherClaim } from './types';
import { validateAppends } from './validate-append';
import { verifyEvents } from './verify-stream';

export const MAX_TRANSACTION_ITEMS = 100;

export interface EventStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** GSI partitions per month; must match what wrote the data (EVENTS_TABLE.monthShards). */
  monthShards?: number;
  /** Clock for recordedAt; injectable so tests can spread events in time. */
  now?: () => Date;
  /** Algorithm of the chain links this store writes; default: the HASH_ALGORITHM setting (sha256 when unset). */
  hashAlgorithm?: HashAlgorithm;
}

export interface ReadRange {
  fromVersion?: number;
  toVersion?: number;
}

/** The month's voucher counter item: the number its next voucher takes (1 before the first). */
const nextVoucherOf = (item: Record<string, { N?: string }> | undefined): number => Number(item?.next?.N ?? '1');

/**
 * A period stream: head, events and the month's voucher counter. Without events (no head) it costs
 * two keys of a BatchGetItem; with events, one consistent Query of its partition as well.
 */
export interface StreamWithVouchers {
  head: StreamHead | undefined;
  events: StoredEvent[];
  /** The number the month's next voucher takes (1 when none was taken yet). */
  nextVoucher: number;
}

export interface EventStore {
  append(appends: StreamAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Everything kept under a (period) stream's key, consistently: see StreamWithVouchers. */
  readStreamWithVouchers(streamId: string): Promise<StreamWithVouchers>;
  readStream(streamId: string, range?: ReadRange): Promise<StoredEvent[]>;
  readStreamOrThrow(streamId: string, range?: ReadRange): Promise<StoredEvent[]>;
  /** Given versions of several streams in one read (functions/store/read-versions.ts); missing ones are absent. */
  readVersions(ranges: readonly VersionRange[]): Promise<StoredEvent[]>;
  readHead(streamId: string): Promise<StreamHead | undefined>;
  /**
   * The head this store last wrote or read for the stream, without a request: maybe behind the
   * stream by now (another process appended), never ahead of it. Undefined when it saw none.
   */
  rememberedHead(streamId: string): StreamHead | undefined;
  verifyStream(streamId: string): Promise<VerifyResult>;
  readMonth(month: string): AsyncIterable<StoredEvent>;
  /** Events appended in the same transaction as this one (same recordedAt and business date), in any stream. */
  readRecordedTogether(event: Pick<StoredEvent, 'occurredOn' | 'recordedAt'>): Promise<StoredEvent[]>;
  getIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
}

/** What each transaction item stands for, so a cancellation reason can be mapped back by index. */
type Condition = Pick<NonNullable<TransactWriteItem['ConditionCheck']>, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;

type ItemRole = { kind: 'head'; streamId: string; expectedVersion: number } | { kind: 'event' } | { kind: 'idempotency' } | { kind: 'voucher'; claim: VoucherClaim };

/** Items one append needs: a head write or check per stream, one Put per event, the idempotency record, the voucher counter. */
export const transactionItemCount = (appends: StreamAppend[], options: Pick<AppendOptions, 'idempotency' | 'voucher'>): number =>
  appends.reduce((sum, append) => sum + 1 + append.events.length, 0) + (options.idempotency === undefined ? 0 : 1) + (options.voucher === undefined ? 0 : 1);

export const createEventStore = ({
  client,
  tableName,
  monthShards = EVENTS_TABLE.monthShards,
  now = () => new Date(),
  hashAlgorithm = hashAlgorithmFromEnv(),
}: EventStoreOptions): EventStore => {
  // The last head read or written per stream: its item as a read returns it (rememberedHead parses
  // it), with the two fields an append needs. version -> lastHash is immutable once written (event
  // Puts are attribute_not_exists), so a remembered head never gives a wrong hash for its version
  // and saves the head read before an append; a stale one cannot corrupt the chain, as the head
  // condition also checks lastHash.
  const memory = createStreamMemory<{ version: number; lastHash: string; item: Item }>();
  const keep = (head: StreamHead, item: Item): void => memory.remember(head.streamId, { version: head.version, lastHash: head.lastHash, item });
  /** A head read from the table: parsed, and kept. */
  const remember = (item: Item): StreamHead => {
    const head = fromHeadItem(item);
    keep(head, item);
    return head;
  };

  // Heads asked for in the same turn (a command's own heads and the policy head) share one request.
  const getItem = coalescedGet(client, tableName);
  const readHead = async (streamId: string): Promise<StreamHead | undefined> => {
    const Item = await getItem({ [EVENTS_TABLE.partitionKey]: { S: streamKey(streamId) }, [EVENTS_TABLE.sortKey]: { S: EVENT_KEYS.head } });
    return Item === undefined ? undefined : remember(Item);
  };

  // Through the coalesced reads too: the pipeline asks for a command's record in the same turn as its heads.
  const getIdempotencyRecord = async (key: string): Promise<IdempotencyRecord | undefined> => {
    const Item = await getItem({ [EVENTS_TABLE.partitionKey]: { S: idempotencyKey(key) }, [EVENTS_TABLE.sortKey]: { S: EVENT_KEYS.idempotencySortKey } });
    return Item === undefined ? undefined : fromIdempotencyItem(Item);
  };

  const replayOrMismatch = (record: IdempotencyRecord, requestHash: string): AppendResult | IdempotencyMismatch =>
    record.requestHash === requestHash ? { status: 'replayed', result: record.result } : new IdempotencyMismatch(record.key);

  /** The hash the next event of a stream chains from; throws a conflict early when the head moved on. */
  const previousHash = async (append: StreamAppend): Promise<string> => {
    if (append.expectedVersion === 0) return GENESIS_HASH;
    const known = memory.get(append.streamId);
    if (known?.version === append.expectedVersion) return known.lastHash;
    const head = await readHead(append.streamId);
    if (head === undefined || head.version !== append.expectedVersion) throw new ConcurrencyConflict(append.streamId, append.expectedVersion);
    return head.lastHash;
  };

  const headKey = (streamId: string) => ({
    [EVENTS_TABLE.partitionKey]: { S: streamKey(streamId) },
    [EVENTS_TABLE.sortKey]: { S: EVENT_KEYS.head },
  });

  /** "The stream is still where the caller saw it": absent for 0, else at the version (and hash, when known). */
  const headCondition = (expectedVersion: number, lastHash?: string): Condition => {
    if (expectedVersion === 0) return { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': EVENTS_TABLE.partitionKey } };
    if (lastHash === undefined) {
      return { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } } };
    }
    return {
      ConditionExpression: '#version = :expected AND #lastHash = :lastHash',
      ExpressionAttributeNames: { '#version': 'version', '#lastHash': 'lastHash' },
      ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) }, ':lastHash': { S: lastHash } },
    };
  };

  /** The month's voucher counter moves from claim.from to claim.to, on condition it is still at from. */
  const voucherUpdate = (claim: VoucherClaim): TransactWriteItem => ({
    Update: {
      TableName: tableName,
      Key: { [EVENTS_TABLE.partitionKey]: { S: streamKey(claim.periodStreamId) }, [EVENTS_TABLE.sortKey]: { S: EVENT_KEYS.vouchers } },
      UpdateExpression: 'SET #next = :to',
      ...(claim.from === 1
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#next': 'next', '#pk': EVENTS_TABLE.partitionKey }, ExpressionAttributeValues: { ':to': { N: String(claim.to) } } }
        : {
            ConditionExpression: '#next = :from',
            ExpressionAttributeNames: { '#next': 'next' },
            ExpressionAttributeValues: { ':from': { N: String(claim.from) }, ':to': { N: String(claim.to) } },
          }),
    },
  });

  const putNew = (item: Item): TransactWriteItem => ({
    Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': EVENTS_TABLE.partitionKey } },
  });

  const append = async (appends: StreamAppend[], options: AppendOptions): Promise<AppendResult> => {
    validateAppends(appends);
    const itemCount = transactionItemCount(appends, options);
    if (itemCount > MAX_TRANSACTION_ITEMS) throw new TransactionTooLarge(itemCount, MAX_TRANSACTION_ITEMS);

    // No idempotency read here: the record's Put is conditioned on not existing, so a repeated key
    // cancels the transaction and resolveCancellation answers with the first result (or a mismatch).
    // Callers that must not answer a new decision to a repeat (the pipeline) read the key with their heads.
    const idempotency = options.idempotency;

    const recordedAt = now().toISOString();
    const meta = idempotency === undefined ? options.meta : { ...options.meta, idempotencyKey: idempotency.key };
    const items: TransactWriteItem[] = [];
    const roles: ItemRole[] = [];
    const written: { streamId: string; version: number; events: StoredEvent[] }[] = [];
    const headsWritten: { head: StreamHead; item: Item }[] = [];

    const prevHashes = await Promise.all(appends.map((a) => (a.events.length === 0 ? Promise.resolve(undefined) : previousHash(a))));
    appends.forEach((streamAppend, index) => {
      const { streamId, expectedVersion } = streamAppend;
      roles.push({ kind: 'head', streamId, expectedVersion });
      if (streamAppend.events.length === 0) {
        items.push({ ConditionCheck: { TableName: tableName, Key: headKey(streamId), ...headCondition(expectedVersion) } });
        written.push({ streamId, version: expectedVersion, events: [] });
        return;
      }
      const expectedHash = prevHashes[index] ?? GENESIS_HASH;
      let prevHash = expectedHash;
      const events = streamAppend.events.map((event, offset): StoredEvent => {
        const hashed = {
          streamId,
          version: expectedVersion + offset + 1,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          meta,
          occurredOn: event.occurredOn,
          recordedAt,
          ...(event.voucherNo === undefined ? {} : { voucherNo: event.voucherNo }),
          hashAlgorithm,
        };
        const stored = linkEvent(prevHash, hashed);
        prevHash = stored.hash;
        return stored;
      });
      const version = expectedVersion + events.length;
      const head: StreamHead = {
        streamId,
        version,
        lastHash: prevHash,
        snapshot: streamAppend.snapshot,
        ...(streamAppend.snapshotVersion === undefined ? {} : { snapshotVersion: streamAppend.snapshotVersion }),
        updatedAt: recordedAt,
      };
      const headItem = toHeadItem(head);
      headsWritten.push({ head, item: headItem });
      items.push({ Put: { TableName: tableName, Item: headItem, ...headCondition(expectedVersion, expectedHash) } });
      for (const event of events) {
        items.push(putNew(toEventItem(event, monthShards)));
        roles.push({ kind: 'event' });
      }
      written.push({ streamId, version, events });
    });
    if (options.voucher !== undefined) {
      items.push(voucherUpdate(options.voucher));
      roles.push({ kind: 'voucher', claim: options.voucher });
    }
    if (idempotency !== undefined) {
      const record = { key: idempotency.key, requestHash: idempotency.requestHash, result: idempotency.result, createdAt: recordedAt };
      items.push(putNew(toIdempotencyItem(record)));
      roles.push({ kind: 'idempotency' });
    }

    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const outcome = await resolveCancellation(error, roles, options);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
    for (const { head, item } of headsWritten) keep(head, item);
    return { status: 'appended', streams: written };
  };

  /** Maps DynamoDB's per-item cancellation reasons back to the stream or record that failed. */
  const resolveCancellation = async (error: TransactionCanceledException, roles: ItemRole[], options: AppendOptions): Promise<AppendResult | Error> => {
    const reasons = error.CancellationReasons ?? [];
    const failed = (index: number): boolean => {
      const code = reasons[index]?.Code;
      return code !== undefined && code !== 'None';
    };
    const idemIndex = roles.findIndex((role) => role.kind === 'idempotency');
    const firstHead = roles.find((role) => role.kind === 'head');
    if (idemIndex >= 0 && failed(idemIndex) && options.idempotency !== undefined) {
      // A concurrent twin with the same key got there first: answer as its replay would.
      const record = await getIdempotencyRecord(options.idempotency.key);
      if (record !== undefined) return replayOrMismatch(record, options.idempotency.requestHash);
    }
    for (const [index, role] of roles.entries()) {
      if (role.kind === 'head' && failed(index)) return new ConcurrencyConflict(role.streamId, role.expectedVersion);
      // Another command of the fund and month took the voucher number first: re-read and retry.
      if (role.kind === 'voucher' && failed(index)) return new ConcurrencyConflict(role.claim.periodStreamId, role.claim.from);
    }
    // No head failed yet the transaction was cancelled (a transaction conflict on an event or
    // idempotency item): the state moved under us, which a retry after re-reading resolves.
    if (firstHead?.kind === 'head' && reasons.some((r) => r.Code === 'TransactionConflict')) return new ConcurrencyConflict(firstHead.streamId, firstHead.expectedVersion);
    return error;
  };

  const readStreamWithVouchers = async (streamId: string): Promise<StreamWithVouchers> => {
    // First the head and the counter, through the coalesced reads: a command asks for them in the
    // same turn as its own heads, so they ride in its BatchGetItem. No head means no event (every
    // append writes the head), which is every open month until month end; only a stream with events
    // needs its partition read.
    const [head, counter] = await Promise.all([
      getItem({ [EVENTS_TABLE.partitionKey]: { S: streamKey(streamId) }, [EVENTS_TABLE.sortKey]: { S: EVENT_KEYS.head } }),
      getItem({ [EVENTS_TABLE.partitionKey]: { S: streamKey(streamId) }, [EVENTS_TABLE.sortKey]: { S: EVENT_KEYS.vouchers } }),
    ]);
    if (head === undefined) return { head: undefined, events: [], nextVoucher: nextVoucherOf(counter) };
    const found: StreamWithVouchers = { head: undefined, events: [], nextVoucher: 1 };
    let startKey: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': EVENTS_TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': { S: streamKey(streamId) } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = item[EVENTS_TABLE.sortKey]?.S;
        if (sk === EVENT_KEYS.head) found.head = remember(item);
        else if (sk === EVENT_KEYS.vouchers) found.nextVoucher = nextVoucherOf(item);
        else if (sk?.startsWith(EVENT_KEYS.eventPrefix) === true) found.events.push(fromEventItem(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return found;
  };

  return {
    append,
    readStreamWithVouchers,
    readHead,
    rememberedHead: (streamId) => {
      const item = memory.get(streamId)?.item;
      return item === undefined ? undefined : fromHeadItem(item);
    },
    getIdempotencyRecord,
    readStream: (streamId, range = {}) => readStream(client, tableName, streamId, range),
    readVersions: (ranges) => readVersions(client, tableName, ranges),
    readStreamOrThrow: async (streamId, range = {}) => {
      if ((await readHead(streamId)) === undefined) throw new StreamNotFound(streamId);
      return readStream(client, tableName, streamId, range);
    },
    verifyStream: async (streamId) => {
      const head = await readHead(streamId);
      if (head === undefined) throw new StreamNotFound(streamId);
      return verifyEvents(head, pagesOf(client, tableName, streamId, {}), () => readHead(streamId));
    },
    readMonth: (month) => readMonthEvents({ client, tableName, shards: monthShards, month }),
    readRecordedTogether: (event) => readRecordedTogether({ client, tableName, shards: monthShards }, event),
  };
};

/** Raw event items of a stream in version order, page by page (strongly consistent). */
async function* pagesOf(client: DynamoDBClient, tableName: string, streamId: string, range: ReadRange): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': EVENTS_TABLE.partitionKey, '#sk': EVENTS_TABLE.sortKey },
        ExpressionAttributeValues: {
          ':pk': { S: streamKey(streamId) },
          ':from': { S: eventKey(Math.max(1, range.fromVersion ?? 1)) },
          ':to': { S: eventKey(range.toVersion ?? 10 ** EVENT_KEYS.versionDigits - 1) },
        },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

const readStream = async (client: DynamoDBClient, tableName: string, streamId: string, range: ReadRange): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const item of pagesOf(client, tableName, streamId, range)) events.push(fromEventItem(item));
  return events;
};
