// Compares an answer's shape with a documented example's: the same field names in every object,
// recursively; a documented list may be cut short, so its items are compared with the answer's
// first items, one by one. Values are not compared (dates of today, generated ids, timestamps).
import type { JsonValue } from '../../functions/store/types';

const kind = (value: JsonValue | undefined): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Where `actual` differs in shape from `documented` ("items[0].cash: missing"), empty when alike. */
export const shapeDifferences = (documented: JsonValue | undefined, actual: JsonValue | undefined, depth: 'fields' | 'top' = 'fields', at = '$'): string[] => {
  // null stands for "none" in a field that may hold an object or a value: any value fits it.
  if (documented === null || actual === null) return [];
  if (kind(documented) !== kind(actual)) return [`${at}: documented ${kind(documented)}, answered ${kind(actual)}`];
  if (Array.isArray(documented) && Array.isArray(actual)) {
    if (actual.length < documented.length) return [`${at}: documented ${documented.length} items, answered ${actual.length}`];
    return depth === 'top' ? [] : documented.flatMap((item, i) => shapeDifferences(item, actual[i], depth, `${at}[${i}]`));
  }
  if (kind(documented) !== 'object') return [];
  const shown = documented as Record<string, JsonValue>;
  const got = actual as Record<string, JsonValue>;
  const missing = Object.keys(shown).filter((key) => !(key in got)).map((key) => `${at}.${key}: documented, not answered`);
  const extra = Object.keys(got).filter((key) => !(key in shown)).map((key) => `${at}.${key}: answered, not documented`);
  const nested = depth === 'top' ? [] : Object.keys(shown).filter((key) => key in got).flatMap((key) => shapeDifferences(shown[key], got[key], depth, `${at}.${key}`));
  return [...missing, ...extra, ...nested];
};
