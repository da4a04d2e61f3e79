// The key scoping as properties (issue 24 §2), through a real DynamoDBClient scoped to a city with a
// stub in place of the network: for any command the store can send, every partition key that reaches
// the wire has gained the city's prefix and nothing else changed; every key that comes back has lost
// it; an item of another range never comes back; and two cities can never name the same stored key.
import * as dynamodb from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CITY_IDS, type CityId } from '../../../events/cities';
import { cityKeyPrefix } from '../../../functions/shared/city-scope';
import { CityKeyViolation, scopeClientToCity } from '../../../functions/store/city-keys';
import { EVENTS_TABLE } from '../../../functions/shared/tables';

type Attr = { S: string };
type Key = Record<string, Attr>;
type Input = Record<string, unknown>;

const PARTITION_KEYS: readonly string[] = [EVENTS_TABLE.partitionKey, EVENTS_TABLE.monthIndex.partitionKey];
const TABLE = 'events';

/** Key text from the characters keys are made of, `#` and the prefix's own letters included. */
const text = fc.string({ unit: fc.constantFrom('S', 'E', 'C', 'M', 'I', 'D', '#', 'j', 'i', 'n', 'a', '-', '0', '1', ':', '/'), minLength: 1, maxLength: 24 });
const city = fc.constantFrom(...CITY_IDS);
const key = fc.record({ PK: text, SK: text }).map(({ PK, SK }): Key => ({ PK: { S: PK }, SK: { S: SK } }));
const item = fc.record({ key, gsi: fc.option(text, { nil: undefined }), data: text }).map(({ key: k, gsi, data }): Key => ({ ...k, ...(gsi === undefined ? {} : { GSI1PK: { S: gsi } }), data: { S: data } }));
const keys = fc.array(key, { minLength: 1, maxLength: 4 });

/** Every command the store and the read models send, with arbitrary keys. */
const command: fc.Arbitrary<{ name: string; input: Input }> = fc.oneof(
  key.map((Key) => ({ name: 'GetItemCommand', input: { TableName: TABLE, Key } })),
  item.map((Item) => ({ name: 'PutItemCommand', input: { TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(PK)' } })),
  key.map((Key) => ({ name: 'UpdateItemCommand', input: { TableName: TABLE, Key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } } })),
  key.map((Key) => ({ name: 'DeleteItemCommand', input: { TableName: TABLE, Key } })),
  fc.record({ pk: text, index: fc.boolean() }).map(({ pk, index }) => ({
    name: 'QueryCommand',
    input: index
      ? { TableName: TABLE, IndexName: EVENTS_TABLE.monthIndex.name, KeyConditionExpression: 'GSI1PK = :m', ExpressionAttributeValues: { ':m': { S: pk } } }
      : { TableName: TABLE, KeyConditionExpression: '#pk = :pk AND begins_with(SK, :e)', ExpressionAttributeNames: { '#pk': 'PK' }, ExpressionAttributeValues: { ':pk': { S: pk }, ':e': { S: 'E#' } } },
  })),
  keys.map((Keys) => ({ name: 'BatchGetItemCommand', input: { RequestItems: { [TABLE]: { Keys } } } })),
  fc.array(fc.oneof(item.map((Item) => ({ PutRequest: { Item } })), key.map((Key) => ({ DeleteRequest: { Key } }))), { minLength: 1, maxLength: 4 }).map((requests) => ({
    name: 'BatchWriteItemCommand',
    input: { RequestItems: { [TABLE]: requests } },
  })),
  fc
    .array(fc.oneof(item.map((Item) => ({ Put: { TableName: TABLE, Item } })), key.map((Key) => ({ Update: { TableName: TABLE, Key, UpdateExpression: 'SET v = :v' } })), key.map((Key) => ({ ConditionCheck: { TableName: TABLE, Key, ConditionExpression: 'attribute_exists(PK)' } }))), { minLength: 1, maxLength: 4 })
    .map((TransactItems) => ({ name: 'TransactWriteItemsCommand', input: { TransactItems } })),
  keys.map((ks) => ({ name: 'TransactGetItemsCommand', input: { TransactItems: ks.map((Key) => ({ Get: { TableName: TABLE, Key } })) } })),
  fc.constant({ name: 'ScanCommand', input: { TableName: TABLE } }),
);

/** Every partition-key value in a request or answer, in document order (the values a query compares to one included). */
const partitionValues = (value: unknown, query?: Input): string[] => {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [name, child] of Object.entries(node)) {
      if (PARTITION_KEYS.includes(name) && typeof (child as Attr).S === 'string') found.push((child as Attr).S);
      else walk(child);
    }
  };
  walk(value);
  if (query !== undefined) for (const name of [':pk', ':m']) if (query[name] !== undefined) found.push((query[name] as Attr).S);
  return found;
};

/** Everything but the partition keys (and the scan's own filter), to show nothing else moved. */
const withoutPartitionValues = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (name, child: unknown) => (PARTITION_KEYS.includes(name) || name === ':pk' || name === ':m' ? '<pk>' : child)));

