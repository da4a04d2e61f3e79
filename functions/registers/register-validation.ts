// Validation of an uploaded register (docs/registers.md): the header row is mapped to the
// template's columns, then each row becomes the body of its command route and is judged by that
// route's own zod schema (the same one a hand-written POST meets). A valid row comes back as the
// request the client should send, with an idempotency key derived from the fund, the file's hash
// and the line, so posting the same file twice adds nothing.
import type * as z from 'zod';
import { grantBridgeLoanBody, issueGuaranteeBody } from '../api/schemas';
import type { UploadedTable } from '../files/table';
import type { JsonValue } from '../store/types';
import { cellValue, type RateUnit, rateUnitOf } from './register-cells';
import { REGISTER_COLUMNS, REGISTER_TARGETS, type RegisterColumn, type RegisterKind } from './register-columns';

export interface FieldError {
  field: string;
  message: string;
}

/** What validation reads of an uploaded file (functions/files/table.ts). */
export type RegisterTable = Pick<UploadedTable, 'header' | 'rows' | 'sha256'>;

export interface RowRequest {
  method: 'POST';
  path: string;
  body: JsonValue;
  idempotencyKey: string;
}

export interface ValidatedRow {
  line: number;
  errors: FieldError[];
  request?: RowRequest;
}

export interface RegisterValidation {
  fileSha256: string;
  rows: ValidatedRow[];
  summary: { total: number; valid: number; invalid: number };
}

export type HeaderMapping = { ok: true; columns: { column: RegisterColumn; index: number; unit: RateUnit }[] } | { ok: false; errors: FieldError[] };

export const MAX_REGISTER_ROWS = 10_000;

const SCHEMAS: Record<RegisterKind, z.ZodType<unknown, unknown>> = {
  guarantees: issueGuaranteeBody,
  'bridge-loans': grantBridgeLoanBody,
};

/** Header text compared without spaces, a BOM, brackets or what they hold (units such as (元)). */
const headerKey = (text: string): string =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊]/g, '');

export const mapHeader = (kind: RegisterKind, header: readonly string[]): HeaderMapping => {
  const keys = header.map(headerKey);
  const columns: { column: RegisterColumn; index: number; unit: RateUnit }[] = [];
  const missing: string[] = [];
  for (const column of REGISTER_COLUMNS[kind]) {
    const names = [column.header, ...column.aliases].map(headerKey);
    const index = keys.findIndex((k) => names.includes(k));
    if (index >= 0) columns.push({ column, index, unit: rateUnitOf(header[index] ?? '') });
    else if (column.required) missing.push(column.header);
  }
  if (missing.length > 0) {
    // Quote the row read as the header beside the template's, so the two cannot be mistaken for each other.
    const read = header.filter((cell) => cell.trim() !== '').slice(0, 12).map((cell) => cell.slice(0, 40)).join(', ');
    const template = REGISTER_COLUMNS[kind].map((c) => c.header).join(', ');
    return { ok: false, errors: missing.map((name) => ({ field: `header: ${name}`, message: `no "${name}" column in the file's header row (${read === '' ? 'empty' : read}); the template's header row is: ${template}` })) };
  }
  return { ok: true, columns };
};

const setPath = (target: Record<string, unknown>, path: readonly string[], value: unknown): void => {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1] ?? ''] = value;
};

/** The idempotency key of a row: the same fund, file and line always give the same key. */
export const rowIdempotencyKey = (kind: RegisterKind, fundId: string, sha256: string, line: number): string => `register:${kind}:${fundId}:${sha256}:${line}`;

const columnOfPath = (columns: readonly RegisterColumn[], path: readonly PropertyKey[]): RegisterColumn | undefined => {
  const joined = path.map(String).join('.');
  return columns.find((c) => joined === c.field.join('.') || joined.startsWith(`${c.field.join('.')}.`));
};

export const validateRow = (kind: RegisterKind, fundId: string, mapping: Extract<HeaderMapping, { ok: true }>, row: { line: number; cells: string[] }, sha256: string): ValidatedRow => {
  const body: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const failed = new Set<RegisterColumn>();
  for (const { column, index, unit } of mapping.columns) {
    const text = (row.cells[index] ?? '').trim();
    if (text === '') {
      if (column.required) {
        errors.push({ field: column.header, message: 'is empty' });
        failed.add(column);
      }
      continue;
    }
    const cell = cellValue(column.kind, text, unit);
    if ('error' in cell) {
      errors.push({ field: column.header, message: cell.error });
      failed.add(column);
    } else setPath(body, column.field, cell.value);
  }
  const schema = SCHEMAS[kind];
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const columns = mapping.columns.map((c) => c.column);
    for (const issue of parsed.error.issues) {
      const column = columnOfPath(columns, issue.path);
      if (column !== undefined && failed.has(column)) continue;
      errors.push({ field: column?.header ?? issue.path.map(String).join('.'), message: issue.message });
    }
  }
  if (errors.length > 0 || !parsed.success) return { line: row.line, errors };
  return {
    line: row.line,
    errors: [],
    // Encoding the parsed value gives the canonical wire form ("5,000,000" → "5000000.00").
    request: { method: 'POST', path: REGISTER_TARGETS[kind].path(fundId), body: schema.encode(parsed.data) as JsonValue, idempotencyKey: rowIdempotencyKey(kind, fundId, sha256, row.line) },
  };
};

/** Every non-blank row, judged; a record id repeated within the file is an error on the later row. */
export const validateRegister = (kind: RegisterKind, fundId: string, table: RegisterTable): RegisterValidation | { errors: FieldError[] } => {
  const mapping = mapHeader(kind, table.header);
  if (!mapping.ok) return { errors: mapping.errors };
  const rows = table.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length > MAX_REGISTER_ROWS) return { errors: [{ field: 'rows', message: `at most ${MAX_REGISTER_ROWS} rows per register, got ${rows.length}` }] };
  const idColumn = mapping.columns.find((c) => c.column.field.join('.') === REGISTER_TARGETS[kind].idField);
  const seen = new Map<string, number>();
  const validated = rows.map((row) => {
    const result = validateRow(kind, fundId, mapping, row, table.sha256);
    const id = idColumn === undefined ? '' : (row.cells[idColumn.index] ?? '').trim();
    const first = seen.get(id);
    if (id !== '' && first !== undefined) {
      return { line: row.line, errors: [...result.errors, { field: idColumn?.column.header ?? '', message: `"${id}" is already on line ${first}` }] };
    }
    if (id !== '') seen.set(id, row.line);
    return result;
  });
  const valid = validated.filter((r) => r.request !== undefined).length;
  return { fileSha256: table.sha256, rows: validated, summary: { total: validated.length, valid, invalid: validated.length - valid } };
};
