// Reads the file bodies of upload.ts's contract into one UploadedTable: CSV (csv-parse, UTF-8 or
// GB18030), XLSX (functions/xlsx) or a multipart form. Only the apiFiles function bundles it
// (routes/api-files-group.ts passes it to the app as its upload reader).
import { createHash } from 'node:crypto';
import { readXlsxRows } from '../files/read-xlsx';
import { csvRows, type FileFormat, type TableRow, TableError, type TextEncodingName, toTable, type UploadedTable } from '../files/table';
import { ApiProblem, validationProblem } from './problems';
import { CSV_MEDIA_TYPE, MAX_FILE_BYTES, parseMediaType, type UploadReader, XLSX_MEDIA_TYPE } from './upload';

const MAX_FIELDS = 50;

const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** A multipart part's format: its file name's extension, else its type, else its first bytes. */
const partFormat = (name: string, type: string, bytes: Uint8Array): FileFormat => {
  if (/\.xlsx$/i.test(name) || type === XLSX_MEDIA_TYPE) return 'xlsx';
  if (/\.csv$/i.test(name) || type === CSV_MEDIA_TYPE) return 'csv';
  return isZip(bytes) ? 'xlsx' : 'csv';
};

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const tableOf = async (format: FileFormat, bytes: Uint8Array, charset: string | undefined): Promise<{ rows: TableRow[]; encoding?: TextEncodingName }> => {
  if (format === 'xlsx') return { rows: await readXlsxRows(bytes) };
  return csvRows(bytes, charset);
};

interface FilePart {
  fileName?: string;
  format: FileFormat;
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
    part = { format: partFormat(value.name, type, fileBytes), bytes: fileBytes, ...(value.name === '' ? {} : { fileName: value.name }), ...(params.charset === undefined ? {} : { charset: params.charset }) };
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
  } else if (media.type === XLSX_MEDIA_TYPE) {
    part = { format: 'xlsx', bytes };
  } else if (media.type === CSV_MEDIA_TYPE) {
    part = { format: 'csv', bytes, ...(media.params.charset === undefined ? {} : { charset: media.params.charset }) };
  } else {
    throw new ApiProblem('unsupported-media-type', `Send application/json, ${CSV_MEDIA_TYPE}, ${XLSX_MEDIA_TYPE} or multipart/form-data (got ${media.type || 'no Content-Type'})`);
  }
  try {
    const { rows, encoding } = await tableOf(part.format, part.bytes, part.charset);
    return {
      ...(part.fileName === undefined ? {} : { fileName: part.fileName }),
      format: part.format,
      fields,
      ...toTable(rows),
      sha256: sha256(part.bytes),
      ...(encoding === undefined ? {} : { encoding }),
    };
  } catch (error) {
    if (error instanceof TableError) throw validationProblem([{ field: error.field, message: error.message }]);
    throw error;
  }
};
