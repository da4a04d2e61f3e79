// The blank templates a fund manager fills in (Chinese headers). The CSV is the header row alone, so
// a forgotten example row can never be imported as a real guarantee; the XLSX keeps its examples
// and notes on a second sheet for the same reason.
import { writeXlsx } from '../xlsx/write';
import { currentCity } from '../shared/city-scope';
import { columnForCity, REGISTER_COLUMNS, REGISTER_TARGETS, type RegisterKind } from './register-columns';

const csvCell = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** UTF-8 with a BOM, so Excel opens the Chinese headers correctly. */
export const registerTemplateCsv = (kind: RegisterKind): string => `\uFEFF${REGISTER_COLUMNS[kind].map((c) => csvCell(c.header)).join(',')}\r\n`;

export const registerTemplateXlsx = (kind: RegisterKind): Buffer => {
  // The notes sheet's county example and note are the caller's city's.
  const city = currentCity();
  const columns = REGISTER_COLUMNS[kind].map((c) => columnForCity(c, city));
  // Text columns stay text (Excel would otherwise turn a credit code into a number); dates and
  // amounts keep real date and number formats, which the upload reads back exactly.
  const numFmt = { text: '@', category: '@', county: '@', 'fee-rate': '@', date: 'yyyy-mm-dd', amount: '#,##0.00' } as const;
  return writeXlsx([
    { name: REGISTER_TARGETS[kind].titleZh, columns: columns.map((c) => ({ width: Math.max(14, c.header.length * 2 + 4), numFmt: numFmt[c.kind] })), boldRow: columns.map((c) => c.header), rows: [] },
    {
      name: '填写说明 Notes',
      columns: [{ width: 24 }, { width: 12 }, { width: 30 }, { width: 80 }],
      boldRow: ['列 column', '必填 required', '示例 example', '说明 note'],
      rows: columns.map((c) => [c.header, c.required ? '是' : '否', c.example, c.note]),
    },
  ]);
};
