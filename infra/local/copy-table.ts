// The local stand-in for an AWS Backup restore (docs/deploy.md, "Restore drill"): a new table with
// the same keys and index, filled with every item of the source. The source is read by parallel
// scan segments and each page is written as it arrives by BatchWriteItem calls in flight together
// (unprocessed items resent), so reading and writing overlap instead of one 25-item call after
// another. The source is only read. Like a table AWS Backup restores, the copy has no stream (a
// restore does not bring back stream settings; nothing consumes the restored table's changes).
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { batchWriteAll } from '../../functions/store/batch-write';
import { scanItems } from '../../functions/store/scan';
import type { TableDefinition } from '../../functions/shared/tables';
import { createTableInput } from './create-tables';

export interface CopyOptions {
  /** Parallel scan segments of the source (default 4). */
  segments?: number;
  /** BatchWriteItem calls in flight per segment (default 4). */
  writesPerSegment?: number;
}

/** Creates `definition.tableName` and copies every item of `source` into it; returns the item count. */
export const copyTable = async (client: DynamoDBClient, source: string, definition: TableDefinition, options: CopyOptions = {}): Promise<number> => {
  const { segments = 4, writesPerSegment = 4 } = options;
  const { stream: _notRestored, ...withoutStream } = definition;
  await client.send(new CreateTableCommand(createTableInput(withoutStream)));
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_, index) => {
      let count = 0;
      let page: Parameters<typeof batchWriteAll>[2][number][] = [];
      const flush = async (): Promise<void> => {
        await batchWriteAll(client, definition.tableName, page, writesPerSegment);
        page = [];
      };
      for await (const item of scanItems(client, { TableName: source, ConsistentRead: true, Segment: index, TotalSegments: segments })) {
        page.push({ PutRequest: { Item: item } });
        count++;
        if (page.length === 25 * writesPerSegment) await flush();
      }
      await flush();
      return count;
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
};
