// `npm run bench -- local-request-cost`: what one request costs the local stack, in CPU, by kind.
// DynamoDB Local (on a data directory, as `npm start` runs it) is asked each kind of request the
// stack makes, one at a time, after a warm-up; the JVM's CPU comes from /proc, the node side's from
// process.cpuUsage. Then node's CPU per GetItem with SigV4 signing and without (the local clients'
// LOCAL_CLIENT_AUTH). The figures explain docs/demo.md "Run time": a transaction costs the JVM several
// times a read, and each item written adds to it. LOCAL_COST_ROUNDS (default 300) calls per kind.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { createRawDynamoClient } from '../functions/store/dynamo-client';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { createKeyedTable } from './support/keyed-table';
import { treeCpu } from './support/proc-cpu';

const TABLE = 'cost-check';
const ROUNDS = Number(process.env.LOCAL_COST_ROUNDS ?? '300');

const jvmSeconds = (pid: number): number => treeCpu(pid).reduce((sum, proc) => sum + proc.seconds, 0);
const nodeSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export default async function localRequestCost(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-cost-'));
  const dynamo = await startDynamoLocal({ dataDir });
  const client = createRawDynamoClient(dynamo.endpoint);
  try {
    await createKeyedTable(client, TABLE, { stream: true });
    let sequence = 0;
    const item = (pk: string) => ({ PK: { S: pk }, SK: { S: String(sequence++) }, data: { S: 'x'.repeat(300) }, amount: { N: '12345' } });
    const puts = (n: number) => Array.from({ length: n }, (_, i) => ({ Put: { TableName: TABLE, Item: item(`tx${i}`), ConditionExpression: 'attribute_not_exists(PK)' } }));
    const kinds: [string, number, () => Promise<unknown>][] = [
      ['GetItem', 1, () => client.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'a' }, SK: { S: 'b' } }, ConsistentRead: true }))],
      ['PutItem (conditional)', 1, () => client.send(new PutItemCommand({ TableName: TABLE, Item: item('p'), ConditionExpression: 'attribute_not_exists(PK)' }))],
      ['Query, 10 items', 1, () => client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Limit: 10, ConsistentRead: true }))],
      ['BatchGetItem, 100 keys', 1, () => client.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: Array.from({ length: 100 }, (_, i) => ({ PK: { S: 'p' }, SK: { S: String(i) } })), ConsistentRead: true } } }))],
      ...[1, 10, 50, 100].map((n): [string, number, () => Promise<unknown>] => [`TransactWriteItems, ${n} Put${n > 1 ? 's' : ''} + barrier`, n, () => client.send(new TransactWriteItemsCommand({ TransactItems: puts(n) }))]),
    ];
    const measure = async (size: number, call: () => Promise<unknown>): Promise<{ jvm: number; node: number }> => {
      const rounds = Math.max(30, Math.round(ROUNDS / size));
      const jvm0 = jvmSeconds(dynamo.pid);
      const node0 = nodeSeconds();
      for (let i = 0; i < rounds; i++) await call();
      return { jvm: ((jvmSeconds(dynamo.pid) - jvm0) * 1000) / rounds, node: ((nodeSeconds() - node0) * 1000) / rounds };
    };
    // A first pass warms the JIT of both (the first few hundred calls cost the JVM several times more).
    for (const [, size, call] of kinds) await measure(size, call);
    const load = os.loadavg()[0]?.toFixed(2);
    console.log(`DynamoDB Local on a data directory, ${ROUNDS} calls per kind (fewer for big transactions), one at a time, after a warm-up pass; load average ${load}`);
    console.log('request'.padEnd(44), 'JVM ms/call', 'node ms/call');
    for (const [name, size, call] of kinds) {
      const { jvm, node } = await measure(size, call);
      console.log(name.padEnd(44), jvm.toFixed(2).padStart(11), node.toFixed(2).padStart(12));
    }
    const signed = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const get = (c: DynamoDBClient) => () => c.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    for (const [name, call] of [['GetItem, SigV4-signed', get(signed)], ['GetItem, LOCAL_CLIENT_AUTH (unsigned)', get(client)]] as const) {
      for (let i = 0; i < 100; i++) await call();
      const node0 = nodeSeconds();
      for (let i = 0; i < ROUNDS * 3; i++) await call();
      console.log(name.padEnd(44), '-'.padStart(11), (((nodeSeconds() - node0) * 1000) / (ROUNDS * 3)).toFixed(2).padStart(12));
    }
    signed.destroy();
    console.log(`load average after: ${os.loadavg()[0]?.toFixed(2)}`);
  } finally {
    client.destroy();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
