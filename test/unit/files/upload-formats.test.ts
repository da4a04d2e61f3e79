// Issue 19 §4: bank files as banks export them. The format comes from the bytes (whatever the
// name or declared type says), the sheet with a recognisable header is read (not just the first),
// registers find a header under a title row, and what is no spreadsheet is a 415 naming what it
// looks like. The fixtures were written by LibreOffice and openpyxl (test/fixtures/files/README.md).
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../functions/api/openapi';
import { bankStatementSpec, registerValidationSpec } from '../../../functions/api/routes/file-route-specs';
import { MAX_FILE_BYTES, XLS_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../../functions/api/upload';
import { readUpload } from '../../../functions/api/upload-reader';
import { sniffFormat } from '../../../functions/files/sniff';
import { headerTable, type UploadedTable } from '../../../functions/files/table';
import { isStatementHeader } from '../../../functions/month-end/statement-columns';
import { parseStatementTable } from '../../../functions/month-end/statement-parse';
import { mapHeader, validateRegister } from '../../../functions/registers/register-validation';
import { unzip, zip } from '../../../functions/xlsx/zip';
import { FIXTURES, fixture, formBody } from '../../support/file-fixtures';

const refusal = async (promise: Promise<unknown>): Promise<{ status: number; message: string; extra: Record<string, unknown> }> => {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; message: string; extra: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
};

const statementOf = (file: UploadedTable) => parseStatementTable({ ...headerTable(file.sheets, isStatementHeader), ...(file.encoding === undefined ? {} : { encoding: file.encoding }) }, file.fields);
const registerOf = (file: UploadedTable) => validateRegister('guarantees', 'pool1', { ...headerTable(file.sheets, (cells) => mapHeader('guarantees', cells).ok), sha256: file.sha256 });

describe('sniffFormat: the bytes decide', () => {
  it('knows each spreadsheet magic and each look-alike', () => {
    expect(sniffFormat(fixture(FIXTURES.statementXls))).toEqual({ format: 'xls' });
    expect(sniffFormat(fixture(FIXTURES.registerTitleRow))).toEqual({ format: 'xlsx' });
    expect(sniffFormat(Buffer.from('交易日期,金额\r\n2024-06-03,1.00\r\n'))).toEqual({ format: 'csv' });
    expect(sniffFormat(Buffer.from([0xbd, 0xbb, 0xd2, 0xd7, 0xc8, 0xd5, 0xc6, 0xda, 0x2c, 0x0a]))).toEqual({ format: 'csv' }); // 交易日期, in GBK
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF document/],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), /JPEG image/],
      [zip([{ name: 'statement.csv', data: Buffer.from('a,b\n') }]), /ZIP archive that is not an XLSX/],
      [zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]), /Word document/],
      [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600), Buffer.from('WordDocument', 'utf16le')]), /Word 97–2003/],
      [Buffer.from([0x13, 0x00, 0x9c, 0xfe, 0x41, 0x00, 0x07, 0x88]), /binary data/],
      [Buffer.concat([Buffer.from(`date,amount\n${'2024-06-03,1.00\n'.repeat(1000)}`), Buffer.from([0])]), /binary data/], // a NUL past the first 8 KB
      [Buffer.from('{"month":"2024-06","lines":[]}'), /JSON/],
      [Buffer.from('<html><body><table><tr><td>交易日期</td></tr></table></body></html>'), /HTML page/],
    ];
    for (const [bytes, what] of cases) expect(sniffFormat(bytes)).toEqual({ unsupported: expect.stringMatching(what) });
  });
});

