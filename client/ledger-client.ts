// The typed client for fund managers' systems: openapi-fetch over the paths generated from the
// API's own OpenAPI document (client/api-schema.d.ts, written by `npm run typecheck`), with the
// bearer token and the one retry rule (client/retry.ts): a conflict, a 5xx or a network failure
// is sent again with the same Idempotency-Key, so a command is never posted twice.
//
//   const ledger = createLedgerClient({ baseUrl: 'http://127.0.0.1:3000', token });
//   const { data, error } = await ledger.POST('/v1/funds/{fundId}/capital-injections', {
//     params: { path: { fundId: 'bridge1' }, header: { 'Idempotency-Key': 'LC-2026-001' } },
//     body: { amount: '50000000.00', occurredOn: '2026-11-02', source: 'city', reference: 'LC-2026-001' },
//   });
import createClient from 'openapi-fetch';
import type { paths } from './api-schema';
import { type RetryOptions, sendWithRetry } from './retry';

export type { paths } from './api-schema';

export interface LedgerClientOptions extends RetryOptions {
  /** The API's origin, e.g. http://127.0.0.1:3000 or the dashboard's CloudFront URL. */
  baseUrl: string;
  /** A bearer token, or a function that gives a current one (a refreshed Cognito token). */
  token: string | (() => string | Promise<string>);
  /** How a request is sent (default: the global fetch); a proxy or a test's fault injector. */
  fetch?: (request: Request) => Promise<Response>;
}

export const createLedgerClient = (options: LedgerClientOptions) => {
  const doFetch = options.fetch ?? ((request: Request) => fetch(request));
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: async (request: Request): Promise<Response> => {
      const bearer = typeof options.token === 'string' ? options.token : await options.token();
      // Each attempt sends a copy of the same request: same body, same Idempotency-Key.
      const sent = await sendWithRetry(() => {
        const attempt = request.clone();
        attempt.headers.set('authorization', `Bearer ${bearer}`);
        return doFetch(attempt);
      }, options);
      if ('error' in sent) throw sent.error;
      return sent.response;
    },
  });
};

export type LedgerClient = ReturnType<typeof createLedgerClient>;
