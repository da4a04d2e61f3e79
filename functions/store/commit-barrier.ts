// DynamoDB Local answers a TransactWriteItems before its SQLite COMMIT has run: the jar's
// SQLiteDBAccess.commitTransaction queues the COMMIT on the database's single job queue and returns
// without waiting for it (DynamoDBLocal.jar 2026-01-16; every other job there is awaited). Killed in
// that gap, DynamoDB Local finds the transaction in its rollback journal on the next start and undoes
// it: a write it acknowledged is gone (docs/store.md, "A store killed under load"). Any request queued
// after the answer runs after that COMMIT, so one strongly consistent read of a key that never exists
// closes the gap before our caller sees success. Real DynamoDB commits before it answers: the barrier
// is installed only on clients of a local endpoint (dynamo-client.ts).
import { type DynamoDBClient, GetItemCommand, type TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { EVENTS_TABLE } from '../shared/tables';

/** A key no record uses; both tables are keyed PK/SK (tables.ts). */
const BARRIER_KEY = { [EVENTS_TABLE.partitionKey]: { S: '#commit-barrier' }, [EVENTS_TABLE.sortKey]: { S: '#' } };

const MIDDLEWARE = 'localCommitBarrier';

/** The table of a transaction's first item (any table of it shares the one job queue). */
const tableOf = (input: TransactWriteItemsCommandInput): string | undefined => {
  const first = input.TransactItems?.[0];
  return first?.Put?.TableName ?? first?.Update?.TableName ?? first?.Delete?.TableName ?? first?.ConditionCheck?.TableName;
};

/** After each successful TransactWriteItems through `client`, waits until DynamoDB Local has committed it. */
export const awaitLocalCommits = (client: DynamoDBClient): DynamoDBClient => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args);
      const tableName = context.commandName === 'TransactWriteItemsCommand' ? tableOf(args.input as TransactWriteItemsCommandInput) : undefined;
      // If this read fails the store died in the gap: the write's fate is unknown, so it is not a success.
      if (tableName !== undefined) await client.send(new GetItemCommand({ TableName: tableName, Key: BARRIER_KEY, ConsistentRead: true }));
      return answer;
    },
    { step: 'initialize', name: MIDDLEWARE, override: true },
  );
  return client;
};
