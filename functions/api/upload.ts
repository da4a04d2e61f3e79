// File bodies for routes that declare `files: true`: text/csv (UTF-8, or GBK/GB18030 by the
// charset parameter or detected), XLSX, or multipart/form-data with a `file` part and text fields
// (what a browser form sends). Whatever the wrapping, the route gets one UploadedTable. This
// module holds what every API function needs to know of the contract; reading the bytes is
// upload-reader.ts, bundled only by the function whose routes take files.
import type { UploadedTable } from '../files/table';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MEDIA_TYPE = 'text/csv';
/** Files (bank statements, registers) may be larger than a JSON command. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export const parseMediaType = (header: string | undefined): MediaType => {
  const [type = '', ...rest] = (header ?? '').split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const at = part.indexOf('=');
    if (at > 0) params[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim().replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
};

/** True when the Content-Type is one of the file forms (the JSON path handles everything else). */
export const isFileMediaType = (header: string | undefined): boolean => {
  const { type } = parseMediaType(header);
  return type === CSV_MEDIA_TYPE || type === XLSX_MEDIA_TYPE || type === 'multipart/form-data';
};

/** Decodes a file body into a table (upload-reader.ts's readUpload); throws problem 413/415/400. */
export type UploadReader = (contentType: string | undefined, bytes: Uint8Array, query: Record<string, string>) => Promise<UploadedTable>;
