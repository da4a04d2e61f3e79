// Writes an XLSX workbook: sheets of rows of text and numbers, bold and italic header rows, a
// number format for money columns, column widths and frozen header rows. That is all the reports
// need, in a few KB instead of exceljs's 1 MB (the API's bundle and cold start paid for it).
// Strings are written inline (no shared-string table): simpler, and Excel, WPS and exceljs read it.
import { zip } from './zip';

export type XlsxCell = string | number | null;

export interface XlsxColumn {
  /** Width in characters. */
  width: number;
  /** Number format of the data rows' cells (e.g. '#,##0.00'); general when absent. */
  numFmt?: string;
}

export interface XlsxSheet {
  /** ≤ 31 characters, none of []:*?/\ (Excel's rule). */
  name: string;
  columns: XlsxColumn[];
  /** Rows shown bold, then italic, at the top and frozen (the Chinese and English headings). */
  boldRow?: XlsxCell[];
  italicRow?: XlsxCell[];
  rows: XlsxCell[][];
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** "A", …, "Z", "AA", … for a 0-based column index. */
const columnName = (index: number): string => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

/** Style ids, in the order of cellXfs in styles(): 0 general, 1 bold, 2 italic, then one per number format. */
const BOLD = 1;
const ITALIC = 2;
const FIRST_NUMFMT_STYLE = 3;
/** Custom number formats are numbered from 164 (below are Excel's built-ins). */
const FIRST_CUSTOM_NUMFMT = 164;

const styles = (formats: readonly string[]): string =>
  `${XML}<styleSheet xmlns="${MAIN_NS}">` +
  `<numFmts count="${formats.length}">${formats.map((f, i) => `<numFmt numFmtId="${FIRST_CUSTOM_NUMFMT + i}" formatCode="${escapeXml(f)}"/>`).join('')}</numFmts>` +
  '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><i/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${FIRST_NUMFMT_STYLE + formats.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  formats.map((_, i) => `<xf numFmtId="${FIRST_CUSTOM_NUMFMT + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('') +
  '</cellXfs></styleSheet>';

const cellXml = (ref: string, value: XlsxCell, style: number): string => {
  const s = style === 0 ? '' : ` s="${style}"`;
  if (value === null) return style === 0 ? '' : `<c r="${ref}"${s}/>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
};

const sheetXml = (sheet: XlsxSheet, formats: readonly string[]): string => {
  const headers = [sheet.boldRow, sheet.italicRow].filter((row) => row !== undefined).length;
  const dataStyle = sheet.columns.map((c) => (c.numFmt === undefined ? 0 : FIRST_NUMFMT_STYLE + formats.indexOf(c.numFmt)));
  const rows: string[] = [];
  const addRow = (cells: readonly XlsxCell[], styleOf: (column: number) => number): void => {
    const r = rows.length + 1;
    rows.push(`<row r="${r}">${cells.map((v, i) => cellXml(`${columnName(i)}${r}`, v, styleOf(i))).join('')}</row>`);
  };
  if (sheet.boldRow !== undefined) addRow(sheet.boldRow, () => BOLD);
  if (sheet.italicRow !== undefined) addRow(sheet.italicRow, () => ITALIC);
  for (const row of sheet.rows) addRow(row, (i) => dataStyle[i] ?? 0);
  const pane = headers === 0 ? '' : `<pane ySplit="${headers}" topLeftCell="A${headers + 1}" activePane="bottomLeft" state="frozen"/>`;
  const cols = sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
  return `${XML}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `${cols === '' ? '' : `<cols>${cols}</cols>`}<sheetData>${rows.join('')}</sheetData></worksheet>`;
};

/** The workbook's bytes. */
export const writeXlsx = (sheets: readonly XlsxSheet[]): Buffer => {
  const formats = [...new Set(sheets.flatMap((s) => s.columns.flatMap((c) => (c.numFmt === undefined ? [] : [c.numFmt]))))];
  const n = sheets.map((_, i) => i + 1);
  return zip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          n.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(`${XML}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `${XML}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `${XML}<Relationships xmlns="${PKG_REL_NS}">${n.map((i) => `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('')}` +
          `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/styles.xml', data: Buffer.from(styles(formats)) },
    ...sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.from(sheetXml(sheet, formats)) })),
  ]);
};
