// Consistent point reads issued in the same turn of the event loop go out as ONE request (issue 20
// §2): a command asks for its own heads (fund, loan…) and the policy head together, so the policy
// head costs one key in the same BatchGetItem, not a call of its own. A lone key stays a GetItem.
import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { CityId } from '../../events/cities';
import { currentCity, withCity } from '../shared/city-scope';
import { EVENTS_TABLE } from '../shared/tables';
import { batchGetAll } from './batch-get';

type Item = Record<string, AttributeValue>;
interface Waiting {
  key: Item;
  resolve: (item: Item | undefined) => void;
  reject: (error: unknown) => void;
}

const idOf = (item: Item): string => `${item[EVENTS_TABLE.partitionKey]?.S ?? ''}\n${item[EVENTS_TABLE.sortKey]?.S ?? ''}`;

/**
 * get(key): the item under the key (consistent), or undefined; reads asked in one turn share a
 * request. Keys are a city's (issue 24): reads of different cities in one turn go out as one request
 * per city, each inside its city's scope, so a key is never read in another city's range.
 */
export const coalescedGet = (client: DynamoDBClient, tableName: string): ((key: Item) => Promise<Item | undefined>) => {
  const pendingByCity = new Map<CityId, Map<string, Waiting[]>>();

  const flush = async (city: CityId): Promise<void> => {
    const batch = pendingByCity.get(city) ?? new Map<string, Waiting[]>();
    pendingByCity.delete(city);
    const keys = [...batch.values()].map((waiting) => (waiting[0] as Waiting).key);
    try {
      const found = new Map<string, Item>();
      if (keys.length === 1) {
        const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: keys[0], ConsistentRead: true }));
        if (Item !== undefined) found.set(idOf(Item), Item);
      } else {
        for (const item of await batchGetAll(client, tableName, keys)) found.set(idOf(item), item);
      }
      for (const [id, waiting] of batch) for (const w of waiting) w.resolve(found.get(id));
    } catch (error) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
    }
  };

  return (key) =>
    new Promise<Item | undefined>((resolve, reject) => {
      const city = currentCity();
      const id = idOf(key);
      let pending = pendingByCity.get(city);
      if (pending === undefined) {
        pending = new Map();
        pendingByCity.set(city, pending);
        queueMicrotask(() => void withCity(city, () => flush(city)));
      }
      pending.set(id, [...(pending.get(id) ?? []), { key, resolve, reject }]);
    });
};
