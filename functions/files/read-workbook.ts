// The one place that reads spreadsheets: every worksheet of an XLSX or Excel 97–2003 (BIFF8) XLS
// as numbered rows of cell text. SheetJS Community Edition 0.20.3 (Apache-2.0, republished on npm
// as @e965/xlsx) reads both formats, namespace-prefixed and rich-text OOXML included; why this
// library and what it costs the apiFiles bundle is in docs/month-end.md ("Bank statement files").
// It is imported on the first workbook read, not at init: of the 25–30 ms CPU its import costs, the
// few ms of building its tables then fall on that request instead of every cold start
// (bench/spreadsheet-reader.ts).
import type { CellObject, WorkBook } from '@e965/xlsx';
import { unzip, ZipError } from '../xlsx/zip';
import { type TableRow, type TableSheet, TableError } from './table';

/** Uncompressed bytes an XLSX may expand to (a 5 MB upload of text compresses ~10×). */
const MAX_UNCOMPRESSED = 100 * 1024 * 1024;

const LABEL = { xlsx: 'an XLSX workbook', xls: 'an Excel 97–2003 (.xls) workbook' } as const;

type DateFormatTest = (format: string) => boolean;

/** Excel's serial day as YYYY-MM-DD (1900 system with its 1900-02-29, or the 1904 system). */
const serialDate = (serial: number, date1904: boolean): string =>
  new Date(Date.UTC(1899, 11, 30) + (Math.floor(serial) + (date1904 ? 1462 : 0)) * 86_400_000).toISOString().slice(0, 10);

/**
 * A number as the sheet holds it, not as formatted (a 13-digit reference in General format shows
 * as 2.02406E+12); a formula's binary noise (0.30000000000000004) is cut at Excel's 15 digits.
 */
const numberText = (value: number): string => (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15))));

const cellText = (cell: CellObject | undefined, date1904: boolean, isDateFormat: DateFormatTest): string => {
  if (cell === undefined || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v);
    case 'n': {
      const value = Number(cell.v);
      // A date-formatted number is a date; a time of day alone (serial < 1) keeps its shown text.
      if (typeof cell.z === 'string' && isDateFormat(cell.z)) return value >= 1 ? serialDate(value, date1904) : (cell.w ?? numberText(value));
      return numberText(value);
    }
    case 'b':
      return cell.v === true ? 'true' : 'false';
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
    case 'e':
      return cell.w ?? '#ERROR';
    default:
      return '';
  }
};

/** A dense sheet's rows; row numbers as in the sheet (1-based), empty rows left out, trailing empty cells dropped. */
const sheetRows = (data: readonly (readonly (CellObject | undefined)[] | undefined)[], date1904: boolean, isDateFormat: DateFormatTest): TableRow[] => {
  const rows: TableRow[] = [];
  data.forEach((row, index) => {
    if (row === undefined) return;
    const cells = Array.from({ length: row.length }, (_, column) => cellText(row[column], date1904, isDateFormat));
    while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    if (cells.length > 0) rows.push({ line: index + 1, cells });
  });
  return rows;
};

/**
 * Every worksheet of the workbook, in its order. `format` is what sniffFormat found in the bytes.
 * Throws a 400-worthy TableError when the bytes cannot be read; the parser's own words are not
 * passed on (they may quote the file's binary content).
 */
export async function readWorkbook(bytes: Uint8Array, format: 'xlsx' | 'xls'): Promise<TableSheet[]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'xlsx') {
    // A zip bomb must fail here, bounded by node:zlib, before the library inflates it without a limit.
    try {
      unzip(buffer, MAX_UNCOMPRESSED);
    } catch (error) {
      if (error instanceof ZipError) throw new TableError('body', `${LABEL.xlsx} that cannot be read: ${error.message}`);
      throw error;
    }
  }
  const { read, SSF } = await import('@e965/xlsx');
  const isDateFormat = (SSF as { is_date: DateFormatTest }).is_date;
  let book: WorkBook;
  try {
    book = read(buffer, { type: 'buffer', dense: true, cellNF: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false, WTF: false });
  } catch {
    throw new TableError('body', `the file looks like ${LABEL[format]} but cannot be read (damaged, or protected with a password?); save it again from Excel or WPS`);
  }
  const date1904 = book.Workbook?.WBProps?.date1904 === true;
  return book.SheetNames.map((name) => ({ name, rows: sheetRows(book.Sheets[name]?.['!data'] ?? [], date1904, isDateFormat) }));
}
