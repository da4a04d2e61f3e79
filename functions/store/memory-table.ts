// A table in process memory behind a real DynamoDBClient: a middleware answers the calls the
// projectors make (GetItem, BatchGetItem, TransactWriteItems, PutItem) before anything is serialised
// or sent, with DynamoDB's semantics for them (a transaction's conditions all hold or nothing is
// written and it is cancelled with its reasons; one item at most once per transaction; at most 100
// items; a conditional Put that fails its condition writes nothing). The
// read-model rebuild runs the live projection code, unchanged, against it and then writes the items
// it holds in bulk (functions/projectors/rebuild.ts): one BatchWriteItem per 25 items instead of a
// consistent read and a transaction per event. Any other call throws, so nothing silently leaves
// the process or is answered wrongly.
import {
  type BatchGetItemCommandInput,
  type CancellationReason,
  ConditionalCheckFailedException,
  DynamoDBClient,
  type GetItemCommandInput,
  type PutItemCommandInput,
  type TransactWriteItem,
  type TransactWriteItemsCommandInput,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { READ_TABLE } from '../shared/tables';
import type { Item } from './event-item';
import { applyUpdate, conditionHolds, type ExpressionContext } from './item-expressions';

export interface MemoryTable {
  /** Answers GetItem, BatchGetItem, TransactWriteItems and PutItem on `tableName` from memory; any other call throws. */
  client: DynamoDBClient;
  tableName: string;
  /** Every item held, in key order. */
  items(): Item[];
}

/** A call the in-memory table does not answer: a bug in the caller, never a user error. */
export class MemoryTableRefused extends Error {
  override readonly name = 'MemoryTableRefused';
}

const MAX_TRANSACTION_ITEMS = 100;
const { partitionKey, sortKey } = READ_TABLE;

interface PlannedWrite {
  id: string;
  key: Item;
  condition?: { expression: string; context: ExpressionContext };
  apply: (current: Item | undefined) => Item | undefined;
}

export const createMemoryTable = (tableName: string): MemoryTable => {
  const held = new Map<string, Item>();

  const idOf = (key: Item | undefined): string => {
    const pk = key?.[partitionKey]?.S;
    const sk = key?.[sortKey]?.S;
    if (pk === undefined || sk === undefined) throw new MemoryTableRefused(`${tableName}: a key without string ${partitionKey} and ${sortKey}`);
    return `${pk}\u0000${sk}`;
  };
  const keyOf = (item: Item): Item => ({ [partitionKey]: item[partitionKey] as Item[string], [sortKey]: item[sortKey] as Item[string] });
  const ours = (name: string | undefined): void => {
    if (name !== tableName) throw new MemoryTableRefused(`in-memory table ${tableName}: a call on table ${name ?? '(none)'}`);
  };

  const plan = (write: TransactWriteItem): PlannedWrite => {
    const context = (c: { ExpressionAttributeNames?: Record<string, string> | undefined; ExpressionAttributeValues?: Item | undefined }): ExpressionContext => ({
      names: c.ExpressionAttributeNames,
      values: c.ExpressionAttributeValues,
    });
    const guarded = (c: { ConditionExpression?: string | undefined } & Parameters<typeof context>[0]) =>
      c.ConditionExpression === undefined ? {} : { condition: { expression: c.ConditionExpression, context: context(c) } };
    if (write.Put !== undefined) {
      const put = write.Put;
      ours(put.TableName);
      const item = put.Item ?? {};
      return { id: idOf(item), key: keyOf(item), ...guarded(put), apply: () => ({ ...item }) };
    }
    if (write.Update !== undefined) {
      const update = write.Update;
      ours(update.TableName);
      return { id: idOf(update.Key), key: update.Key ?? {}, ...guarded(update), apply: (current) => applyUpdate(current ?? { ...update.Key }, update.UpdateExpression ?? '', context(update)) };
    }
    if (write.Delete !== undefined) {
      const remove = write.Delete;
      ours(remove.TableName);
      return { id: idOf(remove.Key), key: remove.Key ?? {}, ...guarded(remove), apply: () => undefined };
    }
    if (write.ConditionCheck !== undefined) {
      const check = write.ConditionCheck;
      ours(check.TableName);
      return { id: idOf(check.Key), key: check.Key ?? {}, ...guarded(check), apply: (current) => current };
    }
    throw new MemoryTableRefused(`${tableName}: an empty transaction item`);
  };

  const transact = (input: TransactWriteItemsCommandInput): void => {
    const writes = (input.TransactItems ?? []).map(plan);
    if (writes.length === 0 || writes.length > MAX_TRANSACTION_ITEMS) throw new MemoryTableRefused(`${tableName}: a transaction of ${writes.length} items`);
    if (new Set(writes.map((w) => w.id)).size !== writes.length) throw new MemoryTableRefused(`${tableName}: a transaction touches one item twice`);
    const reasons: CancellationReason[] = writes.map((w) =>
      w.condition === undefined || conditionHolds(held.get(w.id), w.condition.expression, w.condition.context) ? { Code: 'None' } : { Code: 'ConditionalCheckFailed' },
    );
    if (reasons.some((r) => r.Code !== 'None')) {
      throw new TransactionCanceledException({ message: `Transaction cancelled [${reasons.map((r) => r.Code).join(', ')}]`, $metadata: {}, CancellationReasons: reasons });
    }
    for (const w of writes) {
      const next = w.apply(held.get(w.id));
      if (next === undefined) held.delete(w.id);
      else held.set(w.id, next);
    }
  };

  const putItem = (input: PutItemCommandInput): void => {
    const write = plan({ Put: input });
    if (write.condition !== undefined && !conditionHolds(held.get(write.id), write.condition.expression, write.condition.context)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    const next = write.apply(held.get(write.id));
    if (next !== undefined) held.set(write.id, next);
  };

  const getItem = (input: GetItemCommandInput): { Item?: Item } => {
    ours(input.TableName);
    if (input.ProjectionExpression !== undefined) throw new MemoryTableRefused(`${tableName}: GetItem with a projection`);
    const item = held.get(idOf(input.Key));
    return item === undefined ? {} : { Item: { ...item } };
  };

  const batchGet = (input: BatchGetItemCommandInput): { Responses: Record<string, Item[]>; UnprocessedKeys: Record<string, never> } => {
    const tables = Object.entries(input.RequestItems ?? {});
    for (const [name] of tables) ours(name);
    const keys = tables.flatMap(([, request]) => request.Keys ?? []);
    return { Responses: { [tableName]: keys.flatMap((key): Item[] => {
          const item = held.get(idOf(key));
          return item === undefined ? [] : [{ ...item }];
        }) }, UnprocessedKeys: {} };
  };

  const client = new DynamoDBClient({ region: 'memory', endpoint: 'http://memory.invalid', credentials: { accessKeyId: 'memory', secretAccessKey: 'memory' } });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input: unknown = args.input;
      const output =
        context.commandName === 'GetItemCommand'
          ? getItem(input as GetItemCommandInput)
          : context.commandName === 'BatchGetItemCommand'
            ? batchGet(input as BatchGetItemCommandInput)
            : context.commandName === 'TransactWriteItemsCommand'
              ? (transact(input as TransactWriteItemsCommandInput), {})
              : context.commandName === 'PutItemCommand'
                ? (putItem(input as PutItemCommandInput), {})
                : undefined;
      if (output === undefined) throw new MemoryTableRefused(`in-memory table ${tableName} does not answer ${context.commandName ?? 'this call'}`);
      return { output: { ...output, $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'memoryTable', priority: 'high' },
  );

  return {
    client,
    tableName,
    items: () => [...held].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item),
  };
};
