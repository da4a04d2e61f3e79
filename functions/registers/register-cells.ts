// Turning one register cell into the value its request-body field takes. Only the spelling is
// translated here (Chinese words, thousands separators, date forms, per-mille rates); whether the
// value is acceptable is left to the command route's own zod schema.
import { normaliseDate } from '../month-end/statement-parse';
import { cityNameEn, countiesOf, isFunctionalZone } from '../../events/city-counties';
import { currentCity } from '../shared/city-scope';
import { CATEGORY_WORDS, countyWordsOf, type CellKind } from './register-columns';

/** The unit a fee-rate column is written in, read from its header (default per mille). */
export type RateUnit = 'permille' | 'percent' | 'bp';

export type CellValue = { value: string | number } | { error: string };

export const rateUnitOf = (header: string): RateUnit => {
  if (header.includes('‰')) return 'permille';
  if (/bp|基点/i.test(header)) return 'bp';
  if (header.includes('%') || header.includes('％')) return 'percent';
  return 'permille';
};

/** "8.5" ‰ → 85 bp, "0.85%" → 85 bp, "85" bp → 85; integers only, no float ever carries a rate. */
export const rateToBps = (text: string, headerUnit: RateUnit): CellValue => {
  const trimmed = text.replace(/\s/g, '');
  const unit: RateUnit = trimmed.endsWith('‰') ? 'permille' : /[%％]$/.test(trimmed) ? 'percent' : headerUnit;
  const digits = trimmed.replace(/[‰%％]$/, '');
  const decimals = { permille: 1, percent: 2, bp: 0 }[unit];
  const match = /^(\d{1,5})(?:\.(\d+))?$/.exec(digits);
  if (match === null) return { error: `must be a rate like "8" (‰), "0.8%" or "80" (bp); got "${text}"` };
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) return { error: `is finer than 1 bp (at most ${decimals} decimal${decimals === 1 ? '' : 's'} in ${unit === 'permille' ? '‰' : unit === 'percent' ? '%' : 'bp'})` };
  return { value: Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0') };
};

const lookup = (words: Record<string, string>, text: string, what: string): CellValue => {
  const key = text.replace(/\s/g, '');
  const found = words[key] ?? words[key.toLowerCase()];
  return found === undefined ? { error: `"${text}" is not a ${what}` } : { value: found };
};

/**
 * A date typed into a text-formatted XLSX cell reaches us as Excel's serial day number (45418 =
 * 2024-05-06). Five digits between 1955 and 2119 cannot be any other date form, so read them as one.
 */
export const excelSerialDate = (text: string): string | undefined => {
  if (!/^\d{5}$/.test(text) || Number(text) < 20_000 || Number(text) > 80_000) return undefined;
  return new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000).toISOString().slice(0, 10);
};

/** A county cell of the current city's register: a name, a code or a short form of one of its counties. */
const countyCell = (text: string): CellValue => {
  const city = currentCity();
  const counties = countiesOf(city);
  const what = counties.some((c) => isFunctionalZone(c.name)) ? 'county or zone' : 'county';
  return lookup(countyWordsOf(city), text, `${what} of ${cityNameEn(city)} (${counties.map((c) => c.name).join(', ')})`);
};

/** The body value of a non-empty cell, or why the cell cannot be read. */
export const cellValue = (kind: CellKind, text: string, unit: RateUnit): CellValue => {
  const trimmed = text.trim();
  switch (kind) {
    case 'text':
      return { value: trimmed };
    case 'amount':
      // Registers write 5,000,000.00 or 5，000，000 元; the money codec then judges the digits.
      return { value: trimmed.replace(/[,，\s]/g, '').replace(/元$/, '') };
    case 'date':
      return { value: normaliseDate(trimmed) ?? excelSerialDate(trimmed) ?? trimmed };
    case 'fee-rate':
      return rateToBps(trimmed, unit);
    case 'category':
      return lookup(CATEGORY_WORDS, trimmed, 'borrower category (微型企业, 小型企业, 涉农, 其他)');
    case 'county':
      return countyCell(trimmed);
  }
};
