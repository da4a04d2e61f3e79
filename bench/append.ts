// Append throughput of the event store versus raw TransactWriteItems of the same shape, on one
// DynamoDB Local: each store append writes one event and its stream head (2 items); the raw
// baseline writes two pre-built items of the same size in one transaction. The gap is the store's
// own cost: validation, hashing, marshalling, conditions, cancellation mapping.
// Then the store against its peer (bench/support/peers.ts): each command appends one event with a
// 605-byte payload to one of 100 streams and records its idempotency key with the answer — the
// store in one transaction; Castore's DynamoDB adapter between Powertools-style idempotency writes;
// and the raw three-item transaction. Same DynamoDB Local, interleaved rounds, 1 and 16 writers,
// with the capacity DynamoDB reports per command.
import { TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '../infra/local/create-tables';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { createDynamoClient } from '../functions/store/dynamo-client';
import { GENESIS_HASH } from '../functions/store/hash';
import { toEventItem, toHeadItem } from '../functions/store/event-item';
import { createEventStore, type EventStore } from '../functions/store/event-store';
import type { AppendOptions, JsonObject, JsonValue, NewEvent } from '../functions/store/types';
import { trackCapacity } from './support/capacity';
import { castoreWithPowertools, createPeerTables, type PeerCommand, rawThreeItems } from './support/peers';

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
                ConditionExpression: n === 0 ? 'attribute_not_exists(#pk)' : '#version = :previous AND #lastHash = :lastHash',
                ExpressionAttributeNames: n === 0 ? { '#pk': 'PK' } : { '#version': 'version', '#lastHash': 'lastHash' },
                ...(n === 0 ? {} : { ExpressionAttributeValues: { ':previous': { N: String(n) }, ':lastHash': { S: GENESIS_HASH } } }),
              },
            },
            { Put: { TableName: tableName, Item: toEventItem(event, 8), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'PK' } } },
          ]
        : [{ Put: { TableName: tableName, Item: toHeadItem(head) } }, { Put: { TableName: tableName, Item: toEventItem(event, 8) } }],
    }),
  );
};

const PEER_STREAMS = 100;
/** data of a CapitalInjected whose JSON is 605 bytes (the measured payload). */
const peerData = (n: number): JsonObject => {
  const base = { fundId: 'bench', amount: '12500000.00', source: 'city', reference: `ref-${n}`, note: '' };
  return { ...base, note: 'x'.repeat(605 - JSON.stringify(base).length) };
};
const peerResult: JsonValue = { status: 201, body: { fundId: 'bench', streamId: 'fund-bench', version: 1, cash: '12500000.00' } };

type PeerMode = 'store' | 'castore' | 'raw';

/** Writer w serves streams w, w + writers, …: no two writers share a stream, so no conflicts. */
const peerWriter = (run: string, writers: number, send: (command: PeerCommand) => Promise<void>): Writer => {
  const versions = new Map<string, number>();
  return async (writerId, n) => {
    const mine = Math.ceil((PEER_STREAMS - writerId) / writers);
    const streamId = `fund-${run}-${writerId + (n % mine) * writers}`;
    const version = (versions.get(streamId) ?? 0) + 1;
    await send({ streamId, version, type: 'CapitalInjected', data: peerData(n), meta, idempotencyKey: `${run}-${writerId}-${n}`, requestHash: 'h'.repeat(64), result: peerResult });
    versions.set(streamId, version);
  };
};

const storeSender = (store: EventStore): ((command: PeerCommand) => Promise<void>) => async (command) => {
  await store.append([{ streamId: command.streamId, expectedVersion: command.version - 1, events: [{ type: command.type, schemaVersion: 1, data: command.data, occurredOn: '2024-03-15' }] }], {
    meta: command.meta,
    idempotency: { key: command.idempotencyKey, requestHash: command.requestHash, result: command.result },
  });
};