/** What a table would answer: the items the request named, with their keys as stored, plus `extra`. */
const answerTo = (name: string, wire: Input, extra: Key[]): Input => {
  const named = partitionValues(wire).map((pk) => ({ PK: { S: pk }, SK: { S: 'E#0000000001' } }));
  switch (name) {
    case 'GetItemCommand':
      return { Item: { ...(wire.Key as Key), v: { S: 'x' } } };
    case 'QueryCommand': {
      const values = wire.ExpressionAttributeValues as Record<string, Attr>;
      const pk = (values[':pk'] ?? values[':m'])!.S;
      return { Items: [{ PK: { S: pk }, SK: { S: 'E#1' } }, ...extra], LastEvaluatedKey: { PK: { S: pk }, SK: { S: 'E#1' } } };
    }
    case 'ScanCommand':
      return { Items: extra };
    case 'BatchGetItemCommand':
      return { Responses: { [TABLE]: [...named, ...extra] } };
    case 'TransactGetItemsCommand':
      return { Responses: [...named, ...extra].map((found) => ({ Item: found })) };
    case 'UpdateItemCommand':
      return { Attributes: { ...(wire.Key as Key) } };
    default:
      return {};
  }
};

/** A client scoped to `cityOf()` whose calls end at a stub: it records what would reach DynamoDB and answers as a table would. */
const stubbedClient = (cityOf: () => CityId, extra: () => Key[] = () => []) => {
  const client = scopeClientToCity(new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), cityOf);
  const wire: { name: string; input: Input }[] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = args.input as Input;
      wire.push({ name: context.commandName ?? '', input });
      return { output: { $metadata: {}, ...answerTo(context.commandName ?? '', input, extra()) }, response: {} } as never;
    },
    { step: 'initialize', priority: 'low', name: 'stubTable' },
  );
  return { client, wire };
};

const send = async (client: DynamoDBClient, name: string, input: Input): Promise<Input> => {
  const Command = dynamodb[name as keyof typeof dynamodb] as new (input: Input) => Parameters<DynamoDBClient['send']>[0];
  return (await client.send(new Command(input))) as unknown as Input;
};

describe('city key scoping, as properties', () => {
  it('puts every partition key a command names, and only those, in the current city’s range', async () => {
    await fc.assert(
      fc.asyncProperty(city, command, async (current, { name, input }) => {
        const { client, wire } = stubbedClient(() => current);
        await send(client, name, structuredClone(input));
        const sent = wire[0]!;
        expect(sent.name).toBe(name);
        const before = partitionValues(input, input.ExpressionAttributeValues as Input | undefined);
        const after = partitionValues(sent.input, sent.input.ExpressionAttributeValues as Input | undefined);
        expect(after).toEqual(before.map((pk) => `${cityKeyPrefix(current)}${pk}`));
        if (name === 'ScanCommand') expect(sent.input.ExpressionAttributeValues).toEqual({ ':cityScopePrefix': { S: cityKeyPrefix(current) } });
        else expect(withoutPartitionValues(sent.input)).toEqual(withoutPartitionValues(input));
      }),
      { numRuns: 300 },
    );
  });

  it('hands back every key as the caller wrote it: the prefix never leaves the client', async () => {
    await fc.assert(
      fc.asyncProperty(city, command, async (current, { name, input }) => {
        const { client } = stubbedClient(() => current);
        const output = await send(client, name, structuredClone(input));
        for (const pk of partitionValues(output)) expect(pk.startsWith(cityKeyPrefix(current)), pk).toBe(false);
        expect(partitionValues(output).every((pk) => partitionValues(input, input.ExpressionAttributeValues as Input | undefined).includes(pk))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never hands back an item of another city, whatever the table answers: the read fails instead', async () => {
    const reads = command.filter(({ name }) => ['QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand'].includes(name));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(city, { minLength: 2, maxLength: 2 }), reads, key, async ([current, other], { name, input }, stray) => {
        const foreign = { ...stray, PK: { S: `${cityKeyPrefix(other!)}${stray.PK!.S}` } };
        const { client } = stubbedClient(() => current!, () => [foreign]);
        await expect(send(client, name, structuredClone(input))).rejects.toThrow(CityKeyViolation);
      }),
      { numRuns: 200 },
    );
  });

  it('gives two cities disjoint key ranges: no pair of keys, however chosen, is stored under the same partition key', () => {
    fc.assert(
      fc.property(fc.uniqueArray(city, { minLength: 2, maxLength: 2 }), text, text, ([a, b], x, y) => {
        expect(`${cityKeyPrefix(a!)}${x}`).not.toBe(`${cityKeyPrefix(b!)}${y}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('scopes each call to the city current at that call: one client serves several cities in turn', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(city, command), { minLength: 1, maxLength: 6 }), async (calls) => {
        let current: CityId = 'liaocheng';
        const { client, wire } = stubbedClient(() => current);
        for (const [each, { name, input }] of calls) {
          current = each;
          await send(client, name, structuredClone(input));
        }
        calls.forEach(([each], index) => {
          for (const pk of partitionValues(wire[index]!.input, wire[index]!.input.ExpressionAttributeValues as Input | undefined)) expect(pk.startsWith(cityKeyPrefix(each))).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });
});
