// Reads the file bodies of upload.ts's contract into one UploadedTable: CSV (csv-parse, UTF-8 or
// GB18030), XLSX and XLS (files/read-workbook.ts) or a multipart form, the format found in the
// bytes (files/sniff.ts). Only the apiFiles function bundles it (routes/api-files-group.ts passes
// it to the app as its upload reader).
import { createHash } from 'node:crypto';
import { readWorkbook } from '../files/read-workbook';
import { claimedAs, sniffFormat } from '../files/sniff';
import { csvRows, type FileFormat, type TableSheet, TableError, type TextEncodingName, toTable, type UploadedTable } from '../files/table';
import { ApiProblem, validationProblem } from './problems';
import { ACCEPTED_FILE_TYPES, MAX_FILE_BYTES, parseMediaType, type UploadReader } from './upload';

const MAX_FIELDS = 50;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The bytes' format, or 415 naming what they look like and what is accepted. */
const formatOf = (part: FilePart): FileFormat => {
  const sniffed = sniffFormat(part.bytes);
  if ('format' in sniffed) return sniffed.format;
  throw new ApiProblem(
    'unsupported-media-type',
    `The file${claimedAs(part.fileName, part.mediaType)} looks like ${sniffed.unsupported}. Send a bank statement or register as CSV (UTF-8 or GBK), XLSX or Excel 97–2003 XLS — as the body or as the multipart part "file" — or as JSON`,
    { code: 'unsupported-file-format', actual: sniffed.unsupported, limit: [...ACCEPTED_FILE_TYPES] },
  );
};

/** A TableError as the 400 naming its field; anything else as it is. */
const tableProblem = (error: unknown): unknown => (error instanceof TableError ? validationProblem([{ field: error.field, message: error.message }]) : error);

export interface FileSheets {
  format: FileFormat;
  sheets: TableSheet[];
  encoding?: TextEncodingName;
}

/**
 * A file's bytes as sheets, whatever wrapped them (a body, a form part, base64 inside JSON): 415
 * when they are no format we read, 400 (`field` body or the CSV line) when they cannot be read.
 */
export const readFileBytes = async (part: FilePart): Promise<FileSheets> => {
  const format = formatOf(part);
  try {
    if (format !== 'csv') return { format, sheets: await readWorkbook(part.bytes, format) };
    const { rows, encoding } = csvRows(part.bytes, part.charset);
    return { format, sheets: [{ name: '', rows }], encoding };
  } catch (error) {
    throw tableProblem(error);
  }
};

export interface FilePart {
  fileName?: string;
  /** The declared type (the body's Content-Type, or the part's): only quoted in a refusal. */
  mediaType?: string;
  bytes: Uint8Array;
  charset?: string;
}

const multipart = async (contentType: string, bytes: Uint8Array): Promise<{ part: FilePart; fields: Record<string, string> }> => {
  let form: FormData;
  try {
    // undici's multipart parser (Node ≥ 20) through the Fetch API: no extra dependency.
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw new ApiProblem('validation', `The multipart body cannot be read: ${(error as Error).message}`, { errors: [{ field: 'body', message: 'is not valid multipart/form-data' }] });
  }
  const fields: Record<string, string> = {};
  let part: FilePart | undefined;
  let count = 0;
  for (const [name, value] of form.entries()) {
    count += 1;
    if (count > MAX_FIELDS) throw validationProblem([{ field: 'body', message: `at most ${MAX_FIELDS} form parts` }]);
    if (typeof value === 'string') {
      fields[name] = value;
      continue;
    }
    if (name !== 'file') throw validationProblem([{ field: `form.${name}`, message: 'only the part named "file" may be a file' }]);
    const fileBytes = new Uint8Array(await value.arrayBuffer());
    const { type, params } = parseMediaType(value.type);
    part = { bytes: fileBytes, ...(value.name === '' ? {} : { fileName: value.name }), ...(type === '' ? {} : { mediaType: type }), ...(params.charset === undefined ? {} : { charset: params.charset }) };
  }
  if (part === undefined) throw validationProblem([{ field: 'form.file', message: 'is required: send the file as the form part named "file"' }]);
  return { part, fields };
};

/**
 * Decodes a file body (bytes as received, base64 already undone) into a table. `query` joins the
 * fields; form fields win over query parameters of the same name. Throws problem 413/415/400.
 */
export const readUpload: UploadReader = async (contentType, bytes, query) => {
  if (bytes.byteLength > MAX_FILE_BYTES) throw new ApiProblem('payload-too-large', `The file exceeds ${MAX_FILE_BYTES} bytes (5 MB)`);
  if (bytes.byteLength === 0) throw validationProblem([{ field: 'body', message: 'is empty: send the file as the body' }]);
  const media = parseMediaType(contentType);
  let part: FilePart;
  let fields: Record<string, string> = { ...query };
  if (media.type === 'multipart/form-data') {
    const form = await multipart(contentType ?? '', bytes);
    part = form.part;
    fields = { ...fields, ...form.fields };
  } else {
    part = { bytes, ...(media.type === '' ? {} : { mediaType: media.type }), ...(media.params.charset === undefined ? {} : { charset: media.params.charset }) };
  }
  const { format, sheets, encoding } = await readFileBytes(part);
  const first = sheets.find((sheet) => sheet.rows.length > 0) ?? { rows: [] };
  try {
    return {
      ...(part.fileName === undefined ? {} : { fileName: part.fileName }),
      format,
      fields,
      sheets,
      ...toTable(first.rows),
      sha256: sha256(part.bytes),
      ...(encoding === undefined ? {} : { encoding }),
    };
  } catch (error) {
    throw tableProblem(error);
  }
};
