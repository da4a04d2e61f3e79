// The blank templates a fund manager fills in (Chinese headers). The CSV is the header row alone, so
// a forgotten example row can never be imported as a real guarantee; the XLSX keeps its examples
// and notes on a second sheet for the same reason. Columns are text-formatted so Excel leaves
// credit codes and dates as typed.
import type ExcelJS from 'exceljs';
import { REGISTER_COLUMNS, REGISTER_TARGETS, type RegisterKind } from './register-columns';

const csvCell = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** UTF-8 with a BOM, so Excel opens the Chinese headers correctly. */
export const registerTemplateCsv = (kind: RegisterKind): string => `\uFEFF${REGISTER_COLUMNS[kind].map((c) => csvCell(c.header)).join(',')}\r\n`;

export const registerTemplateXlsx = async (kind: RegisterKind): Promise<Buffer> => {
  // Loaded on demand: exceljs is large and only this download (and the monthly report) needs it.
  const { default: excel } = await import('exceljs');
  const book: ExcelJS.Workbook = new excel.Workbook();
  const columns = REGISTER_COLUMNS[kind];
  const rows = book.addWorksheet(REGISTER_TARGETS[kind].titleZh);
  rows.columns = columns.map((c) => ({ header: c.header, key: c.field.join('.'), width: Math.max(14, c.header.length * 2 + 4), style: { numFmt: '@' } }));
  rows.getRow(1).font = { bold: true };
  rows.views = [{ state: 'frozen', ySplit: 1 }];
  const notes = book.addWorksheet('填写说明 Notes');
  notes.columns = [
    { header: '列 column', width: 24 },
    { header: '必填 required', width: 12 },
    { header: '示例 example', width: 30 },
    { header: '说明 note', width: 80 },
  ];
  for (const c of columns) notes.addRow([c.header, c.required ? '是' : '否', c.example, c.note]);
  notes.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
};
