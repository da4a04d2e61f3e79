// A file as a table: what an upload (CSV, XLSX or XLS) reaches a route as, whatever its encoding
// or wrapping. Callers map columns by header name and quote `line` in their errors, so a clerk can
// find the cell in the file the bank gave them.
import { parse } from 'csv-parse/sync';

export type FileFormat = 'csv' | 'xlsx' | 'xls';

export interface TableRow {
  /** The row's line in the file: the physical line of a CSV, the row number of a sheet (1-based). */
  line: number;
  cells: string[];
}

/** One worksheet of a workbook (a CSV is one sheet named ""). */
export interface TableSheet {
  name: string;
  rows: TableRow[];
}

export interface UploadedTable {
  fileName?: string;
  format: FileFormat;
  /** Query parameters and form fields (a form field wins over a query parameter of the same name). */
  fields: Record<string, string>;
  /** Every sheet in the workbook's order; routes pick the one whose header they recognise (headerTable). */
  sheets: TableSheet[];
  /** Of the first sheet with any rows: the first non-empty row, cells trimmed. */
  header: string[];
  /** The header's line (1 unless blank lines come first). */
  headerLine: number;
  /** Every later non-empty row. */
  rows: TableRow[];
  /** sha-256 (hex) of the file's bytes as sent, before any decoding. */
  sha256: string;
  /** CSV only: how the bytes were read. */
  encoding?: TextEncodingName;
}

export type TextEncodingName = 'utf-8' | 'gb18030';

/** Thrown for a file that cannot be read as a table; `field` says where ("line 7", "body"). */
export class TableError extends Error {
  override readonly name = 'TableError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936', 'windows-936']);

/**
 * Bytes to text. A declared charset is obeyed (GBK and GB2312 read as GB18030, their superset).
 * Without one: a UTF-8 BOM means UTF-8; otherwise strict UTF-8 is tried first (GBK text with
 * Chinese characters is almost never valid UTF-8) and GB18030 is the fallback.
 */
export function decodeText(bytes: Uint8Array, charset?: string): { text: string; encoding: TextEncodingName } {
  const declared = charset?.trim().toLowerCase().replace(/^"|"$/g, '');
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (declared !== undefined && GB_CHARSETS.has(declared)) return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  if (declared === 'utf-8' || declared === 'utf8') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(hasBom ? bytes.subarray(3) : bytes), encoding: 'utf-8' };
    } catch {
      throw new TableError('body', 'the file is declared charset=utf-8 but is not valid UTF-8 (a GBK export? send charset=gbk or no charset)');
    }
  }
  if (declared !== undefined && declared !== '') throw new TableError('header.content-type', `charset ${declared} is not supported (use utf-8, gbk or gb18030)`);
  if (hasBom) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Numbered rows to header + rows: blank rows are dropped, cells trimmed. */
export function toTable(numbered: readonly TableRow[]): Pick<UploadedTable, 'header' | 'headerLine' | 'rows'> {
  const rows = numbered
    .map((row) => ({ line: row.line, cells: row.cells.map((cell) => cell.trim()) }))
    .filter((row) => row.cells.some((cell) => cell !== ''));
  const [head, ...body] = rows;
  if (head === undefined) throw new TableError('body', 'the file has no rows; the first row must name the columns');
  return { header: head.cells, headerLine: head.line, rows: body };
}

/** A header and the rows below it, from the sheet it was found on. */
export interface FoundTable extends Pick<UploadedTable, 'header' | 'headerLine' | 'rows'> {
  sheetName: string;
}

/** How far down a sheet the header row may sit (banks put account name, number and period above it; clerks a title). */
export const HEADER_SEARCH_ROWS = 30;

/**
 * The table under the first row (among a sheet's first 30 non-blank rows) that `recognises`
 * accepts, on the first sheet that has one: banks and clerks put a cover sheet, a title or the
 * account's details above the real header. When no sheet has one, the first sheet with rows as it
 * is (its first row as the header), so the caller's own error names what that header lacks.
 */
export function headerTable(sheets: readonly TableSheet[], recognises: (cells: readonly string[]) => boolean): FoundTable {
  for (const sheet of sheets) {
    const rows = sheet.rows.map((row) => ({ line: row.line, cells: row.cells.map((cell) => cell.trim()) })).filter((row) => row.cells.some((cell) => cell !== ''));
    const at = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => recognises(row.cells));
    const head = rows[at];
    if (head !== undefined) return { sheetName: sheet.name, header: head.cells, headerLine: head.line, rows: rows.slice(at + 1) };
  }
  const first = sheets.find((sheet) => sheet.rows.some((row) => row.cells.some((cell) => cell.trim() !== ''))) ?? sheets[0];
  return { sheetName: first?.name ?? '', ...toTable(first?.rows ?? []) };
}

/**
 * Tab-separated when the first non-blank line has a tab and no comma: some online banks save their
 * export as tab-separated text named ".xls" (Excel's "Text (Tab delimited)").
 */
const delimiterOf = (text: string): ',' | '\t' => {
  const first = /^[\s\uFEFF]*([^\r\n]*)/.exec(text)?.[1] ?? '';
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
};

/** CSV (or tab-separated) bytes to numbered rows, each with the physical line it starts on. */
export function csvRows(bytes: Uint8Array, charset?: string): { rows: TableRow[]; encoding: TextEncodingName } {
  const { text, encoding } = decodeText(bytes, charset);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, delimiter: delimiterOf(text) }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new TableError(line === undefined ? 'body' : `line ${line}`, `not valid CSV: ${(error as Error).message}`);
  }
  return { rows: records.map(({ record, info }) => ({ line: info.lines, cells: record })), encoding };
}
