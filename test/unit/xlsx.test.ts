// functions/xlsx: our writer's files open in exceljs with the styles the reports need, the reader
// (functions/files/read-workbook.ts) reads what exceljs and our writer write, and bad bytes are refused.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../functions/files/read-workbook';
import { TableError } from '../../functions/files/table';
import { writeXlsx } from '../../functions/xlsx/write';
import { unzip, ZipError, zip } from '../../functions/xlsx/zip';

const load = async (bytes: Buffer): Promise<ExcelJS.Workbook> => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  return book;
};

describe('writeXlsx', () => {
  it('writes sheets exceljs reads back: bold and italic headings frozen above, money format, widths', async () => {
    const bytes = writeXlsx([
      { name: '科目汇总 <&>', columns: [{ width: 16 }, { width: 18, numFmt: '#,##0.00' }], boldRow: ['科目', '金额'], italicRow: ['Account', 'Amount'], rows: [['1001 现金 "cash"', 1234.5], [null, -0.01]] },
      { name: 'Empty', columns: [], rows: [] },
    ]);
    const book = await load(bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual(['科目汇总 <&>', 'Empty']);
    const sheet = book.worksheets[0];
    expect(sheet?.getCell('A1').font?.bold).toBe(true);
    expect(sheet?.getCell('B2').font?.italic).toBe(true);
    expect(sheet?.getCell('A3').value).toBe('1001 现金 "cash"');
    expect([sheet?.getCell('B3').value, sheet?.getCell('B3').numFmt]).toEqual([1234.5, '#,##0.00']);
    expect(sheet?.getCell('B4').value).toBe(-0.01);
    expect(sheet?.getColumn(2).width).toBe(18);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });
});

describe('readWorkbook', () => {
  it('reads every sheet as exceljs writes it: shared strings, numbers, dates as YYYY-MM-DD, gaps, row numbers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('流水');
    book.addWorksheet('other').addRow(['not read']);
    sheet.addRow(['交易日期', '借方发生额', '摘要']);
    sheet.addRow([new Date(Date.UTC(2024, 4, 6)), 1500.25, '转贷 & 还款']);
    sheet.getCell('A2').numFmt = 'yyyy-mm-dd';
    sheet.getCell('C4').value = { richText: [{ text: '对方' }, { text: '户名' }] };
    const [first, second] = await readWorkbook(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx');
    expect([first?.name, second?.name]).toEqual(['流水', 'other']);
    expect(second?.rows).toEqual([{ line: 1, cells: ['not read'] }]);
    expect(first?.rows).toEqual([
      { line: 1, cells: ['交易日期', '借方发生额', '摘要'] },
      { line: 2, cells: ['2024-05-06', '1500.25', '转贷 & 还款'] },
      { line: 4, cells: ['', '', '对方户名'] },
    ]);
  });

  it('reads back whatever text and numbers the writer wrote', async () => {
    const cell = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => s !== '' && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/.test(s)), fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), async (rows) => {
        const [read] = await readWorkbook(writeXlsx([{ name: 's', columns: [], rows }]), 'xlsx');
        expect(read?.rows).toEqual(rows.map((cells, i) => ({ line: i + 1, cells: cells.map(String) })));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses bytes that are not a workbook, and an archive that would inflate past the limit', async () => {
    await expect(readWorkbook(Buffer.from('PK\x03\x04 交易日期,金额\n'), 'xlsx')).rejects.toThrow(TableError);
    await expect(readWorkbook(zip([{ name: 'a.txt', data: Buffer.from('x') }]), 'xlsx')).rejects.toThrow(TableError);
    await expect(readWorkbook(zip([{ name: 'xl/workbook.xml', data: Buffer.alloc(101 * 1024 * 1024) }]), 'xlsx')).rejects.toThrow(/more than/);
    // 2 MB of zeros deflate to ~2 KB: past a 1 MB limit it is refused, not inflated whole.
    const bomb = zip([{ name: 'xl/workbook.xml', data: Buffer.alloc(2 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => unzip(bomb, 1024 * 1024)).toThrow(ZipError);
    expect(unzip(bomb, 3 * 1024 * 1024).get('xl/workbook.xml')?.length).toBe(2 * 1024 * 1024);
  });
});