describe('readUpload: format from the bytes, not the declared type or name', () => {
  it('reads an .xls sent as text/csv, octet-stream, form-urlencoded or no type at all: never as CSV', async () => {
    for (const type of [XLS_MEDIA_TYPE, 'text/csv', 'application/octet-stream', 'application/x-www-form-urlencoded', undefined]) {
      const table = await readUpload(type, fixture(FIXTURES.statementXls), {});
      expect(table.format).toBe('xls');
      expect(table.sheets.map((s) => s.name)).toEqual(['封面', '交易明细']);
      expect(JSON.stringify(table)).not.toMatch(/\\u0000/);
    }
  });

  it('reads an XLSX declared as application/vnd.ms-excel, and a CSV declared as XLSX', async () => {
    expect((await readUpload(XLS_MEDIA_TYPE, fixture(FIXTURES.registerTitleRow), {})).format).toBe('xlsx');
    const csv = await readUpload(XLSX_MEDIA_TYPE, Buffer.from('date,amount\n2024-06-03,1.00\n'), {});
    expect(csv).toMatchObject({ format: 'csv', header: ['date', 'amount'] });
  });

  it('reads tab-separated text named .xls (a bank\'s "Text (Tab delimited)" export) as a table', async () => {
    const tsv = Buffer.from(new TextEncoder().encode('交易日期\t金额\t摘要\r\n2024-06-03\t1,000.00\t财政注资, 首笔\r\n'));
    const { body, contentType } = await formBody({ bytes: tsv, name: '交易明细.xls', type: XLS_MEDIA_TYPE });
    const table = await readUpload(contentType, body, {});
    expect(table).toMatchObject({ format: 'csv', header: ['交易日期', '金额', '摘要'], rows: [{ line: 2, cells: ['2024-06-03', '1,000.00', '财政注资, 首笔'] }] });
  });

  it('reads a multipart part by its bytes whatever its name: an .xls named statement.csv, sent as text/csv', async () => {
    const { body, contentType } = await formBody({ bytes: fixture(FIXTURES.statementXls), name: 'statement.csv', type: 'text/csv' }, { month: '2024-06' });
    const table = await readUpload(contentType, body, {});
    expect(table).toMatchObject({ format: 'xls', fileName: 'statement.csv', fields: { month: '2024-06' } });
  });

  it('answers 415 naming what the file looks like and what is accepted, quoting no byte of it', async () => {
    const pdf = await formBody({ bytes: Buffer.from('%PDF-1.4\n\u0000\u0001binary'), name: '对账单.xlsx', type: XLSX_MEDIA_TYPE });
    const cases: [string | undefined, Buffer, string][] = [
      [pdf.contentType, pdf.body, 'a PDF document'],
      ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 'a PNG image'],
      [XLSX_MEDIA_TYPE, zip([{ name: 'a.txt', data: Buffer.from('x') }]), 'a ZIP archive that is not an XLSX workbook'],
      ['text/csv', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x00, 0x42]), 'binary data of no known kind'],
    ];
    for (const [type, bytes, what] of cases) {
      const problem = await refusal(readUpload(type, bytes, {}));
      expect(problem).toMatchObject({ status: 415, extra: { code: 'unsupported-file-format', actual: what, limit: expect.arrayContaining([XLS_MEDIA_TYPE, XLSX_MEDIA_TYPE, 'text/csv']) } });
      expect(problem.message).toContain(`looks like ${what}`);
      expect(problem.message).not.toMatch(/[\u0000-\u0008\ufffd]/);
    }
    expect((await refusal(readUpload(pdf.contentType, pdf.body, {}))).message).toContain('named "对账单.xlsx", sent as application/vnd.openxmlformats');
  });

  it('answers 400 (not a parser trace) for a damaged workbook, and still 413 past 5 MB', async () => {
    const broken = Buffer.from(fixture(FIXTURES.statementXls).subarray(0, 1500));
    const problem = await refusal(readUpload(XLS_MEDIA_TYPE, broken, {}));
    expect(problem).toMatchObject({ status: 400, extra: { errors: [{ field: 'body', message: expect.stringContaining('cannot be read') }] } });
    expect((await refusal(readUpload(XLS_MEDIA_TYPE, Buffer.concat([fixture(FIXTURES.statementXls), Buffer.alloc(MAX_FILE_BYTES)]), {}))).status).toBe(413);
  });
});

describe('the OpenAPI document', () => {
  it('lists XLS beside CSV, XLSX and multipart for statements and registers, and what a 415 carries', () => {
    const document = buildOpenApi([bankStatementSpec, registerValidationSpec]) as { paths: Record<string, { post: { requestBody: { content: Record<string, unknown> }; responses: Record<string, { description: string }> } }> };
    for (const spec of [bankStatementSpec, registerValidationSpec]) {
      const post = document.paths[spec.path]?.post;
      expect(Object.keys(post?.requestBody.content ?? {})).toEqual(expect.arrayContaining(['text/csv', XLSX_MEDIA_TYPE, XLS_MEDIA_TYPE, 'multipart/form-data', 'application/octet-stream']));
      expect(post?.responses['415']?.description).toContain('unsupported-file-format');
    }
  });
});

