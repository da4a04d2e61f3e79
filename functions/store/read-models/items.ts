// Conversions between read-model values and DynamoDB items. Money is never a JS number here:
// running sums are DynamoDB numbers read straight into bigint; documents store yuan strings.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { z } from 'zod';
import { OWNER_ATTRIBUTE, type ConsumerName } from './keys';

export type Item = Record<string, AttributeValue>;
export interface ItemKey {
  PK: string;
  SK: string;
}

export class ReadModelCorrupt extends Error {
  override readonly name = 'ReadModelCorrupt';
  constructor(key: string, reason: string) {
    super(`read model item ${key}: ${reason}`);
  }
}

export const keyOf = (key: ItemKey): Item => ({ PK: { S: key.PK }, SK: { S: key.SK } });

/** A document item: the view encoded by its schema (bigint → yuan string), plus key and owner. */
export const documentItem = <S extends z.ZodType>(key: ItemKey, owner: ConsumerName, schema: S, value: z.output<S>): Item => ({
  ...marshall(encodeValue(schema, value), { removeUndefinedValues: true }),
  ...keyOf(key),
  [OWNER_ATTRIBUTE]: { S: owner },
});

const encodeValue = <S extends z.ZodType>(schema: S, value: z.output<S>): Record<string, unknown> =>
  schema.encode(value) as Record<string, unknown>;

/** Parses a stored document back to its view; a malformed item is a bug, not a user error. */
export const fromDocument = <S extends z.ZodType>(schema: S, item: Item): z.output<S> => {
  const result = schema.safeDecode(unmarshall(item) as z.input<S>);
  if (!result.success) throw new ReadModelCorrupt(`${item.PK?.S}/${item.SK?.S}`, result.error.message);
  return result.data;
};

/** A DynamoDB number attribute as bigint (0 when absent); refuses anything but an integer. */
export const bigintOf = (value: AttributeValue | undefined): bigint => {
  if (value === undefined) return 0n;
  if (value.N === undefined || !/^-?\d+$/.test(value.N)) throw new ReadModelCorrupt('?', `expected an integer number, got ${JSON.stringify(value)}`);
  return BigInt(value.N);
};

export const numberOf = (value: AttributeValue | undefined): number => Number(bigintOf(value));
export const stringOf = (value: AttributeValue | undefined): string | undefined => value?.S;
