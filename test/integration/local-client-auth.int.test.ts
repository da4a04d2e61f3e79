// Clients of the local emulators send no SigV4 signature (functions/store/local-client-auth.ts):
// DynamoDB Local and fauxqs answer them, and what goes on the wire names the dummy key only.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createRawDynamoClient } from '../../functions/store/dynamo-client';
import { startLocalQueues } from '../../infra/local/local-queues';
import { useDynamoLocal } from '../support/dynamo';

const db = useDynamoLocal();

interface Sent {
  request: { headers: Record<string, string> };
}
/** What both clients' stacks accept here: a middleware placed after the signing step. */
interface Stack {
  addRelativeTo(middleware: (next: (args: Sent) => Promise<unknown>) => (args: Sent) => Promise<unknown>, options: { relation: 'after'; toMiddleware: string; name: string }): void;
}

/** Records the Authorization header of each request as sent, after the signing step. */
const authorizationsOf = (stack: Stack): string[] => {
  const seen: string[] = [];
  stack.addRelativeTo(
    (next) => async (args) => {
      seen.push(args.request.headers['authorization'] ?? '');
      return next(args);
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'recordAuthorization' },
  );
  return seen;
};

describe('local clients', () => {
  it('DynamoDB Local and fauxqs answer requests that carry no signature', async () => {
    const dynamo = createRawDynamoClient(db.endpoint);
    const sentToDynamo = authorizationsOf(dynamo.middlewareStack as unknown as Stack);
    expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toContain(db.eventsTableName);
    const queues = await startLocalQueues();
    try {
      const sentToSqs = authorizationsOf(queues.sqs.middlewareStack as unknown as Stack);
      expect((await queues.sqs.send(new ListQueuesCommand({}))).QueueUrls?.length).toBeGreaterThan(0);
      for (const header of [...sentToDynamo, ...sentToSqs]) {
        expect(header).toMatch(/^AWS4-HMAC-SHA256 Credential=local\//);
        expect(header).toMatch(/Signature=0$/);
      }
      expect(sentToDynamo).toHaveLength(1);
      expect(sentToSqs).toHaveLength(1);
    } finally {
      await queues.stop();
      dynamo.destroy();
    }
  });
});
