import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../events/primitives';
import { rateToBps } from '../../../functions/registers/register-cells';
import { GUARANTEE_COLUMNS, BRIDGE_LOAN_COLUMNS } from '../../../functions/registers/register-columns';
import { mapHeader, validateRegister } from '../../../functions/registers/register-validation';
import { registerTemplateCsv, registerTemplateXlsx } from '../../../functions/registers/register-template';
import { excelSerialDate } from '../../../functions/registers/register-cells';
import { readWorkbook } from '../../../functions/files/read-workbook';
import { writeXlsx } from '../../../functions/xlsx/write';
import { withCity } from '../../../functions/shared/city-scope';

const code = (body17: string): string => `${body17}${creditCodeCheckChar(body17) ?? ''}`;
const GOOD_CODE = code('91371500MA3C5X7Y0');
const SHA = 'a'.repeat(64);
const G_HEADER = GUARANTEE_COLUMNS.map((c) => c.header);
const gRow = (overrides: Record<string, string> = {}): string[] =>
  G_HEADER.map((h) => ({ 担保编号: 'G1', 担保机构: '聊城市融资担保有限公司', 借款人名称: '某合作社', 统一社会信用代码: GOOD_CODE, 借款人类型: '涉农', 所属区县: '茌平区', 贷款银行: '聊城农商银行', '担保金额(元)': '5,000,000', '担保费率(‰)': '8.5', 起始日: '2024/3/2', 到期日: '20250301', ...overrides })[h] ?? '');

describe('register header mapping', () => {
  it('maps the template headers, aliases and unit suffixes to the columns', () => {
    const mapping = mapHeader('guarantees', ['\uFEFF担保编号', '担保机构名称', '借款人名称', '信用代码', '借款人类别', '贷款银行', '担保金额（元）', '担保费率(%)', '起始日', '到期日']);
    expect(mapping.ok).toBe(true);
    if (mapping.ok) expect(mapping.columns.find((c) => c.column.field.join('.') === 'feeRateBps')?.unit).toBe('percent');
  });

  it('names every required column a file lacks', () => {
    const mapping = mapHeader('bridge-loans', ['转贷编号', '企业名称']);
    expect(mapping.ok).toBe(false);
    if (!mapping.ok) expect(mapping.errors.map((e) => e.field)).toContain('header: 银行续贷承诺金额(元)');
  });
});

describe('register rows', () => {
  it('turns a valid guarantee row into the command request with canonical amounts and a derived key', () => {
    const result = validateRegister('guarantees', 'pool1', { header: G_HEADER, rows: [{ line: 2, cells: gRow() }], sha256: SHA });
    expect('rows' in result).toBe(true);
    if (!('rows' in result)) return;
    expect(result.summary).toEqual({ total: 1, valid: 1, invalid: 0 });
    expect(result.rows[0]?.request).toEqual({
      method: 'POST',
      path: '/v1/funds/pool1/guarantees',
      idempotencyKey: `register:guarantees:pool1:${SHA}:2`,
      body: {
        guaranteeId: 'G1',
        agency: '聊城市融资担保有限公司',
        borrower: { name: '某合作社', creditCode: GOOD_CODE, category: 'agri', county: 'chiping' },
        lender: '聊城农商银行',
        principal: '5000000.00',
        // 8.5 ‰ = 0.85 % = 85 bp
        feeRateBps: 85,
        startsOn: '2024-03-02',
        maturesOn: '2025-03-01',
      },
    });
  });

  it('names the bad cells of a row by their Chinese column and keeps the other rows valid', () => {
    const badCode = `${GOOD_CODE.slice(0, 17)}${GOOD_CODE.endsWith('0') ? '1' : '0'}`;
    const result = validateRegister('guarantees', 'pool1', {
      header: G_HEADER,
      rows: [
        { line: 2, cells: gRow() },
        { line: 3, cells: gRow({ 担保编号: 'G2', 统一社会信用代码: badCode, 借款人类型: '大型企业', '担保金额(元)': '12.345' }) },
        { line: 4, cells: G_HEADER.map(() => ' ') },
        { line: 5, cells: gRow({ 担保编号: 'G3', 所属区县: '' }) },
      ],
      sha256: SHA,
    });
    if (!('rows' in result)) throw new Error('header should map');
    expect(result.summary).toEqual({ total: 3, valid: 2, invalid: 1 });
    const bad = result.rows.find((r) => r.line === 3);
    expect(bad?.request).toBeUndefined();
    expect(bad?.errors.map((e) => e.field).sort()).toEqual(['借款人类型', '担保金额(元)', '统一社会信用代码']);
    expect(result.rows.find((r) => r.line === 5)?.request?.body).not.toHaveProperty('borrower.county');
  });

  it('refuses a record id repeated within the file on the later line', () => {
    const result = validateRegister('guarantees', 'pool1', { header: G_HEADER, rows: [{ line: 2, cells: gRow() }, { line: 3, cells: gRow() }], sha256: SHA });
    if (!('rows' in result)) throw new Error('header should map');
    expect(result.rows[1]?.errors).toEqual([{ field: '担保编号', message: '"G1" is already on line 2' }]);
  });

  it('judges a bridge-loan row with the bridge-loan route schema', () => {
    const header = BRIDGE_LOAN_COLUMNS.map((c) => c.header);
    const cells = ['ZD1', '某机械公司', GOOD_CODE, '临清市', '工商银行', 'XD-1', '8,500,000.00', '8000000', '2024-05-06', '2024-05-32'];
    const result = validateRegister('bridge-loans', 'bridge1', { header, rows: [{ line: 2, cells }], sha256: SHA });
    if (!('rows' in result)) throw new Error('header should map');
    expect(result.rows[0]?.errors).toEqual([{ field: '到期日', message: expect.stringContaining('date') }]);
  });
});

