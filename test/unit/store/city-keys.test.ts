// The key rewrite of functions/store/city-keys.ts on its own: what gains the city's prefix, what
// loses it, and what refuses to run unscoped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CITY_IDS } from '../../../events/cities';
import { CityKeyViolation, scopeInput, unscopeOutput } from '../../../functions/store/city-keys';

describe('city key scoping', () => {
  it('prefixes the partition keys of every kind of item request, and never the sort key', () => {
    const key = { PK: { S: 'S#fund-a' }, SK: { S: 'HEAD' } };
    expect(scopeInput('GetItemCommand', { TableName: 't', Key: key }, 'jinan')).toEqual({ TableName: 't', Key: { PK: { S: 'C#jinan#S#fund-a' }, SK: { S: 'HEAD' } } });
    const put = scopeInput('PutItemCommand', { Item: { ...key, GSI1PK: { S: 'M#2026-01#3' }, data: { S: 'S#fund-a' } } }, 'jinan');
    // Only key attributes move: a value that merely looks like a key stays as it is.
    expect(put.Item).toEqual({ PK: { S: 'C#jinan#S#fund-a' }, SK: { S: 'HEAD' }, GSI1PK: { S: 'C#jinan#M#2026-01#3' }, data: { S: 'S#fund-a' } });
    const transact = scopeInput('TransactWriteItemsCommand', { TransactItems: [{ Put: { Item: key } }, { Update: { Key: key } }, { ConditionCheck: { Key: key } }, { Delete: { Key: key } }] }, 'heze');
    expect(JSON.stringify(transact).match(/C#heze#S#fund-a/g)).toHaveLength(4);
    const batch = scopeInput('BatchWriteItemCommand', { RequestItems: { t: [{ PutRequest: { Item: key } }, { DeleteRequest: { Key: key } }] } }, 'heze');
    expect(JSON.stringify(batch).match(/C#heze#/g)).toHaveLength(2);
  });

  it('prefixes the values a query or scan compares to a partition key, named directly or through #names', () => {
    const query = scopeInput('QueryCommand', { KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :e)', ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' }, ExpressionAttributeValues: { ':pk': { S: 'S#x' }, ':e': { S: 'E#' } } }, 'zibo');
    expect(query.ExpressionAttributeValues).toEqual({ ':pk': { S: 'C#zibo#S#x' }, ':e': { S: 'E#' } });
    const month = scopeInput('QueryCommand', { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :m', ExpressionAttributeValues: { ':m': { S: 'M#2026-01#0' } } }, 'zibo');
    expect(month.ExpressionAttributeValues).toEqual({ ':m': { S: 'C#zibo#M#2026-01#0' } });
    const scan = scopeInput('ScanCommand', { FilterExpression: 'SK = :head AND begins_with(#pk, :p0)', ExpressionAttributeNames: { '#pk': 'PK' }, ExpressionAttributeValues: { ':head': { S: 'HEAD' }, ':p0': { S: 'S#fund-' } } }, 'zibo');
    expect(scan.FilterExpression).toBe('(SK = :head AND begins_with(#pk, :p0)) AND begins_with(#cityScopePk, :cityScopePrefix)');
    expect(scan.ExpressionAttributeValues).toMatchObject({ ':head': { S: 'HEAD' }, ':p0': { S: 'C#zibo#S#fund-' }, ':cityScopePrefix': { S: 'C#zibo#' } });
  });

  it('refuses what it cannot scope: a query without a partition key, PartiQL, an unknown command', () => {
    expect(() => scopeInput('QueryCommand', { KeyConditionExpression: 'SK = :s', ExpressionAttributeValues: { ':s': { S: 'x' } } }, 'jinan')).toThrow(CityKeyViolation);
    expect(() => scopeInput('ExecuteStatementCommand', { Statement: 'SELECT * FROM t' }, 'jinan')).toThrow(CityKeyViolation);
    expect(scopeInput('DescribeTableCommand', { TableName: 't' }, 'jinan')).toEqual({ TableName: 't' });
  });

  it('fails rather than return an item of another city', () => {
    expect(() => unscopeOutput({ Items: [{ PK: { S: 'C#jinan#S#x' } }] }, 'liaocheng')).toThrow(CityKeyViolation);
  });

  it('round-trips: what goes in under any city comes out as the caller wrote it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CITY_IDS), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (city, pk, sk, gsi) => {
        const item = { PK: { S: pk }, SK: { S: sk }, ...(gsi === undefined ? {} : { GSI1PK: { S: gsi } }) };
        const stored = scopeInput('PutItemCommand', { Item: item }, city).Item as Record<string, { S: string }>;
        expect(stored.PK?.S.startsWith(`C#${city}#`)).toBe(true);
        expect(unscopeOutput({ Item: stored, Items: [stored], LastEvaluatedKey: stored }, city)).toEqual({ Item: item, Items: [item], LastEvaluatedKey: item });
      }),
    );
  });
});
