// Shapes a fund's positions for the Fund page: guarantees outstanding summed by county and by
// borrower category, bridge loans open and overdue, commitments called and uncalled. Sums are in
// fen (bigint) and go back to the API's decimal strings, so they stay exact.
import { fromFen, toFen } from '../format/amount';

export interface Bucket {
  key: string;
  count: number;
  amount: string;
}

/** Count and exact total per key, largest total first. */
export const sumBy = <T>(items: readonly T[], keyOf: (item: T) => string, amountOf: (item: T) => string): Bucket[] => {
  const sums = new Map<string, { count: number; fen: bigint }>();
  for (const item of items) {
    const key = keyOf(item);
    const sum = sums.get(key) ?? { count: 0, fen: 0n };
    sums.set(key, { count: sum.count + 1, fen: sum.fen + toFen(amountOf(item)) });
  }
  return [...sums.entries()]
    .sort((a, b) => (a[1].fen === b[1].fen ? a[0].localeCompare(b[0]) : a[1].fen > b[1].fen ? -1 : 1))
    .map(([key, sum]) => ({ key, count: sum.count, amount: fromFen(sum.fen) }));
};

/**
 * The label of a county bucket: the city's name for the code (GET /v1/city) in the page's language,
 * `unknown` (a guarantee that named none) as given, any other code as itself.
 */
export const countyLabel =
  (counties: readonly { code: string; name: string; nameEn?: string | undefined }[], language: 'zh-CN' | 'en', unknown: string) =>
  (code: string): string => {
    if (code === 'unknown') return unknown;
    const county = counties.find((c) => c.code === code);
    if (county === undefined) return code;
    return language === 'en' ? (county.nameEn ?? county.name) : county.name;
  };

export const total = <T>(items: readonly T[], amountOf: (item: T) => string): string => fromFen(items.reduce((sum, item) => sum + toFen(amountOf(item)), 0n));

export interface ChainStatus {
  count: number;
  /** First version whose prevHash is not the previous event's hash; undefined when all link. */
  brokenAt: number | undefined;
}

/** Whether each event names its predecessor's hash (the store's tamper-evidence chain). */
export const chainStatus = (events: readonly { version: number; prevHash: string; hash: string }[]): ChainStatus => {
  for (let index = 1; index < events.length; index++) {
    const previous = events[index - 1];
    const current = events[index];
    if (previous !== undefined && current !== undefined && current.prevHash !== previous.hash) return { count: events.length, brokenAt: current.version };
  }
  return { count: events.length, brokenAt: undefined };
};
