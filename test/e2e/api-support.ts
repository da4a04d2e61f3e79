// Shared by the API e2e files: one local stack per file (in memory), a tiny HTTP client and a
// bounded poll for effects that arrive through the event flow.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { CityId } from '../../events/cities';
import type { Role } from '../../functions/api/auth';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack';

export interface Reply {
  status: number;
  headers: Headers;
  // Tests read into the body by field; the API's answers are JSON objects.
  body: Record<string, unknown> & { items?: Record<string, unknown>[] };
  text: string;
}

export const useLocalStack = (options: Pick<LocalStackOptions, 'eventFlow' | 'hashAlgorithm'> = {}): { readonly stack: LocalStack } => {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack({ ...options, eventFlow: options.eventFlow ?? true, logLevel: 'SILENT' });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    get stack() {
      if (stack === undefined) throw new Error('the local stack is only available inside tests');
      return stack;
    },
  };
};

export interface CallOptions {
  token?: string | undefined;
  key?: string | null;
  headers?: Record<string, string>;
  rawBody?: string;
}

const reply = async (response: Response): Promise<Reply> => {
  const text = await response.text();
  let body: Reply['body'] = {};
  try {
    body = JSON.parse(text) as Reply['body'];
  } catch {
    // not JSON: the test will look at text
  }
  return { status: response.status, headers: response.headers, body, text };
};

export const client = (getStack: () => LocalStack) => {
  const tokens = new Map<string, string>();
  const tokenIn = async (city: CityId | undefined, role: Role, funds: string[]): Promise<string> => {
    const cacheKey = `${city ?? ''}:${role}:${funds.join(',')}`;
    const cached = tokens.get(cacheKey);
    if (cached !== undefined) return cached;
    const fresh = await getStack().token(role, funds, undefined, city);
    tokens.set(cacheKey, fresh);
    return fresh;
  };
  const token = (role: Role, ...funds: string[]): Promise<string> => tokenIn(undefined, role, funds);
  /** A token of `role` in another city than the default (liaocheng). */
  const cityToken = (city: CityId, role: Role, ...funds: string[]): Promise<string> => tokenIn(city, role, funds);
  const post = async (path: string, body: unknown, options: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
    return reply(await fetch(`${getStack().url}${path}`, { method: 'POST', headers, body: options.rawBody ?? JSON.stringify(body) }));
  };
  const get = async (path: string, options: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    return reply(await fetch(`${getStack().url}${path}`, { headers }));
  };
  return { token, cityToken, post, get };
};

/** Polls `read` until `done` holds (the projection caught up) or the bound passes. */
export const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
};

/** An account row of a balances answer. */
export const account = (balances: Reply, code: string): Record<string, string> | undefined =>
  (balances.body.accounts as Record<string, string>[] | undefined)?.find((a) => a.code === code);

/** A valid unified social credit code (check character per GB 32100-2015). */
export const CREDIT_CODE = '91371500MA3C5X7Y0E';
/** The same code with a wrong check character. */
export const BAD_CHECK_CREDIT_CODE = '91371500MA3C5X7Y0B';
