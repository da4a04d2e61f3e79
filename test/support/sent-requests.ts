// What a DynamoDB client sends while some work runs: one entry per request (retries and the local
// commit barrier included), as `pick` describes it from the command's name and input.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const sentRequests = async <T = string>(
  client: DynamoDBClient,
  work: () => Promise<unknown>,
  pick: (commandName: string, input: unknown) => T = (commandName) => commandName as T,
): Promise<T[]> => {
  const sent: T[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(pick(context.commandName ?? '?', args.input));
      return next(args);
    },
    { step: 'initialize', name: 'sentRequests' },
  );
  try {
    await work();
  } finally {
    client.middlewareStack.remove('sentRequests');
  }
  return sent;
};
