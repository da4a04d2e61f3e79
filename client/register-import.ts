// The register import as a client does it (npm run import, the dashboard's Registers page): upload
// the file to the validation route, then post every valid row's request with progress. Plain fetch,
// so it runs in a browser as well as in Node.
import { type PostOutcome, type PreparedRequest, postRequests, problemReason } from './post-requests';

export type RegisterKind = 'guarantees' | 'bridge-loans';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type to send a register file with, by its name (the API reads the format off the bytes anyway). */
export const registerFileMediaType = (fileName: string): string =>
  /\.xlsx$/i.test(fileName) ? XLSX_MEDIA_TYPE : /\.xls$/i.test(fileName) ? 'application/vnd.ms-excel' : 'text/csv';

export interface RegisterRow {
  line: number;
  errors: { field: string; message: string }[];
  request?: PreparedRequest;
}

export interface RegisterValidation {
  fileSha256: string;
  rows: RegisterRow[];
  summary: { total: number; valid: number; invalid: number };
}

export interface RegisterUpload {
  baseUrl: string;
  token: string;
  fundId: string;
  kind: RegisterKind;
  /** The file's bytes and its media type (text/csv, with charset=gbk if known, or XLSX). */
  file: { bytes: Uint8Array; contentType: string };
}

/** Uploads the register for validation; throws with the problem's reason when the file cannot be read. */
export const validateRegisterFile = async ({ baseUrl, token, fundId, kind, file }: RegisterUpload): Promise<RegisterValidation> => {
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}/v1/funds/${fundId}/registers/${kind}/validations`, {
    method: 'POST',
    // Validation writes nothing; the key only satisfies the API's rule that every POST has one.
    headers: { authorization: `Bearer ${token}`, 'content-type': file.contentType, 'idempotency-key': `register-validation-${Date.now()}` },
    body: file.bytes as RequestInit['body'],
  });
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(problemReason(response.status, answer));
  return answer as RegisterValidation;
};

export interface RegisterImport {
  validation: RegisterValidation;
  accepted: { line: number; outcome: PostOutcome }[];
  refused: { line: number; reason: string; outcome: PostOutcome }[];
}

/** Posts the valid rows; bridge loans one at a time (they move the fund's cash), guarantees four at once. */
export const postValidatedRows = async (
  validation: RegisterValidation,
  options: { baseUrl: string; token: string; kind: RegisterKind; concurrency?: number; onProgress?: (done: number, total: number) => void },
): Promise<RegisterImport> => {
  const rows = validation.rows.flatMap((r) => (r.request === undefined ? [] : [{ line: r.line, request: r.request }]));
  const outcomes = await postRequests(
    rows.map((r) => r.request),
    { baseUrl: options.baseUrl, token: options.token, concurrency: options.concurrency ?? (options.kind === 'guarantees' ? 4 : 1), onProgress: (done, total) => options.onProgress?.(done, total) },
  );
  const result: RegisterImport = { validation, accepted: [], refused: [] };
  outcomes.forEach((outcome, i) => {
    const line = rows[i]?.line ?? 0;
    if (outcome.accepted) result.accepted.push({ line, outcome });
    else result.refused.push({ line, reason: outcome.reason ?? '', outcome });
  });
  return result;
};
