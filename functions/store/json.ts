// JSON that keeps bigint: head snapshots hold amounts as bigint fen, which JSON.stringify refuses.
// A bigint is written as {"$n":"<digits>"}; an object of exactly that shape reads back as a bigint.

const BIGINT_TAG = '$n';
const INTEGER = /^-?\d+$/;

const isTaggedBigint = (value: unknown): value is { [BIGINT_TAG]: string } => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const tagged: unknown = (value as Record<string, unknown>)[BIGINT_TAG];
  return keys.length === 1 && typeof tagged === 'string' && INTEGER.test(tagged);
};

export const serialize = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? { [BIGINT_TAG]: item.toString() } : item,
  );

export const deserialize = (text: string): unknown =>
  JSON.parse(text, (_key, item: unknown) => (isTaggedBigint(item) ? BigInt(item[BIGINT_TAG]) : item));
