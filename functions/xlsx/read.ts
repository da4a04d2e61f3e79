// Reads the first worksheet of an XLSX file as rows of cell text, the way a bank export is
// uploaded: shared and inline strings, numbers as written, booleans, and date-formatted numbers
// as YYYY-MM-DD. node:zlib and regular expressions over the OOXML parts: the parts Excel, WPS and
// bank systems write are flat and regular, and this keeps exceljs (1 MB) out of the API's bundle.
import { unzip, ZipError } from './zip';

export interface XlsxRow {
  /** The spreadsheet's 1-based row number (what a user sees beside the row). */
  line: number;
  /** Cell text by column, "" for an empty cell; trailing empty cells dropped. */
  cells: string[];
}

export interface XlsxTable {
  sheetName: string;
  rows: XlsxRow[];
}

export { ZipError as XlsxError };

/** Uncompressed bytes a workbook may expand to (a 5 MB upload of text compresses ~10×). */
const MAX_UNCOMPRESSED = 100 * 1024 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const unescapeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, code: string) =>
    code.startsWith('#x') ? String.fromCodePoint(parseInt(code.slice(2), 16)) : code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (ENTITIES[code] ?? ''),
  );

/** Every <t> of a string item (rich text has several runs); phonetic runs (<rPh>) left out. */
const textOf = (xml: string): string =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)].map((m) => unescapeXml(m[1] ?? '')).join('');

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Built-in number formats that are dates (ECMA-376 §18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style index: whether its number format shows a date. */
const dateStyles = (stylesXml: string | undefined): boolean[] => {
  if (stylesXml === undefined) return [];
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<numFmt\s[^>]*>/g)) {
    const id = Number(attribute(m[0], 'numFmtId'));
    custom.set(id, unescapeXml(attribute(m[0], 'formatCode') ?? ''));
  }
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\s[^>]*>/g)].map((m) => {
    const id = Number(attribute(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    // A custom format is a date when it has y, m or d outside quotes and brackets (colours, locales).
    return code === undefined ? BUILTIN_DATE_FORMATS.has(id) : /[ymd]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]/g, ''));
  });
};

/** Excel's serial day (1900 system, with its 1900-02-29) as YYYY-MM-DD. */
const serialDate = (serial: number): string => new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);

/** 0-based column index of a reference like "AB12". */
const columnIndex = (ref: string): number => [...(/^[A-Z]+/.exec(ref)?.[0] ?? '')].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

/** The first worksheet's rows. Throws XlsxError when the bytes are not a readable workbook. */
export const readXlsx = (bytes: Buffer): XlsxTable => {
  const parts = unzip(bytes, MAX_UNCOMPRESSED);
  const text = (name: string): string | undefined => parts.get(name)?.toString('utf8');
  const workbook = text('xl/workbook.xml');
  if (workbook === undefined) throw new ZipError('not an XLSX file: no xl/workbook.xml');
  const firstSheet = /<sheet\s[^>]*>/.exec(workbook)?.[0] ?? '';
  const sheetName = unescapeXml(attribute(firstSheet, 'name') ?? '');
  const relId = attribute(firstSheet, 'r:id');
  const rels = text('xl/_rels/workbook.xml.rels') ?? '';
  const relation = [...rels.matchAll(/<Relationship\s[^>]*>/g)].map((m) => m[0]).find((tag) => attribute(tag, 'Id') === relId);
  const target = attribute(relation ?? '', 'Target') ?? 'worksheets/sheet1.xml';
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = text(sheetPath);
  if (sheet === undefined) throw new ZipError(`not an XLSX file: no ${sheetPath}`);
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => textOf(m[1] ?? ''));
  const isDate = dateStyles(text('xl/styles.xml'));

  const rows: XlsxRow[] = [];
  let lastLine = 0;
  for (const row of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const line = Number(attribute(row[1] ?? '', 'r') ?? lastLine + 1);
    lastLine = line;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cell[1] ?? '';
      const ref = attribute(attrs, 'r');
      const column = ref === undefined ? nextColumn : columnIndex(ref);
      nextColumn = column + 1;
      const body = cell[2] ?? '';
      const raw = unescapeXml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '');
      const type = attribute(attrs, 't') ?? 'n';
      let value: string;
      if (type === 's') value = shared[Number(raw)] ?? '';
      else if (type === 'inlineStr') value = textOf(body);
      else if (type === 'b') value = raw === '1' ? 'true' : raw === '' ? '' : 'false';
      else if (type === 'n' && raw !== '' && isDate[Number(attribute(attrs, 's') ?? 0)] === true) value = serialDate(Number(raw));
      else value = raw; // numbers as written, str (formula text), e (error code)
      while (cells.length < column) cells.push('');
      cells[column] = value;
    }
    while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    rows.push({ line, cells });
  }
  return { sheetName, rows };
};
