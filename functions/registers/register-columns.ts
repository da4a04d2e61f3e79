// The columns of the two registers a fund manager uploads (担保业务登记簿, 转贷业务登记簿): the Chinese
// header of the template, the other headers clerks write for the same column, and where the cell
// lands in the command's request body. The request schemas of the command routes stay the only
// judges of a value; this file only says which cell feeds which field.
import { type CityId, DEFAULT_CITY } from '../../events/cities';
import { countiesOf, isFunctionalZone } from '../../events/city-counties';
import { BORROWER_CATEGORIES, type BorrowerCategory, type CountyCode } from '../../events/primitives';

export const REGISTER_KINDS = ['guarantees', 'bridge-loans'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** How a cell's text becomes the body's value (before the route's zod schema judges it). */
export type CellKind = 'text' | 'amount' | 'date' | 'fee-rate' | 'category' | 'county';

export interface RegisterColumn {
  /** The template's header (Chinese). */
  header: string;
  /** Other headers accepted for the same column (compared without spaces, brackets and units). */
  aliases: readonly string[];
  /** Path in the request body, e.g. ['borrower', 'creditCode']. */
  field: readonly string[];
  kind: CellKind;
  required: boolean;
  /** A value for the template's example row. */
  example: string;
  /** One line for docs and the template's note row. */
  note: string;
  /** The county column: which of the city's counties is its example (the template shows the city's). */
  countyExample?: number;
}

const col = (header: string, field: string, kind: CellKind, example: string, note: string, options: { aliases?: string[]; required?: boolean } = {}): RegisterColumn => ({
  header,
  aliases: options.aliases ?? [],
  field: field.split('.'),
  kind,
  required: options.required ?? true,
  example,
  note,
});

/** The county column; its example and note are the city's (columnForCity), the default city's here. */
const countyCol = (example: number): RegisterColumn =>
  columnForCity({ ...col('所属区县', 'borrower.county', 'county', '', '', { aliases: ['区县', '所在区县'], required: false }), countyExample: example }, DEFAULT_CITY);

/** "counties and zones" when the city books zones like counties (Liaocheng), else "counties and districts". */
const countyWords = (city: CityId): string => `${countiesOf(city).length} counties and ${countiesOf(city).some((c) => isFunctionalZone(c.name)) ? 'zones' : 'districts'}`;

/** A column as the city's template shows it: the county column names the city's own counties. */
export const columnForCity = (column: RegisterColumn, city: CityId): RegisterColumn =>
  column.countyExample === undefined ? column : { ...column, example: countiesOf(city)[column.countyExample]?.name ?? '', note: `one of the ${countyWords(city)}` };

export const GUARANTEE_COLUMNS: readonly RegisterColumn[] = [
  col('担保编号', 'guaranteeId', 'text', 'DB2024-0001', '1–64 letters, digits, "_" or "-"', { aliases: ['业务编号', '保函编号'] }),
  col('担保机构', 'agency', 'text', '聊城市融资担保有限公司', 'the county guarantee agency', { aliases: ['担保机构名称'] }),
  col('借款人名称', 'borrower.name', 'text', '聊城市某某农业专业合作社', '', { aliases: ['企业名称', '被担保人名称', '借款人'] }),
  col('统一社会信用代码', 'borrower.creditCode', 'text', '91371500MA3C5X7Y0E', '18 characters, GB 32100-2015 check character', { aliases: ['信用代码'] }),
  col('借款人类型', 'borrower.category', 'category', '涉农', '微型企业 | 小型企业 | 涉农 | 其他 (or micro | small | agri | other)', { aliases: ['借款人类别', '企业类型'] }),
  countyCol(1),
  col('贷款银行', 'lender', 'text', '聊城农商银行', '', { aliases: ['合作银行', '贷款机构'] }),
  col('担保金额(元)', 'principal', 'amount', '5000000.00', 'yuan, at most two decimals (thousands separators allowed)', { aliases: ['担保金额', '贷款金额'] }),
  col('担保费率(‰)', 'feeRateBps', 'fee-rate', '8', 'per mille of the amount per year, at most one decimal (8‰ = 0.8 % = 80 bp); a "%" sign or header reads as percent', { aliases: ['担保费率', '年化担保费率'] }),
  col('起始日', 'startsOn', 'date', '2024-03-02', 'YYYY-MM-DD, YYYY/M/D or YYYYMMDD', { aliases: ['担保起始日', '起始日期', '放款日'] }),
  col('到期日', 'maturesOn', 'date', '2025-03-01', 'same date formats', { aliases: ['担保到期日', '到期日期'] }),
];

export const BRIDGE_LOAN_COLUMNS: readonly RegisterColumn[] = [
  col('转贷编号', 'loanId', 'text', 'ZD2024-0001', '1–64 letters, digits, "_" or "-"', { aliases: ['业务编号'] }),
  col('企业名称', 'borrower.name', 'text', '聊城市某某机械制造有限公司', '', { aliases: ['借款人名称', '借款企业'] }),
  col('统一社会信用代码', 'borrower.creditCode', 'text', '91371500MA3C5X7Y0E', '18 characters, GB 32100-2015 check character', { aliases: ['信用代码'] }),
  countyCol(2),
  col('续贷银行', 'bank', 'text', '中国工商银行聊城分行', 'the bank that renews the loan', { aliases: ['贷款银行', '合作银行'] }),
  col('续贷承诺编号', 'renewalCommitment.reference', 'text', 'XD-2024-017', "the bank's written renewal commitment", { aliases: ['承诺函编号'] }),
  col('银行续贷承诺金额(元)', 'renewalCommitment.amount', 'amount', '8500000.00', 'yuan', { aliases: ['银行续贷承诺金额', '续贷承诺金额'] }),
  col('转贷金额(元)', 'amount', 'amount', '8000000.00', 'yuan, ≤ 95 % of the commitment and ≤ 10,000,000.00', { aliases: ['转贷金额', '借款金额'] }),
  col('放款日', 'disbursedOn', 'date', '2024-05-06', 'YYYY-MM-DD, YYYY/M/D or YYYYMMDD', { aliases: ['放款日期', '转贷日'] }),
  col('到期日', 'dueOn', 'date', '2024-05-20', 'at most 15 days after 放款日', { aliases: ['到期日期', '约定还款日'] }),
];

export const REGISTER_COLUMNS: Record<RegisterKind, readonly RegisterColumn[]> = {
  guarantees: GUARANTEE_COLUMNS,
  'bridge-loans': BRIDGE_LOAN_COLUMNS,
};

/** The command route a valid row is posted to, and the body field that names the row's record. */
export const REGISTER_TARGETS: Record<RegisterKind, { path: (fundId: string) => string; idField: string; titleZh: string }> = {
  guarantees: { path: (fundId) => `/v1/funds/${fundId}/guarantees`, idField: 'guaranteeId', titleZh: '担保业务登记簿' },
  'bridge-loans': { path: (fundId) => `/v1/funds/${fundId}/bridge-loans`, idField: 'loanId', titleZh: '转贷业务登记簿' },
};

export const CATEGORY_WORDS: Record<string, BorrowerCategory> = {
  微型企业: 'micro',
  微型: 'micro',
  小型企业: 'small',
  小型: 'small',
  涉农: 'agri',
  涉农主体: 'agri',
  农业: 'agri',
  其他: 'other',
  ...Object.fromEntries(BORROWER_CATEGORIES.map((c) => [c, c])),
};

/** Short forms clerks write for a city's zones. */
const COUNTY_SHORT_FORMS: Partial<Record<CityId, Record<string, CountyCode>>> = {
  liaocheng: { 开发区: 'kaifaqu', 经开区: 'kaifaqu', 高新区: 'gaoxinqu', 度假区: 'dujiaqu' },
};

const countyWordsCache = new Map<CityId, Record<string, CountyCode>>();

/** What a register cell may say for each of the city's counties: its Chinese name, its code, a short form. */
export const countyWordsOf = (city: CityId): Record<string, CountyCode> => {
  const cached = countyWordsCache.get(city);
  if (cached !== undefined) return cached;
  const counties = countiesOf(city);
  const words = {
    ...Object.fromEntries(counties.map((c) => [c.name, c.code])),
    ...Object.fromEntries(counties.map((c) => [c.code, c.code])),
    ...COUNTY_SHORT_FORMS[city],
  };
  countyWordsCache.set(city, words);
  return words;
};