describe('the sheet with the header, under a title or after a cover sheet', () => {
  it('reads the LibreOffice .xls statement off its second sheet, under the bank preamble', async () => {
    const file = await readUpload(XLS_MEDIA_TYPE, fixture(FIXTURES.statementXls), {});
    expect(headerTable(file.sheets, isStatementHeader)).toMatchObject({ sheetName: '交易明细', headerLine: 4, header: ['交易日期', '交易流水号', '摘要', '对方户名', '借方发生额', '贷方发生额', '余额'] });
    const outcome = statementOf(file);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    // 0.00 + 1,000,000.00 − 25.50 + 1,234.56 = 1,001,209.06; the 合计 row is no line.
    expect(outcome.statement).toMatchObject({ month: '2024-06', openingBalance: 0n, closingBalance: 100_120_906n });
    expect(outcome.statement.lines).toEqual([
      { lineNo: 5, date: '2024-06-03', amount: 100_000_000n, reference: '2024060300012', description: '财政注资 / 聊城市财政局' },
      { lineNo: 6, date: '2024-06-15', amount: -2550n, reference: '2024061500034', description: '手续费' },
      { lineNo: 7, date: '2024-06-21', amount: 123_456n, reference: '2024062100056', description: '利息收入' },
    ]);
  });

  it('reads rich-text cells and amounts typed as text from LibreOffice XLSX, and the same file with x: namespace prefixes', async () => {
    const original = fixture(FIXTURES.statementRichText);
    const prefixed = namespacePrefixed(original);
    for (const bytes of [original, prefixed]) {
      const outcome = statementOf(await readUpload(XLSX_MEDIA_TYPE, bytes, { openingBalance: '1001209.06', closingBalance: '1000500.00' }));
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
      // 1,001,209.06 + 500.00 − 1,209.06 = 1,000,500.00
      expect(outcome.statement.lines.map((l) => [l.date, l.amount, l.reference, l.description])).toEqual([
        ['2024-07-02', 50_000n, '0000202407020001', '利息收入 & 结息'],
        ['2024-07-19', -120_906n, '0000202407190002', '资金缴回'],
      ]);
    }
  });

  it('finds the register on the .xls sheet after the cover sheet, under its title', async () => {
    const file = await readUpload(XLS_MEDIA_TYPE, fixture(FIXTURES.registerXls), {});
    const result = registerOf(file);
    if (!('rows' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.summary).toEqual({ total: 2, valid: 2, invalid: 0 });
    expect(result.rows.map((r) => [r.line, r.request?.body])).toEqual([
      [3, expect.objectContaining({ guaranteeId: 'X1', principal: '1500000.00', feeRateBps: 80, startsOn: '2024-06-04', maturesOn: '2025-03-01' })],
      [4, expect.objectContaining({ guaranteeId: 'X2', startsOn: '2024-06-18' })],
    ]);
  });

  it('imports the openpyxl register whose title 聊城市融资担保业务登记簿（2024年6月） sits above the headers (refused before)', async () => {
    const file = await readUpload(XLSX_MEDIA_TYPE, fixture(FIXTURES.registerTitleRow), {});
    expect(file.header).toEqual(['聊城市融资担保业务登记簿（2024年6月）']);
    const result = registerOf(file);
    if (!('rows' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.summary).toEqual({ total: 2, valid: 2, invalid: 0 });
    expect(result.rows.map((r) => r.request?.body)).toEqual([expect.objectContaining({ guaranteeId: 'T1', startsOn: '2024-06-03' }), expect.objectContaining({ guaranteeId: 'T2' })]);
  });

  it('names the row it read beside the template when no row is a header, instead of contradicting itself', async () => {
    const file = await readUpload('text/csv', Buffer.from('聊城市融资担保业务登记簿（2024年6月）\r\n编号,名称\r\nT1,x\r\n'), {});
    const result = registerOf(file);
    if ('rows' in result) throw new Error('should not map');
    expect(result.errors[0]).toEqual({
      field: 'header: 担保编号',
      message: expect.stringMatching(/^no "担保编号" column in the file's header row \(聊城市融资担保业务登记簿（2024年6月）\); the template's header row is: 担保编号, 担保机构/),
    });
  });
});

/**
 * The same workbook as the .NET Open XML SDK writes it: every SpreadsheetML element with an x:
 * prefix. Built here from the LibreOffice file (no such writer is packaged for Debian).
 */
function namespacePrefixed(xlsx: Buffer): Buffer {
  const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const entries = [...unzip(xlsx, 10 * 1024 * 1024)].map(([name, data]) => {
    if (!/^xl\/(workbook|sharedStrings|styles|worksheets\/sheet\d+)\.xml$/.test(name)) return { name, data };
    const xml = data.toString('utf8').replace(/<(\/?)([A-Za-z]+)(?=[\s>/])/g, (_m, slash: string, tag: string) => `<${slash}x:${tag}`).replace(` xmlns="${MAIN}"`, ` xmlns:x="${MAIN}"`);
    return { name, data: Buffer.from(xml) };
  });
  return zip(entries);
}
