// Money arithmetic on integer fen. Rates are integer basis points (DESIGN §4); every computation keeps
// exact integers and rounds half up to the fen once, at the end.
export { formatYuan, parseYuan, MoneyFormatError } from '../events/money';

export const BPS_PER_UNIT = 10_000n;

/** numerator / denominator rounded half up (away from zero on ties), for non-negative denominators. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** amount × bps / 10000, rounded half up to the fen. */
export function applyBps(amountFen: bigint, bps: number | bigint): bigint {
  return divRoundHalfUp(amountFen * BigInt(bps), BPS_PER_UNIT);
}

/** principal × bpsPerDay × days / 10000, rounded once. 8,000,000.00 × 1 bp × 3 days = 2,400.00. */
export function feeFor(principalFen: bigint, bpsPerDay: number | bigint, days: number | bigint): bigint {
  return divRoundHalfUp(principalFen * BigInt(bpsPerDay) * BigInt(days), BPS_PER_UNIT);
}

/** part / whole in basis points, rounded half up; 0 when whole is 0. */
export function ratioBps(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number(divRoundHalfUp(part * BPS_PER_UNIT, whole));
}

export function sumFen(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Basis points as a human string: 9500 → "9500 bp". */
export const bpText = (bps: number | bigint): string => `${bps} bp`;
