// Every key of both tables begins with its city (issue 24, DESIGN §10): a city's data is one key
// range, `C#<city>#…`, in the table and in the month index. The rewrite happens in one place, a
// middleware on the DynamoDB client: each command's partition keys (PK, GSI1PK) gain the city's
// prefix on the way in and lose it on the way out, and a Scan sees only the city's range. Code above
// the client keeps its unprefixed keys and cannot name another city's item, whatever it asks for.
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CityId } from '../../events/cities';
import { cityKeyPrefix } from '../shared/city-scope';
import { EVENTS_TABLE } from '../shared/tables';

type Item = Record<string, AttributeValue>;
type Input = Record<string, unknown>;

/** The partition-key attributes of both tables and of the month index. */
const PARTITION_KEYS: readonly string[] = [EVENTS_TABLE.partitionKey, EVENTS_TABLE.monthIndex.partitionKey];

export class CityKeyViolation extends Error {
  override readonly name = 'CityKeyViolation';
}

/** Commands that never carry item keys (table administration, streams). */
const KEYLESS = new Set(['CreateTableCommand', 'DeleteTableCommand', 'DescribeTableCommand', 'ListTablesCommand', 'UpdateTableCommand', 'DescribeTimeToLiveCommand', 'UpdateTimeToLiveCommand', 'DescribeContinuousBackupsCommand']);

const prefixed = (item: Item | undefined, prefix: string): Item | undefined => {
  if (item === undefined) return undefined;
  const out: Item = { ...item };
  for (const name of PARTITION_KEYS) {
    const value = item[name];
    if (value?.S !== undefined) out[name] = { S: `${prefix}${value.S}` };
  }
  return out;
};

const unprefixed = (item: Item | undefined, prefix: string): Item | undefined => {
  if (item === undefined) return undefined;
  const out: Item = { ...item };
  for (const name of PARTITION_KEYS) {
    const value = item[name]?.S;
    if (value === undefined) continue;
    // A scoped request cannot return another range's item; if one came back, fail rather than show it.
    if (!value.startsWith(prefix)) throw new CityKeyViolation(`an item outside ${prefix}* came back: ${name}=${value.slice(0, 40)}`);
    out[name] = { S: value.slice(prefix.length) };
  }
  return out;
};

const mapItems = (items: Item[] | undefined, f: (item: Item | undefined) => Item | undefined): Item[] | undefined => items?.map((item) => f(item) as Item);

const mapPerTable = <T>(requests: Record<string, T> | undefined, f: (request: T) => T): Record<string, T> | undefined =>
  requests === undefined ? undefined : Object.fromEntries(Object.entries(requests).map(([table, request]) => [table, f(request)]));

interface KeysAndAttributes {
  Keys?: Item[];
}
interface WriteRequest {
  PutRequest?: { Item?: Item };
  DeleteRequest?: { Key?: Item };
}
interface TransactItem {
  Put?: { Item?: Item };
  Update?: { Key?: Item };
  Delete?: { Key?: Item };
  ConditionCheck?: { Key?: Item };
  Get?: { Key?: Item };
}

const withKeys = (f: (item: Item | undefined) => Item | undefined) => ({
  keysAndAttributes: (request: KeysAndAttributes): KeysAndAttributes => ({ ...request, ...(request.Keys === undefined ? {} : { Keys: mapItems(request.Keys, f) }) }),
  writeRequests: (requests: WriteRequest[]): WriteRequest[] =>
    requests.map((request) => ({
      ...(request.PutRequest === undefined ? {} : { PutRequest: { ...request.PutRequest, Item: f(request.PutRequest.Item) } }),
      ...(request.DeleteRequest === undefined ? {} : { DeleteRequest: { ...request.DeleteRequest, Key: f(request.DeleteRequest.Key) } }),
    })) as WriteRequest[],
});

/**
 * The value placeholders an expression compares to a partition key — `PK = :v` or
 * `begins_with(PK, :v)`, the attribute named directly or through the name map — so they gain the prefix.
 */
