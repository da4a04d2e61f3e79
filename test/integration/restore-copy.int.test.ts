// The restore drill's table copy (infra/local/copy-table.ts) and the bulk writes of the read-model
// rebuild (functions/store/batch-write.ts) on DynamoDB Local: parallel scan segments and parallel
// BatchWriteItem calls copy every item exactly once, also when DynamoDB hands items back unprocessed
// (injected here: DynamoDB Local never throttles), and the source table is only read.
import { type BatchWriteItemCommandInput, DescribeTableCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsTableDefinition } from '../../functions/shared/tables';
import { batchWriteAll } from '../../functions/store/batch-write';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import type { Item } from '../../functions/store/event-item';
import { scanAllItems } from '../../functions/store/scan';
import { copyTable } from '../../infra/local/copy-table';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();
const ITEMS = 1_234;

/** Every item of a table, keyed and serialised, for comparing tables whole. */
const contents = async (client: DynamoDBClient, tableName: string): Promise<Map<string, string>> =>
  new Map((await scanAllItems(client, { TableName: tableName, ConsistentRead: true }, 3)).map((item) => [`${item.PK?.S}|${item.SK?.S}`, JSON.stringify(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))]));

const keyOf = (request: WriteRequest): string => `${request.PutRequest?.Item?.PK?.S}|${request.PutRequest?.Item?.SK?.S}`;

/**
 * A client whose every third BatchWriteItem sends only the first half of its requests and answers
 * the rest as UnprocessedItems, as DynamoDB does under throttling; it counts each put actually sent.
 */
const throttlingClient = (endpoint: string) => {
  const sent = new Map<string, number>();
  let calls = 0;
  let handedBack = 0;
  const client = createDynamoClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand') return next(args);
      const input = args.input as BatchWriteItemCommandInput;
      const [tableName, requests] = Object.entries(input.RequestItems ?? {})[0] ?? ['', []];
      calls++;
      const cut = calls % 3 === 0 && requests.length > 1 ? Math.ceil(requests.length / 2) : requests.length;
      const accepted = requests.slice(0, cut);
      const unprocessed = requests.slice(cut);
      handedBack += unprocessed.length;
      const answer = await next({ ...args, input: { ...input, RequestItems: { [tableName]: accepted } } });
      for (const request of accepted) sent.set(keyOf(request), (sent.get(keyOf(request)) ?? 0) + 1);
      return unprocessed.length === 0 ? answer : { ...answer, output: { ...answer.output, UnprocessedItems: { [tableName]: unprocessed } } };
    },
    { step: 'initialize', name: 'injectUnprocessedItems' },
  );
  return { client, sent, handedBack: () => handedBack };
};

/** Items shaped like the events table's (the month index's attributes included), padded to vary in size. */
const sourceItem = (n: number): Item => ({
  PK: { S: `S#stream-${n % 97}` },
  SK: { S: `E#${String(n).padStart(10, '0')}` },
  GSI1PK: { S: `M#2024-${String((n % 12) + 1).padStart(2, '0')}#${n % 8}` },
  GSI1SK: { S: `2024-01-01T00:00:00.000Z#stream-${n % 97}#${n}` },
  data: { S: 'x'.repeat(n % 500) },
  amount: { N: String(BigInt(n) * 10_000_000_000n) },
});

let source: string;

beforeAll(async () => {
  source = db.eventsTableName;
  await batchWriteAll(db.client, source, Array.from({ length: ITEMS }, (_, n) => ({ PutRequest: { Item: sourceItem(n) } })), 8);
});

describe('copying a table for the restore drill', () => {
  const throttled = { client: undefined as DynamoDBClient | undefined };
  afterAll(() => throttled.client?.destroy());

  it('copies every item exactly once through parallel segments, resending the items handed back unprocessed', async () => {
    const before = await contents(db.client, source);
    expect(before.size).toBe(ITEMS);
    const { client, sent, handedBack } = throttlingClient(db.endpoint);
    throttled.client = client;
    const target = `${source}-copy`;
    expect(await copyTable(client, source, eventsTableDefinition(target), { segments: 4, writesPerSegment: 3 })).toBe(ITEMS);
    expect(handedBack()).toBeGreaterThan(0);
    expect(await contents(db.client, target)).toEqual(before);
    // Each item went out in exactly one accepted request: none lost, none written twice.
    expect(sent.size).toBe(ITEMS);
    expect([...sent.values()].every((times) => times === 1)).toBe(true);
    // The source was only read.
    expect(await contents(db.client, source)).toEqual(before);
  });

  it('makes the copy like an AWS Backup restore: the same keys and month index, no stream', async () => {
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: `${source}-copy` }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['GSI1']);
    expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
  });

  it('refuses a target that already exists and leaves it as it was', async () => {
    const target = `${source}-copy`;
    const before = await contents(db.client, target);
    await expect(copyTable(db.client, source, eventsTableDefinition(target))).rejects.toMatchObject({ name: 'ResourceInUseException' });
    expect(await contents(db.client, target)).toEqual(before);
  });
});

describe('bulk writes', () => {
  it('give up with a clear error when items stay unprocessed, naming how many', async () => {
    const client = createDynamoClient(db.endpoint);
    // Every call hands everything back: the bounded retry must end, not loop.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchWriteItemCommand') return next(args);
        const requests = (args.input as BatchWriteItemCommandInput).RequestItems ?? {};
        return { output: { UnprocessedItems: requests, $metadata: {} }, response: {} };
      },
      { step: 'initialize', name: 'handEverythingBack' },
    );
    try {
      await expect(batchWriteAll(client, source, [{ PutRequest: { Item: sourceItem(1) } }])).rejects.toThrow(/1 request\(s\) still unprocessed after 10 attempts/);
    } finally {
      client.destroy();
    }
  }, 20_000);

  it('send at most the concurrency asked for at once', async () => {
    const client = createDynamoClient(db.endpoint);
    let inFlight = 0;
    let most = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'BatchWriteItemCommand') return next(args);
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'countInFlight' },
    );
    try {
      await batchWriteAll(client, source, Array.from({ length: 500 }, (_, n) => ({ PutRequest: { Item: sourceItem(n) } })), 5);
      expect(most).toBe(5);
    } finally {
      client.destroy();
    }
  });
});
