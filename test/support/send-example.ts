// Sends a documented example (functions/api/examples) to a running stack exactly as documented:
// its method and path, query, Idempotency-Key, JSON or CSV body, under a token for its sender.
import type { Role } from '../../functions/api/auth';
import { examplePath, type OperationExample } from '../../functions/api/examples/operation-example';
import type { JsonValue } from '../../functions/store/types';

export interface SentAnswer {
  status: number;
  contentType: string;
  /** Parsed when the answer is JSON. */
  body: JsonValue | undefined;
  text: string;
}

export interface ExampleSender {
  /** Sends `example`, with the path parameters it `takes` read from earlier answers by example name. */
  send(example: OperationExample, earlier: ReadonlyMap<string, SentAnswer>): Promise<SentAnswer>;
}

type TokenFor = (role: Role, funds: string[], person: string) => Promise<string>;

const taken = (example: OperationExample, earlier: ReadonlyMap<string, Pick<SentAnswer, 'body'>>): Record<string, string> => {
  const params: Record<string, string> = { ...example.params };
  for (const [name, { from, field }] of Object.entries(example.takes ?? {})) {
    const body = earlier.get(from)?.body;
    const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? body[field] : undefined;
    if (typeof value !== 'string') throw new Error(`${example.name}: no ${field} in the answer of ${from} (send it first)`);
    params[name] = value;
  }
  return params;
};

/** The request a documented example makes: method, path with its query, headers but the token, body. */
export const exampleRequest = (example: OperationExample, earlier: ReadonlyMap<string, Pick<SentAnswer, 'body'>>): { method: string; path: string; headers: Record<string, string>; body?: string } => {
  const [method = '', template = ''] = example.operation.split(' ');
  const query = new URLSearchParams(example.query ?? {}).toString();
  const headers: Record<string, string> = {};
  if (example.idempotencyKey !== undefined) headers['idempotency-key'] = example.idempotencyKey;
  let body: string | undefined;
  if (example.csv !== undefined) {
    headers['content-type'] = 'text/csv; charset=utf-8';
    body = example.csv;
  } else if (example.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(example.body);
  }
  return { method, path: `${examplePath(template, taken(example, earlier))}${query === '' ? '' : `?${query}`}`, headers, ...(body === undefined ? {} : { body }) };
};

export const exampleSender = (baseUrl: () => string, tokenFor: TokenFor): ExampleSender => ({
  send: async (example, earlier) => {
    const { method, path, headers, body } = exampleRequest(example, earlier);
    if (example.as !== undefined) headers.authorization = `Bearer ${await tokenFor(example.as.role, [...(example.as.funds ?? [])], example.as.person)}`;
    const response = await fetch(`${baseUrl()}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: JsonValue | undefined;
    if (contentType.includes('json')) parsed = JSON.parse(text) as JsonValue;
    return { status: response.status, contentType, body: parsed, text };
  },
});
