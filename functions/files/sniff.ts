// What an uploaded file is, from its bytes: a browser sends an .xls as application/octet-stream or
// text/csv, curl sends anything as x-www-form-urlencoded, and a clerk may rename a PDF to .xlsx.
// The magic numbers decide; the file name and declared type only make the refusal clearer. No
// library here: a few fixed signatures, so every API function could afford it.
import type { FileFormat } from './table';

/** A format we read, or what the bytes look like instead (a phrase for the refusal: "a PDF document"). */
export type Sniffed = { format: FileFormat } | { unsupported: string };

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, magic: readonly number[] | string, at = 0): boolean => {
  const expected = typeof magic === 'string' ? [...magic].map((c) => c.charCodeAt(0)) : magic;
  return expected.every((byte, i) => bytes[at + i] === byte);
};

/** Contains `text` (ASCII, or UTF-16LE as OLE2 directory names are) somewhere in the bytes. */
const contains = (bytes: Uint8Array, text: string, encoding: 'latin1' | 'utf16le' = 'latin1'): boolean =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, encoding));

/** Signatures of what people upload by mistake, checked in order. */
const OTHER: readonly [magic: readonly number[] | string, what: string, at?: number][] = [
  ['%PDF', 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  ['GIF8', 'a GIF image'],
  ['WEBP', 'a WebP image', 8],
  ['II*\u0000', 'a TIFF image'],
  ['MM\u0000*', 'a TIFF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  ['Rar!', 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive'],
  [[0xff, 0xfe], 'UTF-16 text (save it as CSV UTF-8, or as XLSX)'],
  [[0xfe, 0xff], 'UTF-16 text (save it as CSV UTF-8, or as XLSX)'],
  [[0x09, 0x08, 0x10, 0x00], 'an Excel 2–4 worksheet'],
];

/** What a ZIP holds, by the entry names stored uncompressed in its headers. */
const zipKind = (bytes: Uint8Array): Sniffed => {
  if (contains(bytes, 'xl/workbook.xml')) return { format: 'xlsx' };
  if (contains(bytes, 'xl/workbook.bin')) return { unsupported: 'an Excel binary workbook (.xlsb)' };
  if (contains(bytes, 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return { unsupported: 'an OpenDocument spreadsheet (.ods)' };
  if (contains(bytes, 'word/document.xml')) return { unsupported: 'a Word document (.docx)' };
  return { unsupported: 'a ZIP archive that is not an XLSX workbook' };
};

/** What an OLE2 compound file holds, by its directory's stream names (UTF-16LE); else taken as XLS for the reader to judge. */
const ole2Kind = (bytes: Uint8Array): Sniffed => {
  if (contains(bytes, 'Workbook', 'utf16le')) return { format: 'xls' };
  // BIFF5 keeps text in the file's code page (GBK): read without code page tables it would be garbled.
  if (contains(bytes, 'Book', 'utf16le')) return { unsupported: 'an Excel 5.0/95 workbook (save it as Excel 97–2003 .xls or as .xlsx)' };
  if (contains(bytes, 'WordDocument', 'utf16le')) return { unsupported: 'a Word 97–2003 document (.doc)' };
  if (contains(bytes, 'PowerPoint Document', 'utf16le')) return { unsupported: 'a PowerPoint 97–2003 presentation (.ppt)' };
  return { format: 'xls' };
};

/** How much of a text file is looked at for control bytes. */
const TEXT_PROBE = 8192;

/** Text that is not CSV: JSON, HTML (many banks' ".xls" are web pages), XML; else undefined. */
const textKind = (bytes: Uint8Array): string | undefined => {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  if (/^[{[]/.test(head)) return 'JSON (send JSON with Content-Type: application/json)';
  if (/^<(!doctype html|html|table|head|body|meta)\b/i.test(head)) return 'an HTML page (some online banks save a web page as ".xls": open it in Excel or WPS and save it as .xlsx)';
  if (/^<\?xml\b/i.test(head)) return /urn:schemas-microsoft-com:office:spreadsheet/.test(head) ? 'an Excel 2003 XML spreadsheet (save it as .xlsx)' : 'an XML document';
  return undefined;
};

/**
 * Binary that is none of the above: a NUL byte anywhere (no CSV in UTF-8 or GBK has one, and none
 * may reach a cell that an error message quotes), or many control bytes near the start.
 */
const looksBinary = (bytes: Uint8Array): boolean => {
  if (bytes.includes(0)) return true;
  const probe = bytes.subarray(0, TEXT_PROBE);
  let control = 0;
  for (const byte of probe) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control += 1;
  return control > probe.length / 100;
};

/**
 * The format of an uploaded file by its bytes: OLE2 (D0 CF 11 E0) holding a Workbook stream is XLS,
 * a ZIP (PK 03 04) holding xl/workbook.xml is XLSX, text that is not JSON, HTML or XML is CSV.
 * Anything else is named for the refusal, whatever the file name or declared type claimed.
 */
export const sniffFormat = (bytes: Uint8Array): Sniffed => {
  if (startsWith(bytes, OLE2)) return ole2Kind(bytes);
  if (startsWith(bytes, ZIP)) return zipKind(bytes);
  const other = OTHER.find(([magic, , at]) => startsWith(bytes, magic, at));
  if (other !== undefined) return { unsupported: other[1] };
  if (looksBinary(bytes)) return { unsupported: 'binary data of no known kind' };
  const text = textKind(bytes);
  return text === undefined ? { format: 'csv' } : { unsupported: text };
};

/** "statement.pdf", declared application/pdf: for the refusal, what the client said the file was. */
export const claimedAs = (fileName: string | undefined, mediaType: string | undefined): string => {
  const claims = [fileName === undefined || fileName === '' ? undefined : `named "${fileName.slice(0, 100)}"`, mediaType === undefined || mediaType === '' ? undefined : `sent as ${mediaType.slice(0, 100)}`];
  const said = claims.filter((c) => c !== undefined);
  return said.length === 0 ? '' : ` (${said.join(', ')})`;
};
