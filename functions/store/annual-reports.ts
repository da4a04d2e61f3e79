// Stored annual accounts (issue 21 §2) in the read table: one item per year and fund
// (PK = ANNUAL#<year>, SK = fundId), written once when the fund's year is closed and read back by
// every later request, so the accounts of a closed year never change under a reader.
import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { JsonObject } from './types';
import type { Item } from './read-models/items';

export const annualKey = (year: number, fundId: string) => ({ PK: `ANNUAL#${year}`, SK: fundId });

export interface AnnualReports {
  /** Writes the fund's accounts unless stored already; answers what is stored afterwards. */
  putOnce(year: number, fundId: string, accounts: JsonObject): Promise<JsonObject>;
  listYear(year: number): Promise<Map<string, JsonObject>>;
}

export const createAnnualReports = ({ client, tableName }: { client: DynamoDBClient; tableName: string }): AnnualReports => {
  const listYear = async (year: number): Promise<Map<string, JsonObject>> => {
    const out = new Map<string, JsonObject>();
    let start: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: `ANNUAL#${year}` } }, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      for (const item of page.Items ?? []) {
        const fundId = item.SK?.S;
        const body = item.accounts?.S;
        if (fundId !== undefined && body !== undefined) out.set(fundId, JSON.parse(body) as JsonObject);
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  };
  return {
    listYear,
    putOnce: async (year, fundId, accounts) => {
      const key = annualKey(year, fundId);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { PK: { S: key.PK }, SK: { S: key.SK }, accounts: { S: JSON.stringify(accounts) } },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return accounts;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = (await listYear(year)).get(fundId);
        if (stored === undefined) throw error;
        return stored;
      }
    },
  };
};
