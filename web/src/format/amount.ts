// The one amount formatter. It takes the API's decimal string of yuan (never a float) and works in
// integer fen (bigint). Tables show yuan to the fen. Headline figures are read at a glance: 亿元 or
// 万元 (in English CNY m or k) with two decimals, rounded half away from zero on the digits, and
// the exact yuan beside them or on hover, so the screen never hides a fen the API holds.

export type Scale = 'yuan' | 'k' | 'wan' | 'm' | 'yi';
export type AmountLanguage = 'zh-CN' | 'en';

const AMOUNT = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;
/** Decimal places each scale needs to keep the fen: yuan 2, k (10³) 5, 万 (10⁴) 6, m (10⁶) 8, 亿 (10⁸) 10. */
const SHIFT: Record<Scale, number> = { yuan: 2, k: 5, wan: 6, m: 8, yi: 10 };
/** Headline figures show this many decimals (issue 22 §4: `4.01 亿元`, `CNY 401.10 m`). */
export const HEADLINE_PLACES = 2;

/** Fen of an API amount; throws on anything that is not a yuan decimal string. */
export const toFen = (text: string): bigint => {
  const match = AMOUNT.exec(text);
  if (match === null) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const fen = BigInt(match[2] ?? '0') * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
};

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const yuanOf = (scale: Scale): bigint => 10n ** BigInt(SHIFT[scale] - 2);

/**
 * The scale a large total reads best in. Chinese: 亿元 from 100,000,000, 万元 from 100,000.
 * English: CNY m from 1,000,000, CNY k from 100,000. Smaller amounts stay in yuan.
 */
export const autoScale = (fen: bigint, language: AmountLanguage = 'zh-CN'): Scale => {
  const yuan = (fen < 0n ? -fen : fen) / 100n;
  if (language === 'en') return yuan >= yuanOf('m') ? 'm' : yuan >= 100_000n ? 'k' : 'yuan';
  return yuan >= yuanOf('yi') ? 'yi' : yuan >= 100_000n ? 'wan' : 'yuan';
};

/**
 * Digits of `text` in `scale`, grouped by thousands. Without `places` the figure is exact: yuan
 * with two decimals, the other scales with as many decimals as the fen need ("12345678.90" →
 * "1,234.56789" 万元). With `places` it is rounded half away from zero to that many decimals
 * ("401103523.31" in 亿元 with 2 → "4.01").
 */
export const formatDigits = (text: string, scale: Scale = 'yuan', places?: number): string => {
  const fen = toFen(text);
  const negative = fen < 0n;
  const shift = SHIFT[scale];
  let magnitude = negative ? -fen : fen;
  let shown = shift;
  if (places !== undefined && places < shift) {
    const unit = 10n ** BigInt(shift - places);
    magnitude = (magnitude + unit / 2n) / unit;
    shown = places;
  }
  const padded = magnitude.toString().padStart(shown + 1, '0');
  const whole = padded.slice(0, padded.length - shown);
  let fraction = padded.slice(padded.length - shown);
  if (places === undefined && scale !== 'yuan') fraction = fraction.replace(/0+$/, '');
  const sign = negative && magnitude !== 0n ? '-' : '';
  return `${sign}${groupThousands(whole)}${fraction === '' ? '' : `.${fraction}`}`;
};

export interface FormattedAmount {
  /** The figure in its scale: exact, or rounded to the places asked for. */
  digits: string;
  scale: Scale;
  /** The same figure in yuan with two decimals, for a tooltip or a second line. */
  exactYuan: string;
  /** True when `digits` is rounded and so differs from the exact amount. */
  rounded: boolean;
}

/** An amount in the scale given, or the one that suits its size, exact unless `places` is given. */
export const formatAmount = (text: string, scale: Scale | 'auto' = 'yuan', options: { language?: AmountLanguage; places?: number } = {}): FormattedAmount => {
  const chosen = scale === 'auto' ? autoScale(toFen(text), options.language) : scale;
  const digits = formatDigits(text, chosen, options.places);
  const dropped = options.places === undefined ? 0 : SHIFT[chosen] - options.places;
  const rounded = dropped > 0 && toFen(text) % 10n ** BigInt(dropped) !== 0n;
  return { digits, scale: chosen, exactYuan: formatDigits(text, 'yuan'), rounded };
};

/** A headline figure: 亿元/万元 (CNY m/k) with two decimals, the exact yuan beside it. */
export const headlineAmount = (text: string, language: AmountLanguage = 'zh-CN'): FormattedAmount =>
  formatAmount(text, 'auto', { language, places: HEADLINE_PLACES });

/** Fen back to the API's decimal string; sums of amounts stay exact. */
export const fromFen = (fen: bigint): string => {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};