describe('fee rates', () => {
  it('reads per mille, percent and basis points into whole basis points, never finer', () => {
    expect(rateToBps('8', 'permille')).toEqual({ value: 80 });
    expect(rateToBps('0.85%', 'permille')).toEqual({ value: 85 });
    expect(rateToBps('1.2', 'percent')).toEqual({ value: 120 });
    expect(rateToBps('75', 'bp')).toEqual({ value: 75 });
    expect(rateToBps('8.55', 'permille')).toHaveProperty('error');
    expect(rateToBps('abc', 'permille')).toHaveProperty('error');
  });
});

describe("a register's counties are the uploader's city's", () => {
  const countyOf = (city: 'jinan' | 'liaocheng', cell: string) => {
    const result = withCity(city, () => validateRegister('guarantees', 'pool1', { header: G_HEADER, rows: [{ line: 2, cells: gRow({ 所属区县: cell }) }], sha256: SHA }));
    if (!('rows' in result)) throw new Error('header should map');
    return { county: (result.rows[0]?.request?.body as { borrower?: { county?: string } } | undefined)?.borrower?.county, errors: result.rows[0]?.errors ?? [] };
  };

  it("reads Jinan's 历下区 (or its code) in Jinan, and refuses Liaocheng's 茌平区 there, naming Jinan's twelve", () => {
    expect(countyOf('jinan', '历下区')).toEqual({ county: 'lixia', errors: [] });
    expect(countyOf('jinan', 'shanghe').county).toBe('shanghe');
    const refused = countyOf('jinan', '茌平区');
    expect(refused.county).toBeUndefined();
    expect(refused.errors).toEqual([{ field: '所属区县', message: '"茌平区" is not a county of Jinan (历下区, 市中区, 槐荫区, 天桥区, 历城区, 长清区, 章丘区, 济阳区, 莱芜区, 钢城区, 平阴县, 商河县)' }]);
  });

  it("keeps Liaocheng's short forms of its zones, and refuses Jinan's 历下区 there", () => {
    expect(countyOf('liaocheng', '高新区').county).toBe('gaoxinqu');
    expect(countyOf('liaocheng', '历下区').errors[0]?.message).toMatch(/^"历下区" is not a county or zone of Liaocheng \(东昌府区, 茌平区, /);
  });

  it("gives the XLSX template's notes the city's own county example", async () => {
    const notes = async (city: 'jinan' | 'liaocheng') => (await readWorkbook(withCity(city, () => registerTemplateXlsx('bridge-loans')), 'xlsx'))[1]?.rows.find((r) => r.cells[0] === '所属区县')?.cells;
    expect(await notes('liaocheng')).toEqual(['所属区县', '否', '临清市', 'one of the 11 counties and zones']);
    expect(await notes('jinan')).toEqual(['所属区县', '否', '槐荫区', 'one of the 12 counties and districts']);
  });
});

describe('templates', () => {
  it('offers the CSV template as the Chinese header row alone, with a BOM', () => {
    expect(registerTemplateCsv('bridge-loans')).toBe(`\uFEFF${BRIDGE_LOAN_COLUMNS.map((c) => c.header).join(',')}\r\n`);
  });
});

describe('XLSX registers', () => {
  it('offers an XLSX template whose first sheet is the header row, read back as the columns', async () => {
    const [sheet] = await readWorkbook(registerTemplateXlsx('guarantees'), 'xlsx');
    expect(sheet?.rows[0]?.cells).toEqual(G_HEADER);
    expect(sheet?.rows.slice(1).every((r) => r.cells.every((c) => c === ''))).toBe(true);
  });

  it('reads a filled-in sheet with real date and number cells into a valid request', async () => {
    // 45353 is Excel's serial day for 2024-03-02; 5000000 a number cell shown as 5,000,000.00.
    const cells = gRow().map((c, i) => (G_HEADER[i] === '起始日' ? 45353 : G_HEADER[i] === '担保金额(元)' ? 5000000 : c));
    const file = writeXlsx([{ name: '担保', columns: G_HEADER.map((h) => ({ width: 12, ...(h === '起始日' ? { numFmt: 'yyyy-mm-dd' } : {}) })), boldRow: G_HEADER, rows: [cells] }]);
    const [header, ...rows] = (await readWorkbook(file, 'xlsx'))[0]?.rows ?? [];
    const result = validateRegister('guarantees', 'pool1', { header: header?.cells ?? [], rows, sha256: SHA });
    if (!('rows' in result)) throw new Error('header should map');
    expect(result.rows[0]?.errors).toEqual([]);
    expect(result.rows[0]?.request?.body).toMatchObject({ startsOn: '2024-03-02', principal: '5000000.00' });
  });

  it("reads Excel's serial day typed into a text cell as the date, and nothing else as one", () => {
    expect(excelSerialDate('45418')).toBe('2024-05-06');
    expect(excelSerialDate('20240506')).toBeUndefined();
    expect(excelSerialDate('123')).toBeUndefined();
  });
});
