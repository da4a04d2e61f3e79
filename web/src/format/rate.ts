// Rates as the API keeps them (integer basis points) and as a finance officer writes them (a
// percent or a per-mille figure). Both ways are exact decimal shifts done on the digits, never
// through a float: 1 % = 100 bp, 1 ‰ = 10 bp.

export type RateUnit = 'percent' | 'permille';

/** Decimal places a unit shifts by to reach basis points: % two, ‰ one. */
const SHIFT: Record<RateUnit, number> = { percent: 2, permille: 1 };
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Basis points of a rate typed in `unit` ("0.01" % → 1 bp, "0.1" ‰ → 1 bp), or undefined when the
 * text is not a decimal or is finer than one basis point ("0.005" % is half a bp: refused).
 */
export const toBps = (text: string, unit: RateUnit): number | undefined => {
  const match = DECIMAL.exec(text.trim());
  if (match === null) return undefined;
  const places = SHIFT[unit];
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > places) return undefined;
  const bps = BigInt(`${match[2] ?? '0'}${fraction.padEnd(places, '0')}`);
  if (bps > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(match[1] === '-' ? -bps : bps);
};

/** A basis-point integer in `unit` with no trailing zeros: 365 bp → "3.65" %, 1 bp → "0.1" ‰. */
export const fromBps = (bps: number, unit: RateUnit): string => {
  const places = SHIFT[unit];
  const negative = bps < 0;
  const digits = String(Math.abs(bps)).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
};
