// The local stack is one process: every append goes through one DynamoDB client, so a successful
// write to the events table can wake the stream poller at once (the cloud's Pipe is pushed, not
// polled). The poller can then back off when idle without adding lag; writes from another
// process wait at most its longest idle sleep.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/** Whether a DynamoDB command writes to `tableName` (alone, in a transaction or in a batch). */
export const writesTo = (commandName: string | undefined, input: unknown, tableName: string): boolean => {
  if (commandName === undefined || !WRITES.has(commandName) || typeof input !== 'object' || input === null) return false;
  const { TableName, TransactItems, RequestItems } = input as {
    TableName?: string;
    TransactItems?: Record<string, { TableName?: string } | undefined>[];
    RequestItems?: Record<string, unknown>;
  };
  return (
    TableName === tableName ||
    (TransactItems ?? []).some((item) => Object.values(item).some((op) => op?.TableName === tableName)) ||
    (RequestItems !== undefined && tableName in RequestItems)
  );
};

const MIDDLEWARE = 'localEventFlowWake';

/** Calls `wake` after each successful write to `tableName` through `client`; returns the undo. */
export const wakeOnWrite = (client: DynamoDBClient, tableName: string, wake: () => void): (() => void) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args);
      if (writesTo(context.commandName, args.input, tableName)) wake();
      return answer;
    },
    { step: 'initialize', name: MIDDLEWARE, override: true },
  );
  return () => void client.middlewareStack.remove(MIDDLEWARE);
};
