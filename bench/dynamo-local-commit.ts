// `npm run bench -- dynamo-local-commit`: does DynamoDB Local (-dbPath) keep a TransactWriteItems it
// acknowledged when it is SIGKILLed right after? 16 writers post two-item transactions (no SDK
// retries); every 3–4 s the JVM is SIGKILLed and restarted on the same files; then every
// acknowledged transaction is looked up. Run twice: a bare client, and one with the commit barrier
// of functions/store/commit-barrier.ts (a read queued behind the COMMIT the jar answers before).
// COMMIT_KILLS (default 6) kills per client.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { awaitLocalCommits } from '../functions/store/commit-barrier';
import { findFreePort, startDynamoLocal } from '../infra/local/dynamo-local';
import { createKeyedTable } from './support/keyed-table';

const TABLE = 'commit-check';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const trial = async (withBarrier: boolean, kills: number): Promise<string> => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-commit-'));
  const port = await findFreePort();
  let dynamo = await startDynamoLocal({ dataDir, port });
  const bare = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
  const client = withBarrier ? awaitLocalCommits(bare) : bare;
  try {
    await createKeyedTable(client, TABLE);
    const acknowledged: { key: string; at: number }[] = [];
    const gaps: number[] = [];
    let lost = 0;
    let total = 0;
    let n = 0;
    for (let kill = 0; kill < kills; kill += 1) {
      let writing = true;
      const writers = Array.from({ length: 16 }, async (_, w) => {
        while (writing) {
          const key = `w${w}-${(n += 1)}`;
          try {
            await client.send(
              new TransactWriteItemsCommand({
                TransactItems: [
                  { Put: { TableName: TABLE, Item: { PK: { S: `IDEM#${key}` }, SK: { S: 'IDEM' } }, ConditionExpression: 'attribute_not_exists(PK)' } },
                  { Put: { TableName: TABLE, Item: { PK: { S: `S#${key}` }, SK: { S: 'E1' }, pad: { S: 'x'.repeat(800) } }, ConditionExpression: 'attribute_not_exists(PK)' } },
                ],
              }),
            );
            acknowledged.push({ key, at: Date.now() });
          } catch {
            await sleep(50);
          }
        }
      });
      await sleep(3_000 + Math.random() * 1_000);
      const killedAt = Date.now();
      process.kill(-dynamo.pid, 'SIGKILL');
      await dynamo.stop();
      writing = false;
      await Promise.all(writers);
      dynamo = await startDynamoLocal({ dataDir, port });
      const checked = acknowledged.splice(0);
      for (const { key, at } of checked) {
        const found = await client.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: `IDEM#${key}` }, SK: { S: 'IDEM' } }, ConsistentRead: true }));
        if (found.Item === undefined) {
          lost += 1;
          gaps.push(killedAt - at);
        }
      }
      total += checked.length;
    }
    return `${withBarrier ? 'with the commit barrier' : 'bare client'}: ${total} transactions acknowledged over ${kills} SIGKILLs, ${lost} acknowledged ones lost${gaps.length > 0 ? ` (acknowledged ${gaps.join(', ')} ms before the kill)` : ''}`;
  } finally {
    client.destroy();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export default async function run(): Promise<void> {
  const kills = Number(process.env.COMMIT_KILLS ?? 6);
  console.log(await trial(false, kills));
  console.log(await trial(true, kills));
}
