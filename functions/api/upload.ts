// File bodies for routes that declare `files: true`: CSV (UTF-8, or GBK/GB18030 by the charset
// parameter or detected), XLSX, Excel 97–2003 XLS, or multipart/form-data with a `file` part and
// text fields (what a browser form sends). The format is read off the bytes, not the declared
// type. Whatever the wrapping, the route gets one UploadedTable. This
// module holds what every API function needs to know of the contract; reading the bytes is
// upload-reader.ts, bundled only by the function whose routes take files.
import type { UploadedTable } from '../files/table';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MEDIA_TYPE = 'text/csv';
/** Excel 97–2003 (BIFF8). */
export const XLS_MEDIA_TYPE = 'application/vnd.ms-excel';
/** What a files route reads, for the 415 refusal (`limit`) and the OpenAPI document. */
export const ACCEPTED_FILE_TYPES = [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, XLS_MEDIA_TYPE, 'multipart/form-data', 'application/json'] as const;
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

/**
 * On a files route, every body that is not declared JSON is a file: browsers send an .xls as
 * application/octet-stream, curl sends x-www-form-urlencoded, and the bytes say what it really is.
 */
export const isFileMediaType = (header: string | undefined): boolean => {
  const { type } = parseMediaType(header);
  return type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type);
};

/** Decodes a file body into a table (upload-reader.ts's readUpload); throws problem 413/415/400. */
export type UploadReader = (contentType: string | undefined, bytes: Uint8Array, query: Record<string, string>) => Promise<UploadedTable>;
