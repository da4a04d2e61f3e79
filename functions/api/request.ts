// Turns the raw HTTP event into checked input: body size, content type, JSON syntax, and zod
// validation that reports EVERY bad field at once (a client fixes a form in one round trip).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../store/canonical-json';
import { ApiProblem, type FieldError, validationProblem } from './problems';

/** Bank statements can be long; anything past this is refused before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The body's bytes as sent: API Gateway base64-encodes binary bodies (isBase64Encoded), the local
 * server passes JSON as text. Refused past `limit` bytes (1 MB for JSON; file routes allow more).
 */
export const bodyBytes = (body: string | undefined, isBase64Encoded: boolean | undefined, limit = MAX_BODY_BYTES): Buffer => {
  if (body === undefined || body === null) return Buffer.alloc(0);
  const bytes = isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > limit) {
    throw new ApiProblem('payload-too-large', `The body exceeds ${limit} bytes`);
  }
  return bytes;
};

export const requireJsonContentType = (contentType: string | undefined): void => {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(mediaType)) {
    throw new ApiProblem('unsupported-media-type', `Send the body as application/json (got ${mediaType === '' ? 'no Content-Type' : mediaType})`);
  }
};

export const requireIdempotencyKey = (key: string | undefined): string => {
  if (key === undefined || key === '') {
    throw new ApiProblem('missing-idempotency-key', 'Every POST needs an Idempotency-Key header (e.g. a UUID)');
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw validationProblem([{ field: 'header.idempotency-key', message: 'must be 1–200 visible ASCII characters' }]);
  }
  return key;
};

export const parseJson = (text: string): unknown => {
  if (text.trim() === '') throw new ApiProblem('malformed-json', 'The body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiProblem('malformed-json', `The body is not valid JSON: ${(error as Error).message}`);
  }
};

/** One entry per offending field (the first message for it), field as a dotted path with a prefix. */
export const fieldErrors = (error: z.ZodError, prefix: string): FieldError[] => {
  const seen = new Map<string, string>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const field = path === '' ? prefix : `${prefix}.${path}`;
    // Unknown keys are reported once per key, so each stray field is named.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) if (!seen.has(`${field}.${key}`)) seen.set(`${field}.${key}`, 'is not a known field');
      continue;
    }
    // zod words a missing field as a type error; say what the client has to do instead.
    const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is required' : issue.message;
    if (!seen.has(field)) seen.set(field, message);
  }
  return [...seen].map(([field, message]) => ({ field, message }));
};

/** Validates `input`; collects issues instead of throwing so body and query report together. */
export const validate = <T>(schema: z.ZodType<T, unknown>, input: unknown, prefix: string): { value: T } | { errors: FieldError[] } => {
  const result = schema.safeParse(input);
  return result.success ? { value: result.data } : { errors: fieldErrors(result.error, prefix) };
};

/** sha-256 of the canonical request, so the same key with another request is detected (DESIGN §2). */
export const requestHash = (input: { method: string; path: string; body: unknown; actor: string }): string =>
  createHash('sha256').update(canonicalJson(input)).digest('hex');