const peerBench = async (client: DynamoDBClient, store: EventStore, eventsTableName: string): Promise<void> => {
  await createPeerTables(client);
  const capacity = trackCapacity(client);
  const senders: Record<PeerMode, (command: PeerCommand) => Promise<void>> = {
    store: storeSender(store),
    castore: castoreWithPowertools(client),
    raw: rawThreeItems(client, eventsTableName),
  };
  for (const mode of Object.keys(senders) as PeerMode[]) await measure(4, peerWriter(`warm-${mode}`, 4, senders[mode]));
  console.log(`\nstore vs peer: one event (605-byte payload) + idempotency record per command, ${PEER_STREAMS} streams; ${ROUNDS} × ${ROUND_MS} ms per mode, order rotated`);
  console.log('writers | store cmd/s | Castore+Powertools cmd/s | raw 3-item cmd/s | store/Castore | store/raw');
  const perCommand = new Map<PeerMode, string>();
  for (const writers of [1, 16]) {
    const rates: Record<PeerMode, number[]> = { store: [], castore: [], raw: [] };
    const ratios = { castore: [] as number[], raw: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const modes = (Object.keys(senders) as PeerMode[]).map((mode) => async () => {
        capacity.reset();
        let commands = 0;
        const counted = async (command: PeerCommand): Promise<void> => {
          await senders[mode](command);
          commands += 1;
        };
        rates[mode].push(await measure(writers, peerWriter(`${mode}${writers}-${round}`, writers, counted)));
        const { requests, readUnits, writeUnits } = capacity.totals();
        const calls = [...requests].map(([name, count]) => `${name} ${(count / commands).toFixed(2)}`).join(' + ');
        perCommand.set(mode, `${calls}; ${(writeUnits / commands).toFixed(1)} WRU, ${(readUnits / commands).toFixed(1)} RRU`);
      });
      for (let i = 0; i < modes.length; i += 1) await modes[(i + round) % modes.length]?.();
      const s = rates.store[round] ?? 0;
      ratios.castore.push(s / (rates.castore[round] ?? 1));
      ratios.raw.push(s / (rates.raw[round] ?? 1));
    }
    console.log(
      [String(writers).padStart(7), median(rates.store).toFixed(1).padStart(11), median(rates.castore).toFixed(1).padStart(24), median(rates.raw).toFixed(1).padStart(16), median(ratios.castore).toFixed(2).padStart(13), median(ratios.raw).toFixed(2)].join(' | '),
    );
  }
  for (const [mode, line] of perCommand) console.log(`per command, ${mode.padEnd(7)} ${line}`);
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

    console.log(`rounds: ${ROUNDS} × ${ROUND_MS} ms per mode, mode order rotated each round;`);
    console.log('rates are medians of rounds; ratios are medians of per-round ratios (cancels load drift)');
    console.log('writers | store ev/s | raw ev/s | raw+conditions ev/s | ratio store/raw | ratio store/raw+conditions');
    for (const writers of [1, 16]) {
      const rates = { store: [] as number[], raw: [] as number[], conditioned: [] as number[] };
      const ratios = { raw: [] as number[], conditioned: [] as number[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        const modes = [
          async () => rates.store.push(await measure(writers, storeWriter(store, `s${writers}-${round}`))),
          async () => rates.raw.push(await measure(writers, rawWriter(client, eventsTableName, `r${writers}-${round}`, false))),
          async () => rates.conditioned.push(await measure(writers, rawWriter(client, eventsTableName, `c${writers}-${round}`, true))),
        ];
        // Rotate which mode goes first so none always runs right after a JVM pause.
        for (let i = 0; i < modes.length; i += 1) await modes[(i + round) % modes.length]?.();
        const s = rates.store[round] ?? 0;
        ratios.raw.push(s / (rates.raw[round] ?? 1));
        ratios.conditioned.push(s / (rates.conditioned[round] ?? 1));
      }
      const cells = [
        String(writers).padStart(7),
        median(rates.store).toFixed(1).padStart(10),
        median(rates.raw).toFixed(1).padStart(8),
        median(rates.conditioned).toFixed(1).padStart(19),
        median(ratios.raw).toFixed(2).padStart(15),
        median(ratios.conditioned).toFixed(2),
      ];
      console.log(cells.join(' | '));
    }
    await peerBench(client, store, eventsTableName);
  } finally {
    client.destroy();
    await local.stop();
  }
}
