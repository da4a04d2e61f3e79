import * as z from 'zod';

// Shared field schemas of the event contract (docs/design-notes.md, DESIGN §7).

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const id = z.string().regex(ID_PATTERN, { error: 'must be 1–64 letters, digits, "_" or "-", starting with a letter or digit' });

/** True when y-m-d is a real calendar date (UTC arithmetic, no timezone involved). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Business date YYYY-MM-DD (Asia/Shanghai calendar day). */
export const businessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
  .refine(isCalendarDate, { error: 'is not a real calendar date' });

export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month YYYY-MM' });

/** Basis points: 1 bp = 0.01 %; 10000 bp = 100 %. */
export const basisPoints = z.number().int({ error: 'must be whole basis points' }).min(0).max(10000);

export const FUND_KINDS = ['risk-pool', 'bridge-fund', 'guidance-fund', 'subsidy-budget'] as const;
export const fundKind = z.enum(FUND_KINDS);
export type FundKind = z.infer<typeof fundKind>;

/**
 * The accounting standard a fund's books are reported under (issue 21 §3): 企业会计准则,
 * 政府会计制度, 财政总会计制度. The mapping of our chart to each is domain/accounting-standards.ts.
 */
export const ACCOUNTING_STANDARDS = ['enterprise', 'government', 'fiscal-general'] as const;
export const accountingStandard = z.enum(ACCOUNTING_STANDARDS);

export const CAPITAL_SOURCES = ['central', 'province', 'city', 'county', 'other'] as const;
export const capitalSource = z.enum(CAPITAL_SOURCES);
export type CapitalSource = z.infer<typeof capitalSource>;

export const BORROWER_CATEGORIES = ['micro', 'small', 'agri', 'other'] as const;
export const borrowerCategory = z.enum(BORROWER_CATEGORIES);
export type BorrowerCategory = z.infer<typeof borrowerCategory>;

/**
 * A county, district or zone of the event's city by its pinyin code (`chiping`, `lixia`): each
 * city's list is data (events/city-counties.ts), so an event of any city parses here and the
 * command layer judges the code against the city it posts in.
 */
export const COUNTY_CODE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
export const county = z.string().regex(COUNTY_CODE_PATTERN, { error: 'must be a county code: lower-case pinyin such as "chiping"' });
export type CountyCode = z.infer<typeof county>;

// GB 32100-2015 统一社会信用代码: 17 characters + a check character over a 31-symbol alphabet.
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or undefined if one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (CREDIT_WEIGHTS[i] ?? 0);
  }
  return CREDIT_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isValidCreditCode(code: string): boolean {
  return code.length === 18 && creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17);
}

export const creditCode = z
  .string()
  .regex(/^[0-9A-HJ-NP-RTUWXY]{18}$/, {
    error: 'unified social credit code must be 18 characters of 0-9 and A-Y (no I, O, S, V, Z)',
  })
  .refine(isValidCreditCode, { error: 'unified social credit code has a wrong check character (GB 32100-2015)' });

export const nonEmptyText = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max);
