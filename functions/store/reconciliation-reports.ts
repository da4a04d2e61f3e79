// Month-end reports in the read table: one item per month and fund (PK = RECON#<month>, SK = fundId),
// written by the month-end job, read by the API. A re-run overwrites the fund's item (latest run wins;
// every run's outcome stays in the period stream as a ReconciliationCompleted event). The report is
// stored as one JSON string attribute: its lists are capped so an item stays far below 400 KB.
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { type FundMonthReport, fundMonthReport } from '../month-end/report-schema';
import type { Item } from './read-models/items';

export const reportKey = (month: string, fundId: string) => ({ PK: `RECON#${month}`, SK: fundId });

export class ReportCorrupt extends Error {
  override readonly name = 'ReportCorrupt';
}

export interface ReconciliationReports {
  put(report: FundMonthReport): Promise<void>;
  /** Every fund's report of a month, by fund id. */
  listMonth(month: string): Promise<FundMonthReport[]>;
}

const storedItem = z.object({ report: z.string() });

export const createReconciliationReports = ({ client, tableName }: { client: DynamoDBClient; tableName: string }): ReconciliationReports => {
  const queryAll = async (pk: string): Promise<Item[]> => {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  };

  return {
    put: async (report) => {
      const key = reportKey(report.month, report.fundId);
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            PK: { S: key.PK },
            SK: { S: key.SK },
            runId: { S: report.runId },
            clean: { BOOL: report.clean },
            discrepancyCount: { N: String(report.discrepancyCount) },
            generatedAt: { S: report.generatedAt },
            report: { S: JSON.stringify(fundMonthReport.encode(report)) },
          },
        }),
      );
    },

    listMonth: async (month) =>
      (await queryAll(`RECON#${month}`)).map((item) => {
        const parsed = storedItem.safeParse({ report: item.report?.S });
        const decoded = parsed.success ? fundMonthReport.safeDecode(JSON.parse(parsed.data.report) as z.input<typeof fundMonthReport>) : undefined;
        if (decoded === undefined || !decoded.success) throw new ReportCorrupt(`report RECON#${month}/${item.SK?.S ?? '?'} does not parse`);
        return decoded.data;
      }),
  };
};
