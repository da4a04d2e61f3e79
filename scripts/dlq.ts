// DLQ tool (operators): list or redrive a consumer's dead-letter queue.
//   npx tsx scripts/dlq.ts list books [--endpoint http://127.0.0.1:PORT]
//   npx tsx scripts/dlq.ts redrive books
// Without --endpoint: the local stack's SQS endpoint from $DATA_DIR/sqs-endpoint.txt (default .data) if present,
// else AWS (credentials and region from the environment, as for the AWS CLI).
import { existsSync, readFileSync } from 'node:fs';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { CONSUMERS } from '../functions/shared/routing';
import { createSqsClient } from '../infra/local/local-queues';
import { dlqUrlsOf, listDlq, redriveDlq } from '../functions/jobs/replay-dlq';

const args = z
  .tuple([z.enum(['list', 'redrive']), z.enum(CONSUMERS as [string, ...string[]]).transform((name) => name as (typeof CONSUMERS)[number])])
  .rest(z.string());

const main = async (): Promise<void> => {
  const parsed = args.safeParse(process.argv.slice(2));
  if (!parsed.success) {
    console.error(`usage: npx tsx scripts/dlq.ts <list|redrive> <${CONSUMERS.join('|')}> [--endpoint URL]`);
    process.exitCode = 2;
    return;
  }
  const [command, consumer, ...rest] = parsed.data;
  const flag = rest.indexOf('--endpoint');
  const localFile = `${process.env.DATA_DIR ?? '.data'}/sqs-endpoint.txt`;
  const endpoint = flag >= 0 ? rest[flag + 1] : existsSync(localFile) ? readFileSync(localFile, 'utf8').trim() : undefined;
  const sqs = endpoint === undefined ? new SQSClient({}) : createSqsClient(endpoint);
  try {
    const urls = await dlqUrlsOf(sqs, consumer);
    if (command === 'list') {
      const messages = await listDlq(sqs, urls);
      for (const message of messages) console.log(`${message.messageId}  receives=${message.receiveCount}  ${message.sentAt}  ${message.summary}`);
      console.log(`${messages.length} message(s) in ${consumer} DLQ`);
    } else {
      const { moved } = await redriveDlq(sqs, urls);
      console.log(`moved ${moved} message(s) from the ${consumer} DLQ back to its queue`);
    }
  } finally {
    sqs.destroy();
  }
};

await main();
