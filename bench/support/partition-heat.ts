// Counts the items a DynamoDB client writes per partition key, in both tables and in the month
// index (GSI1, its own partitions in the service): every Put, Update and Delete, alone, in a batch
// or in a transaction (a ConditionCheck writes nothing). DynamoDB serves at most 1,000 write units
// a second per partition, so a key that takes a large share of a province's writes caps it.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Attr = { S?: string };
type Item = Record<string, Attr | undefined>;
interface Write {
  TableName?: string;
  Item?: Item;
  Key?: Item;
}

export interface PartitionCount {
  /** `<table>` or `<table> GSI1`, then the partition key as stored (with the city's prefix). */
  partition: string;
  writes: number;
}

export interface PartitionHeat {
  reset(): void;
  total(): number;
  /** Every partition, hottest first. */
  partitions(): PartitionCount[];
}

/** The item writes of one request: table, key and (for a Put) the item's month-index key. */
const writesOf = (command: string, input: Record<string, unknown>): Write[] => {
  switch (command) {
    case 'PutItem':
      return [{ TableName: input.TableName as string, Item: input.Item as Item }];
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ TableName: input.TableName as string, Key: input.Key as Item }];
    case 'BatchWriteItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>).flatMap(([TableName, requests]) =>
        requests.map((r) => ({ TableName, ...(r.PutRequest === undefined ? {} : { Item: r.PutRequest.Item }), ...(r.DeleteRequest === undefined ? {} : { Key: r.DeleteRequest.Key }) })),
      );
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as { Put?: Write; Update?: Write; Delete?: Write }[]).flatMap((t) => [t.Put, t.Update, t.Delete].filter((w): w is Write => w !== undefined));
    default:
      return [];
  }
};

/**
 * `tableLabel` names a table in the report (events, read). The middleware sits at the end of the
 * serialize step's queue, so it sees the keys as sent (after any rewriting of the keys).
 */
export const trackPartitionHeat = (client: DynamoDBClient, tableLabel: (tableName: string) => string): PartitionHeat => {
  let counts = new Map<string, number>();
  const add = (partition: string): void => {
    counts.set(partition, (counts.get(partition) ?? 0) + 1);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args);
      const command = (context.commandName ?? '').replace(/Command$/, '');
      for (const write of writesOf(command, args.input as Record<string, unknown>)) {
        const table = tableLabel(write.TableName ?? '?');
        const pk = (write.Item ?? write.Key)?.PK?.S;
        if (pk !== undefined) add(`${table} ${pk}`);
        const monthKey = write.Item?.GSI1PK?.S;
        if (monthKey !== undefined) add(`${table} GSI1 ${monthKey}`);
      }
      return answer;
    },
    { step: 'serialize', priority: 'low', name: 'benchPartitionHeat', override: true },
  );
  return {
    reset: () => {
      counts = new Map();
    },
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    partitions: () => [...counts].map(([partition, writes]) => ({ partition, writes })).sort((a, b) => b.writes - a.writes),
  };
};

/** The key's kind without the city and the ids: `C#jinan#S#fund-pv-pool` → `S#fund-…`, `C#jinan#JOURNAL#pv-pool` → `JOURNAL#…`. */
export const partitionKind = (partition: string): string =>
  partition
    .replace(/C#[a-z]+#/, '')
    .replace(/(S#(?:bridge-loan|grant-cap|[a-z]+))[-:].*$/, '$1-…')
    .replace(/(GSI1 M)#.*$/, '$1#<month>#<shard>')
    .replace(/^(\S+ (?!S#|GSI1)[A-Z]+)#.*$/, '$1#…');
