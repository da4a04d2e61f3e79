// Hostile requests for any route of the table (fast-check): a valid example of the route with one
// thing spoiled — a field's value, a missing or unknown field, the JSON text, the headers, the size,
// a path id or the query. Each request says what was spoiled, so a failure reads as a bug report.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import * as z from 'zod';
import type { Route } from '../../functions/api/route';
import type { CallInput } from './in-process-api';
import type { Example } from './route-examples';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Dates far past and future, impossible (2024-02-30), malformed. */
export const hostileDate = fc.oneof(
  fc.constantFrom('1900-01-01', '1969-12-31', '1970-01-01', '2023-12-31', '0000-01-01', '2999-12-31', '9999-12-31', '2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '20240301', '2024-03-01T00:00:00Z', '２０２４-０３-０１'),
  fc.record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) }).map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
);

/** Amounts as numbers, negative, zero, too precise, absurdly large, in odd notations. */
export const hostileAmount = fc.oneof(
  fc.constantFrom('0', '0.00', '-0.01', '-1000.00', '1.005', '0.001', '1e3', '1,000.00', ' 100.00', '１００.００', '99999999999999999999999999999999.99', '9223372036854775808.00', 'NaN', 'Infinity', '0x10', '.5', '5.', '+5.00'),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((n) => `${n}.${pad(Math.abs(Number(n % 100n)), 2)}`),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat(99_999)).map(([i, f]) => `${i}.${f}`),
);

/** Unicode, control characters, bidi overrides, overlong strings. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u0000abc', 'a\nb', '\t', '\u202eevil', '\ud800', '🙂'.repeat(300), 'x'.repeat(10_000), 'x'.repeat(200_000), '<script>', "'; DROP TABLE", '../../etc/passwd', '%00', '{{7*7}}'),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileDate,
  hostileAmount,
  hostileText,
  fc.constantFrom(null, true, false, [], {}, [[[[[[[[[[]]]]]]]]]], { $ne: null }, -1, 0, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

/** Path ids that are not ids. */
export const hostileId = fc.oneof(
  fc.constantFrom('', '..', '%2e%2e', 'a%2Fb', '%00', '%E0%A4%A', '%', 'x'.repeat(65), 'x'.repeat(5000), '-leading', 'fund 1', '基金', '🙂', 'a;b', 'null', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
);

const leafPaths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [prefix] : entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [prefix];
};

const setAt = (root: unknown, path: (string | number)[], value: unknown, remove = false): unknown => {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
};

