// The one place that reads XLSX: the first worksheet as numbered rows of text. Callers never see
// the library, so it can be swapped for a lighter reader without touching them. exceljs (~1 MB
// with its zip code) is loaded on first use only, keeping it off the API's cold start.
import type { TableRow } from './table';
import { TableError } from './table';

type CellValue = unknown;

/** A cell as the text a clerk sees: dates as YYYY-MM-DD, numbers in their shortest exact form, formulas by their result. */
const cellText = (value: CellValue): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const v = value as { result?: CellValue; richText?: { text: string }[]; text?: CellValue; error?: string };
    if ('result' in v) return cellText(v.result);
    if (Array.isArray(v.richText)) return v.richText.map((part) => part.text).join('');
    if ('text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return '';
};

/** The first worksheet's rows (row numbers as in the sheet); 400-worthy TableError if the bytes are not an XLSX workbook. */
export async function readXlsxRows(bytes: Uint8Array): Promise<TableRow[]> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    throw new TableError('body', `not a readable XLSX workbook: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new TableError('body', 'the workbook has no worksheet');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // row.values is 1-based (index 0 unused); holes are empty cells.
    const values = row.values as CellValue[];
    for (let i = 1; i < values.length; i += 1) cells.push(cellText(values[i]));
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}
