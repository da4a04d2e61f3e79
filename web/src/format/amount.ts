// The one amount formatter. It takes the API's decimal string of yuan (never a float), works in
// integer fen, and never rounds: 万元 and 亿元 figures keep every digit down to the fen, so a figure
// on screen always equals the API's.

export type Scale = 'yuan' | 'wan' | 'yi';

const AMOUNT = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;
/** Decimal places each scale needs to keep the fen: yuan 2, 万 (10⁴) 6, 亿 (10⁸) 10. */
const SHIFT: Record<Scale, number> = { yuan: 2, wan: 6, yi: 10 };
const WAN = 10_000n * 100n;
const YI = 100_000_000n * 100n;

/** Fen of an API amount; throws on anything that is not a yuan decimal string. */
export const toFen = (text: string): bigint => {
  const match = AMOUNT.exec(text);
  if (match === null) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const fen = BigInt(match[2] ?? '0') * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
};

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The scale a large total reads best in: 亿元 from 100,000,000, 万元 from 100,000, else 元. */
export const autoScale = (fen: bigint): Scale => {
  const abs = fen < 0n ? -fen : fen;
  if (abs >= YI) return 'yi';
  if (abs >= 10n * WAN) return 'wan';
  return 'yuan';
};

/**
 * Digits of `text` in `scale`, grouped by thousands. Yuan always show two decimals; 万元 and 亿元
 * show as many decimals as the fen need and no more ("12345678.90" → "1,234.56789" 万元).
 */
export const formatDigits = (text: string, scale: Scale = 'yuan'): string => {
  const fen = toFen(text);
  const negative = fen < 0n;
  const places = SHIFT[scale];
  const padded = (negative ? -fen : fen).toString().padStart(places + 1, '0');
  const whole = padded.slice(0, padded.length - places);
  let fraction = padded.slice(padded.length - places);
  if (scale !== 'yuan') fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${groupThousands(whole)}${fraction === '' ? '' : `.${fraction}`}`;
};

export interface FormattedAmount {
  /** The figure in its scale, exact. */
  digits: string;
  scale: Scale;
  /** The same figure in yuan with two decimals, for a tooltip or a second line. */
  exactYuan: string;
}

/** An amount in the scale given, or the one that suits its size. */
export const formatAmount = (text: string, scale: Scale | 'auto' = 'yuan'): FormattedAmount => {
  const chosen = scale === 'auto' ? autoScale(toFen(text)) : scale;
  return { digits: formatDigits(text, chosen), scale: chosen, exactYuan: formatDigits(text, 'yuan') };
};

/** Fen back to the API's decimal string; sums of amounts stay exact. */
export const fromFen = (fen: bigint): string => {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};
