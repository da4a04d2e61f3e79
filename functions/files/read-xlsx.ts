// The one place that reads XLSX: the first worksheet as numbered rows of text. Callers never see
// the reader: functions/xlsx (node:zlib and the OOXML parts, a few KB) replaced exceljs (~1 MB with
// its zip code), which kept the API's bundle over 1.3 MB.
import { readXlsx, XlsxError } from '../xlsx/read';
import type { TableRow } from './table';
import { TableError } from './table';

/** The first worksheet's rows (row numbers as in the sheet, empty rows left out); 400-worthy TableError if the bytes are not an XLSX workbook. */
export async function readXlsxRows(bytes: Uint8Array): Promise<TableRow[]> {
  try {
    const { rows } = readXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return rows.filter((row) => row.cells.length > 0);
  } catch (error) {
    if (error instanceof XlsxError) throw new TableError('body', error.message);
    throw error;
  }
}
