// Personal data of borrowers and firms (names, unified social credit codes 统一社会信用代码, ID
// numbers, phone numbers) never reaches a log unmasked (等保 2.0 level 3, GB/T 22239-2019
// 8.1.4.11 个人信息保护; issue 23 §3). Two nets, because a log line can carry data two ways:
// - by key: a `borrower` or `firm` object, or a field such as `creditCode`, is masked whole;
// - by shape: free text (an error message that echoes input) is searched for credit codes and ID
//   numbers, mobile numbers and company names (a run of Chinese ending in 公司, 合作社…).
// One rule masks a value: keep min(4, ⌊n/4⌋) characters at each end and star the middle, so
// 91371500MA3C5X7Y0E → 9137**********7Y0E and 聊城恒信科技有限公司 → 聊城******公司.

/** Keys whose whole value (a string, or every string inside an object) is personal data. */
const PERSONAL_KEYS = new Set(['borrower', 'borrowers', 'firm', 'firms', 'creditCode', 'borrowerName', 'firmName', 'idNumber', 'phone', 'mobile', 'contact', 'legalRepresentative']);

/** GB 32100-2015 codes (18 characters, division code digits at 3–8) and GB 11643 ID numbers share this shape. */
const CREDIT_CODE_OR_ID = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXYx]{10}(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
/** A firm's name in free text: Chinese (and brackets, Latin letters, digits) ending in a legal form. */
const FIRM_NAME = /[\u4e00-\u9fff（）()A-Za-z0-9]{1,40}?(?:有限责任公司|股份有限公司|有限公司|公司|合作社|商行|经营部|门市部|个体工商户)/g;

/** The one masking rule: keep min(4, ⌊n/4⌋) characters at each end (by code point), star the rest. */
export const maskValue = (value: string): string => {
  const chars = [...value];
  const keep = Math.min(4, Math.floor(chars.length / 4));
  if (chars.length === 0) return value;
  return `${chars.slice(0, keep).join('')}${'*'.repeat(chars.length - 2 * keep)}${keep === 0 ? '' : chars.slice(-keep).join('')}`;
};

/** Masks whatever in free text has the shape of a credit code, an ID number, a mobile number or a firm's name. */
export const maskText = (text: string): string => text.replace(CREDIT_CODE_OR_ID, maskValue).replace(MOBILE, maskValue).replace(FIRM_NAME, maskValue);

/** Every string inside `value` masked whole (numbers and booleans are no one's name). */
const maskAll = (value: unknown): unknown => {
  if (typeof value === 'string') return maskValue(value);
  if (Array.isArray(value)) return value.map(maskAll);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAll(v)]));
  return value;
};

/**
 * A JSON.stringify replacer (and Powertools' `jsonReplacerFn`): personal keys masked whole, every
 * other string searched by shape. Powertools turns an Error into {name, message, stack} after this
 * runs, and stringify then calls it again on those strings, so an error's message is masked too.
 */
export const maskPersonalData = (key: string, value: unknown): unknown => {
  if (PERSONAL_KEYS.has(key) && value !== null && value !== undefined) return maskAll(value);
  if (typeof value === 'string') return maskText(value);
  return value;
};

/** A value with its personal data masked, for writers that are not JSON (console lines). */
export const maskForLog = (value: unknown): string => {
  if (value instanceof Error) return maskText(value.stack ?? `${value.name}: ${value.message}`);
  if (typeof value === 'string') return maskText(value);
  return JSON.stringify(value, maskPersonalData) ?? String(value);
};