const partitionValueNames = (expression: unknown, input: Input): string[] => {
  if (typeof expression !== 'string') return [];
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const isPartitionKey = (attribute: string): boolean => PARTITION_KEYS.includes((attribute.startsWith('#') ? names[attribute] : attribute) ?? '');
  const found: string[] = [];
  for (const match of expression.matchAll(/([#\w]+)\s*=\s*(:\w+)|begins_with\(\s*([#\w]+)\s*,\s*(:\w+)\s*\)/g)) {
    const [attribute, value] = match[1] === undefined ? [match[3], match[4]] : [match[1], match[2]];
    if (attribute !== undefined && value !== undefined && isPartitionKey(attribute)) found.push(value);
  }
  return found;
};

/** The expression values with the prefix on each named placeholder. */
const prefixedValues = (input: Input, valueNames: readonly string[], prefix: string): Item | undefined => {
  if (valueNames.length === 0) return input.ExpressionAttributeValues as Item | undefined;
  const values = { ...(input.ExpressionAttributeValues as Item) };
  for (const name of valueNames) {
    const value = values[name]?.S;
    if (value === undefined) throw new CityKeyViolation(`the partition value ${name} is not a string`);
    values[name] = { S: `${prefix}${value}` };
  }
  return values;
};

const SCAN_NAME = '#cityScopePk';
const SCAN_VALUE = ':cityScopePrefix';

/** The command's input with the city's prefix on every partition key it names. */
export const scopeInput = (commandName: string, input: Input, city: CityId): Input => {
  const prefix = cityKeyPrefix(city);
  const f = (item: Item | undefined) => prefixed(item, prefix);
  const { keysAndAttributes, writeRequests } = withKeys(f);
  switch (commandName) {
    case 'GetItemCommand':
    case 'DeleteItemCommand':
    case 'UpdateItemCommand':
      return { ...input, Key: f(input.Key as Item) };
    case 'PutItemCommand':
      return { ...input, Item: f(input.Item as Item) };
    case 'QueryCommand': {
      const valueNames = [...new Set([...partitionValueNames(input.KeyConditionExpression, input), ...partitionValueNames(input.FilterExpression, input)])];
      if (partitionValueNames(input.KeyConditionExpression, input).length === 0) throw new CityKeyViolation('a Query without an equality on its partition key cannot be scoped to a city');
      return { ...input, ExpressionAttributeValues: prefixedValues(input, valueNames, prefix), ...(input.ExclusiveStartKey === undefined ? {} : { ExclusiveStartKey: f(input.ExclusiveStartKey as Item) }) };
    }
    case 'ScanCommand': {
      const filter = typeof input.FilterExpression === 'string' ? `(${input.FilterExpression}) AND ` : '';
      return {
        ...input,
        FilterExpression: `${filter}begins_with(${SCAN_NAME}, ${SCAN_VALUE})`,
        ExpressionAttributeNames: { ...(input.ExpressionAttributeNames as Record<string, string> | undefined), [SCAN_NAME]: EVENTS_TABLE.partitionKey },
        ExpressionAttributeValues: { ...prefixedValues(input, partitionValueNames(input.FilterExpression, input), prefix), [SCAN_VALUE]: { S: prefix } },
        // A scan's cursor is passed back as the scan gave it (see unscopeOutput): it is not the caller's key.
        ...(input.ExclusiveStartKey === undefined ? {} : { ExclusiveStartKey: input.ExclusiveStartKey }),
      };
    }
    case 'BatchGetItemCommand':
      return { ...input, RequestItems: mapPerTable(input.RequestItems as Record<string, KeysAndAttributes>, keysAndAttributes) };
    case 'BatchWriteItemCommand':
      return { ...input, RequestItems: mapPerTable(input.RequestItems as Record<string, WriteRequest[]>, writeRequests) };
    case 'TransactWriteItemsCommand':
    case 'TransactGetItemsCommand':
      return {
        ...input,
        TransactItems: (input.TransactItems as TransactItem[]).map((item) => {
          const [kind, operation] = Object.entries(item)[0] as [keyof TransactItem, Record<string, unknown>];
          return { [kind]: 'Item' in operation && kind === 'Put' ? { ...operation, Item: f(operation.Item as Item) } : { ...operation, Key: f(operation.Key as Item) } };
        }),
      };
    default:
      if (KEYLESS.has(commandName)) return input;
      // A command we do not know how to scope (PartiQL, say) must not run unscoped.
      throw new CityKeyViolation(`${commandName} cannot be scoped to a city`);
  }
};

/**
 * The command's output with the city's prefix taken off every partition key it returns. A Scan's
 * LastEvaluatedKey is the last item it *evaluated*, which its filter may have dropped: an item of
 * another city's range (or of the single-city layout before the upgrade, docs/upgrade.md) on any
 * page that ends there. It is only a cursor, handed back unchanged as the next ExclusiveStartKey, so
 * it passes through as stored; no item of another range is returned.
 */
export const unscopeOutput = (output: Input, city: CityId, commandName?: string): Input => {
  const prefix = cityKeyPrefix(city);
  const f = (item: Item | undefined) => unprefixed(item, prefix);
  const { keysAndAttributes, writeRequests } = withKeys(f);
  const out: Input = { ...output };
  if (output.Item !== undefined) out.Item = f(output.Item as Item);
  if (output.Attributes !== undefined) out.Attributes = f(output.Attributes as Item);
  if (output.Items !== undefined) out.Items = mapItems(output.Items as Item[], f);
  if (output.LastEvaluatedKey !== undefined && commandName !== 'ScanCommand') out.LastEvaluatedKey = f(output.LastEvaluatedKey as Item);
  if (output.UnprocessedKeys !== undefined) out.UnprocessedKeys = mapPerTable(output.UnprocessedKeys as Record<string, KeysAndAttributes>, keysAndAttributes);
  if (output.UnprocessedItems !== undefined) out.UnprocessedItems = mapPerTable(output.UnprocessedItems as Record<string, WriteRequest[]>, writeRequests);
  if (output.Responses !== undefined) {
    out.Responses = Array.isArray(output.Responses)
      ? (output.Responses as { Item?: Item }[]).map((response) => ({ ...response, ...(response.Item === undefined ? {} : { Item: f(response.Item) }) }))
      : mapPerTable(output.Responses as Record<string, Item[]>, (items) => mapItems(items, f) as Item[]);
  }
  return out;
};

const MIDDLEWARE = 'cityKeys';

/** Scopes every command `client` sends to the city `cityOf()` names at that moment. */
export const scopeClientToCity = (client: DynamoDBClient, cityOf: () => CityId): DynamoDBClient => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? '';
      // Table administration is nobody's city's work: it runs outside any scope (creating the tables).
      if (KEYLESS.has(commandName)) return next(args);
      const city = cityOf();
      const input = scopeInput(commandName, args.input as Input, city);
      const result = await next({ ...args, input });
      return { ...result, output: unscopeOutput(result.output as unknown as Input, city, commandName) as unknown as typeof result.output };
    },
    // Outermost, so the local commit barrier's own read (commit-barrier.ts) is scoped too.
    { step: 'initialize', name: MIDDLEWARE, priority: 'high', override: true },
  );
  return client;
};
