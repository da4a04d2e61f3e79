// Append throughput of the event store versus raw TransactWriteItems of the same shape, on one
// DynamoDB Local: each store append writes one event and its stream head (2 items); the raw
// baseline writes two pre-built items of the same size in one transaction. The gap is the store's
// own cost: validation, hashing, marshalling, conditions, cancellation mapping.
import { TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { GENESIS_HASH } from '../functions/store/hash';
import { toEventItem, toHeadItem } from '../functions/store/event-item';
import { createEventStore, type EventStore } from '../functions/store/event-store';
import type { AppendOptions, NewEvent } from '../functions/store/types';

const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 3_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const meta: AppendOptions['meta'] = { actor: 'bench', role: 'finance-bureau', requestId: 'r', correlationId: 'c' };
const newEvent = (n: number): NewEvent => ({
  type: 'CapitalInjected',
  schemaVersion: 1,
  data: { fundId: 'bench', amount: '12500000.00', source: 'city', reference: `ref-${n}` },
  occurredOn: '2024-03-15',
});

type Writer = (writerId: number, n: number) => Promise<void>;

/** Runs `writers` loops for ROUND_MS and returns events appended per second. */
const measure = async (writers: number, write: Writer): Promise<number> => {
  const deadline = Date.now() + ROUND_MS;
  const started = Date.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, writerId) => {
      let n = 0;
      while (Date.now() < deadline) await write(writerId, n++);
      return n;
    }),
  );
  return (counts.reduce((a, b) => a + b, 0) * 1000) / (Date.now() - started);
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const storeWriter = (store: EventStore, run: string): Writer => {
  const versions = new Map<number, number>();
  return async (writerId, n) => {
    const streamId = `fund-${run}-${writerId}`;
    const version = versions.get(writerId) ?? 0;
    await store.append([{ streamId, expectedVersion: version, events: [newEvent(n)], snapshot: { cash: 1_250_000_000n } }], { meta });
    versions.set(writerId, version + 1);
  };
};

/**
 * The baseline: the same two items in one TransactWriteItems, built once per call with no store
 * logic. `conditioned` adds the store's conditions (head at the previous version, event new), so
 * the ratio against it isolates the store's code from DynamoDB's cost of checking conditions.
 */
const rawWriter = (client: DynamoDBClient, tableName: string, run: string, conditioned: boolean): Writer => async (writerId, n) => {
  const streamId = `fund-${run}-${writerId}`;
  const recordedAt = new Date().toISOString();
  const event = { streamId, version: n + 1, ...newEvent(n), meta, recordedAt, prevHash: GENESIS_HASH, hash: GENESIS_HASH };
  const head = { streamId, version: n + 1, lastHash: GENESIS_HASH, snapshot: { cash: 1_250_000_000n }, updatedAt: recordedAt };
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: conditioned
        ? [
            {
              Put: {
                TableName: tableName,
                Item: toHeadItem(head),
                ConditionExpression: n === 0 ? 'attribute_not_exists(#pk)' : '#version = :previous',
                ExpressionAttributeNames: n === 0 ? { '#pk': 'PK' } : { '#version': 'version' },
                ...(n === 0 ? {} : { ExpressionAttributeValues: { ':previous': { N: String(n) } } }),
              },
            },
            { Put: { TableName: tableName, Item: toEventItem(event, 8), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'PK' } } },
          ]
        : [{ Put: { TableName: tableName, Item: toHeadItem(head) } }, { Put: { TableName: tableName, Item: toEventItem(event, 8) } }],
    }),
  );
};

export default async function appendBench(): Promise<void> {
  // Full JIT: the bench measures steady-state throughput, not startup.
  const local = await startDynamoLocal({ jvmOptions: [] });
  const client = createDynamoClient(local.endpoint);
  try {
    const { eventsTableName } = await createTables(client, { eventsTableName: 'bench-events', readTableName: 'bench-read' });
    const store = createEventStore({ client, tableName: eventsTableName });
    // Warm the JVM's JIT and the sockets so the first measured round is not the slow one.
    await measure(4, storeWriter(store, 'warm-s'));
    await measure(4, rawWriter(client, eventsTableName, 'warm-r', true));

    console.log(`rounds: ${ROUNDS} × ${ROUND_MS} ms per mode, alternating; median events/s (2 items per transaction)`);
    console.log('writers | store ev/s | raw ev/s | raw+conditions ev/s | ratio store/raw | ratio store/raw+conditions');
    for (const writers of [1, 16]) {
      const storeRates: number[] = [];
      const rawRates: number[] = [];
      const conditionedRates: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        storeRates.push(await measure(writers, storeWriter(store, `s${writers}-${round}`)));
        rawRates.push(await measure(writers, rawWriter(client, eventsTableName, `r${writers}-${round}`, false)));
        conditionedRates.push(await measure(writers, rawWriter(client, eventsTableName, `c${writers}-${round}`, true)));
      }
      const [s, r, c] = [median(storeRates), median(rawRates), median(conditionedRates)];
      const cells = [String(writers).padStart(7), s.toFixed(1).padStart(10), r.toFixed(1).padStart(8), c.toFixed(1).padStart(19), (s / r).toFixed(2).padStart(15), (s / c).toFixed(2)];
      console.log(cells.join(' | '));
    }
  } finally {
    client.destroy();
    await local.stop();
  }
}
