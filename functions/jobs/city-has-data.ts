// The cheap check before a city's scheduled run (issue 24 §3): a city has data once it has a fund, and
// the read table lists a city's funds in one partition (readKeys.fundsPartition), so one Query with
// Limit 1 in the city's key range (the client is city-scoped) answers it. A city without funds has
// nothing to reconcile, seal, sweep or archive.
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { readKeys } from '../store/read-models/keys';

export const cityHasFunds = async (client: Pick<DynamoDBClient, 'send'>, readTableName: string): Promise<boolean> => {
  const answer = await client.send(
    new QueryCommand({ TableName: readTableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: readKeys.fundsPartition } }, Limit: 1 }),
  );
  return (answer.Items?.length ?? 0) > 0;
};
