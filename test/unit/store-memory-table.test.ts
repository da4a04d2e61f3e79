// The in-memory table the read-model rebuild projects into (functions/store/memory-table.ts,
// item-expressions.ts): DynamoDB's answers and refusals for the calls and expressions the
// projectors use, and a loud refusal of anything else.
import { BatchGetItemCommand, ConditionalCheckFailedException, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { applyUpdate, conditionHolds, UnsupportedExpression } from '../../functions/store/item-expressions';
import { createMemoryTable } from '../../functions/store/memory-table';

const TABLE = 'read-test';
const key = (pk: string, sk: string) => ({ PK: { S: pk }, SK: { S: sk } });
const transact = (table: ReturnType<typeof createMemoryTable>, items: TransactWriteItem[]) => table.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
const add = (pk: string, sk: string, debit: string): TransactWriteItem => ({
  Update: {
    TableName: TABLE,
    Key: key(pk, sk),
    UpdateExpression: 'ADD debit :d, credit :c SET #owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':d': { N: debit }, ':c': { N: '0' }, ':owner': { S: 'books' } },
  },
});

describe('update expressions', () => {
  it('ADDs integers exactly, past the 2^53 a float would round', () => {
    // 9,007,199,254,740,993 + 1 = 9,007,199,254,740,994 (as a float both would be …992)
    const item = applyUpdate({ n: { N: '9007199254740993' } }, 'ADD n :one', { values: { ':one': { N: '1' } } });
    expect(item.n).toEqual({ N: '9007199254740994' });
    expect(applyUpdate({}, 'ADD n :v', { values: { ':v': { N: '-5' } } }).n).toEqual({ N: '-5' });
  });

  it('SETs and REMOVEs top-level attributes through names and values, leaving the input untouched', () => {
    const before = { a: { S: 'x' }, gone: { S: 'y' } };
    const after = applyUpdate(before, 'SET #s = :s, b = :b REMOVE gone', { names: { '#s': 'status' }, values: { ':s': { S: 'open' }, ':b': { N: '2' } } });
    expect(after).toEqual({ a: { S: 'x' }, status: { S: 'open' }, b: { N: '2' } });
    expect(before).toEqual({ a: { S: 'x' }, gone: { S: 'y' } });
  });

  it('refuses what it cannot evaluate faithfully', () => {
    expect(() => applyUpdate({}, 'SET a = a + :one', { values: { ':one': { N: '1' } } })).toThrow(UnsupportedExpression);
    expect(() => applyUpdate({}, 'SET a.b = :v', { values: { ':v': { S: 'x' } } })).toThrow(UnsupportedExpression);
    expect(() => applyUpdate({ n: { N: '1.5' } }, 'ADD n :v', { values: { ':v': { N: '1' } } })).toThrow(UnsupportedExpression);
    expect(() => applyUpdate({}, 'SET a = :missing', {})).toThrow(UnsupportedExpression);
    expect(() => conditionHolds({}, 'size(a) > :n', { values: { ':n': { N: '1' } } })).toThrow(UnsupportedExpression);
  });

  it('evaluates existence and equality conditions, numbers by value', () => {
    const item = { PK: { S: 'p' }, version: { N: '3' } };
    expect(conditionHolds(undefined, 'attribute_not_exists(PK)', {})).toBe(true);
    expect(conditionHolds(item, 'attribute_not_exists(PK)', {})).toBe(false);
    expect(conditionHolds(item, 'version = :v', { values: { ':v': { N: '3' } } })).toBe(true);
    expect(conditionHolds(item, 'version = :v AND attribute_exists(PK)', { values: { ':v': { N: '4' } } })).toBe(false);
    expect(conditionHolds(undefined, '#s = :open', { names: { '#s': 'status' }, values: { ':open': { S: 'open' } } })).toBe(false);
  });
});

describe('the in-memory table', () => {
  it('answers a conditional PutItem as DynamoDB would: written when the condition holds, refused and nothing written when not', async () => {
    const table = createMemoryTable(TABLE);
    const cursor = (version: string, condition: Pick<TransactWriteItem['Put'] & object, 'ConditionExpression' | 'ExpressionAttributeValues'>) =>
      table.client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key('CURSOR#positions', 's'), version: { N: version } }, ...condition }));
    await cursor('1', { ConditionExpression: 'attribute_not_exists(PK)' });
    await expect(cursor('1', { ConditionExpression: 'attribute_not_exists(PK)' })).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(cursor('3', { ConditionExpression: 'version = :from', ExpressionAttributeValues: { ':from': { N: '2' } } })).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await cursor('2', { ConditionExpression: 'version = :from', ExpressionAttributeValues: { ':from': { N: '1' } } });
    expect(table.items()).toEqual([{ ...key('CURSOR#positions', 's'), version: { N: '2' } }]);
  });

  it('answers reads and transactions as DynamoDB would: Puts, Updates creating and summing, Deletes', async () => {
    const table = createMemoryTable(TABLE);
    await transact(table, [add('FUND#a', 'BAL#1001', '100'), { Put: { TableName: TABLE, Item: { ...key('FUNDS', 'a'), name: { S: 'A' } } } }]);
    await transact(table, [add('FUND#a', 'BAL#1001', '250')]);
    const { Item } = await table.client.send(new GetItemCommand({ TableName: TABLE, Key: key('FUND#a', 'BAL#1001'), ConsistentRead: true }));
    expect(Item).toEqual({ ...key('FUND#a', 'BAL#1001'), debit: { N: '350' }, credit: { N: '0' }, owner: { S: 'books' } });
    const { Responses } = await table.client.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [key('FUNDS', 'a'), key('FUNDS', 'none')] } } }));
    expect(Responses?.[TABLE]).toEqual([{ ...key('FUNDS', 'a'), name: { S: 'A' } }]);
    await transact(table, [{ Delete: { TableName: TABLE, Key: key('FUNDS', 'a') } }]);
    expect(table.items().map((item) => item.PK?.S)).toEqual(['FUND#a']);
  });

  it('cancels a transaction whose condition fails with its reasons, and writes none of it', async () => {
    const table = createMemoryTable(TABLE);
    const cursor = (version: string, from?: string): TransactWriteItem => ({
      Put: {
        TableName: TABLE,
        Item: { ...key('CURSOR#books', 's1'), version: { N: version } },
        ...(from === undefined ? { ConditionExpression: 'attribute_not_exists(PK)' } : { ConditionExpression: 'version = :from', ExpressionAttributeValues: { ':from': { N: from } } }),
      },
    });
    await transact(table, [cursor('2')]);
    const before = table.items();
    const refused = transact(table, [add('FUND#a', 'BAL#1001', '7'), cursor('5', '1')]);
    await expect(refused).rejects.toMatchObject({ name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] });
    expect(table.items()).toEqual(before);
    await transact(table, [add('FUND#a', 'BAL#1001', '7'), cursor('5', '2')]);
    expect(table.items().map((item) => item.version?.N ?? item.debit?.N)).toEqual(['5', '7']);
  });

  it('refuses what DynamoDB refuses or it does not model: an item twice in a transaction, another table, other calls', async () => {
    const table = createMemoryTable(TABLE);
    await expect(transact(table, [add('FUND#a', 'BAL#1001', '1'), add('FUND#a', 'BAL#1001', '2')])).rejects.toThrow(/touches one item twice/);
    await expect(transact(table, Array.from({ length: 101 }, (_, i) => add('FUND#a', `BAL#${i}`, '1')))).rejects.toThrow(/101 items/);
    await expect(transact(table, [{ Put: { TableName: 'other', Item: key('a', 'b') } }])).rejects.toThrow(/a call on table other/);
    await expect(table.client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': { S: 'x' } } }))).rejects.toThrow(/does not answer QueryCommand/);
    expect(table.items()).toEqual([]);
  });
});
