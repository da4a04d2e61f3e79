// The cloud path of tenant isolation, end to end through the real AWS SDK (issue 24 §2): with
// TENANT_ROLE_ARN set and no local endpoint, createDynamoClient asks STS for a session of the tenant
// role tagged with the city in scope, once per city, and signs that city's DynamoDB calls with it.
// STS and DynamoDB are one fake HTTP server here (AWS_ENDPOINT_URL_STS / _DYNAMODB point the SDK at
// it): what it sees is what AWS would see.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityId } from '../../events/cities';
import { withCity } from '../../functions/shared/city-scope';
import { ENV } from '../../functions/shared/tables';
import { createDynamoClient } from '../../functions/store/dynamo-client';

const ROLE = 'arn:aws-cn:iam::123456789012:role/fund-ledger-api-tenant';

interface DynamoCall {
  target: string;
  accessKeyId: string;
  sessionToken: string | undefined;
  body: Record<string, unknown>;
}

const sts: URLSearchParams[] = [];
const dynamo: DynamoCall[] = [];
let server: Server;
const saved: Record<string, string | undefined> = {};

const bodyOf = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** The session's keys name the city they were issued for, so a call signed with the wrong one shows. */
const keyIdOf = (city: string, n: number): string => `ASIA${city.toUpperCase()}${n}`;

const assumeRoleXml = (city: string, n: number): string => `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${keyIdOf(city, n)}</AccessKeyId>
      <SecretAccessKey>secret-${city}</SecretAccessKey>
      <SessionToken>token-${city}-${n}</SessionToken>
      <Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration>
    </Credentials>
    <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${city}</AssumedRoleId><Arn>${ROLE}/${city}</Arn></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>req-${n}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

beforeAll(async () => {
  server = createServer((request, response) => {
    void bodyOf(request).then((text) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target === '') {
        const params = new URLSearchParams(text);
        sts.push(params);
        response.writeHead(200, { 'content-type': 'text/xml' }).end(assumeRoleXml(params.get('Tags.member.1.Value') ?? '?', sts.length));
        return;
      }
      const accessKeyId = /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1] ?? '';
      const body = JSON.parse(text) as Record<string, unknown>;
      dynamo.push({ target, accessKeyId, sessionToken: request.headers['x-amz-security-token'] as string | undefined, body });
      const answer = target.endsWith('GetItem') ? { Item: { ...(body.Key as object), v: { S: 'x' } } } : { Items: [], Count: 0 };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_DYNAMODB: url,
    AWS_REGION: 'cn-north-1',
    // The function's own role: it may only start sessions.
    AWS_ACCESS_KEY_ID: 'ASIAFUNCTIONROLE',
    AWS_SECRET_ACCESS_KEY: 'function-secret',
    AWS_LAMBDA_FUNCTION_NAME: 'fund-ledger-api',
    [ENV.tenantRoleArn]: ROLE,
  };
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', ENV.dynamoEndpoint]) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  server.close();
});

const getHead = (city: CityId, client: ReturnType<typeof createDynamoClient>) =>
  withCity(city, () => client.send(new GetItemCommand({ TableName: 'events', Key: { PK: { S: 'S#fund-1' }, SK: { S: 'HEAD' } } })));

describe('the request-serving functions’ DynamoDB credentials in the cloud', () => {
  it('signs each city’s calls with a session of the tenant role tagged with that city, one session per city', async () => {
    const client = createDynamoClient(undefined);
    const jinan = await getHead('jinan', client);
    await getHead('liaocheng', client);
    await getHead('jinan', client);
    await withCity('jinan', () => client.send(new QueryCommand({ TableName: 'events', IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :m', ExpressionAttributeValues: { ':m': { S: 'M#2026-03#0' } } })));

    // STS: one AssumeRole per city, by the function's own role, with exactly the city tag.
    expect(sts.map((params) => [params.get('Action'), params.get('RoleArn'), params.get('Tags.member.1.Key'), params.get('Tags.member.1.Value'), params.get('Tags.member.2.Key')])).toEqual([
      ['AssumeRole', ROLE, 'city', 'jinan', null],
      ['AssumeRole', ROLE, 'city', 'liaocheng', null],
    ]);
    expect(sts.map((params) => params.get('RoleSessionName'))).toEqual(['fund-ledger-api@jinan', 'fund-ledger-api@liaocheng']);

    // DynamoDB: every call signed with its own city's session, its keys in that city's range.
    expect(dynamo.map(({ accessKeyId, sessionToken }) => [accessKeyId, sessionToken])).toEqual([
      [keyIdOf('jinan', 1), 'token-jinan-1'],
      [keyIdOf('liaocheng', 2), 'token-liaocheng-2'],
      [keyIdOf('jinan', 1), 'token-jinan-1'],
      [keyIdOf('jinan', 1), 'token-jinan-1'],
    ]);
    expect(dynamo.map(({ body }) => JSON.stringify(body.Key ?? body.ExpressionAttributeValues))).toEqual([
      JSON.stringify({ PK: { S: 'C#jinan#S#fund-1' }, SK: { S: 'HEAD' } }),
      JSON.stringify({ PK: { S: 'C#liaocheng#S#fund-1' }, SK: { S: 'HEAD' } }),
      JSON.stringify({ PK: { S: 'C#jinan#S#fund-1' }, SK: { S: 'HEAD' } }),
      JSON.stringify({ ':m': { S: 'C#jinan#M#2026-03#0' } }),
    ]);
    // And the answer comes back in the caller's unprefixed keys.
    expect(jinan.Item?.PK).toEqual({ S: 'S#fund-1' });
    expect(dynamo.some(({ accessKeyId }) => accessKeyId === 'ASIAFUNCTIONROLE')).toBe(false);
  });

  it('keeps two cities’ concurrent calls on their own sessions', async () => {
    const client = createDynamoClient(undefined);
    dynamo.length = 0;
    const cities: CityId[] = ['heze', 'weihai', 'heze', 'weihai', 'heze'];
    await Promise.all(cities.map((city) => getHead(city, client)));
    for (const call of dynamo) {
      const city = /^C#([a-z]+)#/.exec(String((call.body.Key as { PK: { S: string } }).PK.S))?.[1] ?? '';
      expect(call.accessKeyId.startsWith(`ASIA${city.toUpperCase()}`), `${call.accessKeyId} for ${city}`).toBe(true);
    }
  });

  it('uses the local endpoint’s dummy credentials and no STS when an endpoint is given (the local stack)', async () => {
    const before = sts.length;
    dynamo.length = 0;
    const client = createDynamoClient(process.env.AWS_ENDPOINT_URL_DYNAMODB);
    await getHead('jinan', client);
    expect(sts.length).toBe(before);
    expect(dynamo[0]?.accessKeyId).toBe('local');
  });
});