const queryKeys = (route: Route): string[] => {
  if (route.query === undefined) return ['limit'];
  try {
    const schema = z.toJSONSchema(route.query as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
    return Object.keys(schema.properties ?? {});
  } catch {
    return [];
  }
};

export interface HostileRequest {
  /** What was spoiled, for the failure message. */
  spoiled: string;
  input: CallInput;
}

const CONTENT_TYPES = [undefined, '', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=utf-16', 'application/jsonx', 'json', 'text/csv'];
const MEGA = 'x'.repeat(1024 * 1024 + 10);

type Spoiler = (example: Example) => fc.Arbitrary<HostileRequest>;

const spoilers: Spoiler[] = [
  // a field's value
  (ex) =>
    fc.tuple(fc.nat(), hostileValue).map(([which, value]) => {
      const paths = leafPaths(ex.body ?? {});
      const path = paths[which % paths.length] ?? [];
      return { spoiled: `body.${path.join('.')} = ${JSON.stringify(value)?.slice(0, 80)}`, input: { method: ex.route.method, path: ex.path, body: setAt(ex.body ?? {}, path, value) as object } };
    }),
  // a missing field
  (ex) =>
    fc.nat().map((which) => {
      const paths = leafPaths(ex.body ?? {}).filter((p) => p.length > 0);
      const path = paths[which % Math.max(paths.length, 1)] ?? [];
      return { spoiled: `body.${path.join('.')} missing`, input: { method: ex.route.method, path: ex.path, body: setAt(ex.body ?? {}, path, undefined, true) as object } };
    }),
  // an unknown field
  (ex) =>
    fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'fundId', 'status', ''), hostileValue).map(([key, value]) => ({
      spoiled: `unknown field ${key}`,
      input: { method: ex.route.method, path: ex.path, body: `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${JSON.stringify(ex.body ?? {}).slice(1)}` },
    })),
  // a duplicated field: the same key twice with different values
  (ex) =>
    fc.tuple(fc.nat(), hostileValue).map(([which, value]) => {
      const keys = Object.keys(ex.body ?? {});
      const key = keys[which % Math.max(keys.length, 1)] ?? 'amount';
      const text = JSON.stringify(ex.body ?? {});
      return { spoiled: `duplicated ${key}`, input: { method: ex.route.method, path: ex.path, body: `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}` } };
    }),
  // malformed or truncated JSON text
  (ex) =>
    fc.oneof(
      fc.nat().map((n) => {
        const text = JSON.stringify(ex.body ?? {});
        return text.slice(0, n % Math.max(text.length, 1));
      }),
      fc.constantFrom('', 'null', '[]', '"text"', '42', 'true', '{', '{"a":}', "{'a':1}", '{"a":1,}', '\u0000', '\ufeff{}', 'NaN', '{"a":NaN}', `${'['.repeat(5000)}${']'.repeat(5000)}`),
      fc.string({ unit: 'binary', maxLength: 60 }),
    ).map((text) => ({ spoiled: `body text ${JSON.stringify(text.slice(0, 60))}`, input: { method: ex.route.method, path: ex.path, body: text } })),
  // wrong or missing content type, missing or bad idempotency key
  (ex) =>
    fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom<string | undefined>(undefined, '', ' ', 'ключ', 'a\u0001b', 'k'.repeat(201), 'ok-key')).map(([contentType, key]) => ({
      spoiled: `content-type ${String(contentType)}, idempotency-key ${JSON.stringify(key)?.slice(0, 20)}`,
      input: {
        method: ex.route.method,
        path: ex.path,
        body: ex.body ?? {},
        headers: { ...(contentType === undefined ? {} : { 'content-type': contentType }), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      },
    })),
  // a huge body, plain or claimed base64
  (ex) =>
    fc.constantFrom(false, true).map((base64) => ({
      spoiled: `body over 1 MB${base64 ? ' (base64)' : ''}`,
      input: { method: ex.route.method, path: ex.path, body: base64 ? Buffer.from(JSON.stringify({ ...ex.body, pad: MEGA })).toString('base64') : JSON.stringify({ ...ex.body, pad: MEGA }), base64 },
    })),
  // a path id that is not an id
  (ex) =>
    fc.tuple(fc.nat(), hostileId).map(([which, id]) => {
      const names = Object.keys(ex.params);
      const name = names[which % Math.max(names.length, 1)];
      const path = name === undefined ? `${ex.path}/${id}` : ex.route.path.replace(/\{([A-Za-z]+)\}/g, (_m, n: string) => (n === name ? id : (ex.params[n] ?? '')));
      return { spoiled: `path ${name ?? 'suffix'} = ${id.slice(0, 40)}`, input: { method: ex.route.method, path, ...(ex.body === undefined ? {} : { body: ex.body }) } };
    }),
  // a query string out of range
  (ex) =>
    fc.tuple(fc.constantFrom(...queryKeys(ex.route), 'unknown', 'limit'), fc.oneof(hostileDate, hostileAmount.map(String), hostileText, fc.constantFrom('-1', '0', '1e9', '99999', '1900', '0000', '9999', 'true', ''))).map(([key, value]) => {
      // The key twice; URLSearchParams, unlike encodeURIComponent, takes a lone surrogate (as U+FFFD).
      const pair = new URLSearchParams({ [key]: value }).toString();
      return { spoiled: `query ${key}=${value.slice(0, 40)}`, input: { method: ex.route.method, path: `${ex.path}?${pair}&${pair}`, ...(ex.body === undefined ? {} : { body: ex.body }) } };
    }),
];

/** A spoiled request for the route, with the default headers a real client of that route sends. */
export const hostileRequest = (example: Example, authorization: string | undefined): fc.Arbitrary<HostileRequest> =>
  fc.oneof(...spoilers.map((spoil) => spoil(example))).map(({ spoiled, input }) => {
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.authorization = authorization;
    if (input.method === 'POST') headers['content-type'] = 'application/json';
    if (input.method !== 'GET') headers['idempotency-key'] = randomUUID();
    for (const [key, value] of Object.entries(input.headers ?? {})) headers[key] = value;
    // A spoiler that names a header as absent removes the default.
    if (input.headers !== undefined && !('content-type' in input.headers)) delete headers['content-type'];
    if (input.headers !== undefined && !('idempotency-key' in input.headers)) delete headers['idempotency-key'];
    return { spoiled, input: { ...input, headers } };
  });
