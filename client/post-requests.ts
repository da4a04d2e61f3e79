// Posts prepared command requests (a validated register's rows, the demo's year) through the
// ordinary API routes, with progress. Plain fetch and timers only, so the dashboard's browser page
// and the Node command-line tools share this one function.
//
// Retries follow client/retry.ts (same idempotency key). A final 2xx is accepted (201 done, 202
// held for approval, or the replay of an earlier identical request); a 4xx is refused with the
// problem's reason.
import { sendWithRetry } from './retry';

export interface PreparedRequest {
  method: 'POST';
  path: string;
  /** JSON-encoded, unless `contentType` is set: then sent as is (a file's bytes or text). */
  body: unknown;
  idempotencyKey: string;
  /** A file body's media type (text/csv; charset=gbk, the XLSX type…). */
  contentType?: string;
}

export interface PostOutcome {
  status: number;
  accepted: boolean;
  /** The API's answer (JSON), or undefined when it was not JSON. */
  body: unknown;
  /** For a refusal: the problem's code or title, detail and field errors, in one line. */
  reason?: string;
  /** How many times the request was sent. */
  attempts: number;
}

export interface PostOptions {
  baseUrl: string;
  /** A bearer token, or one per request (the demo acts as the bureau and as fund managers). */
  token: string | ((request: PreparedRequest) => string);
  /** Requests in flight at once (default 4). Keep 1 where order matters (one fund's cash). */
  concurrency?: number;
  /** Called after each request settles, in completion order. */
  onProgress?: (done: number, total: number, outcome: PostOutcome, request: PreparedRequest) => void;
  /** Retries of a conflict, network failure or 5xx before giving up (default 8). */
  maxRetries?: number;
  fetchImpl?: typeof fetch;
}

interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

/** One line a clerk can act on: "exceeds-renewal-commitment: … (body.amount: …)". */
export const problemReason = (status: number, body: unknown): string => {
  const p = (typeof body === 'object' && body !== null ? body : {}) as Problem;
  const head = p.code ?? p.title ?? `HTTP ${status}`;
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
  return [head, p.detail, fields === '' ? undefined : `(${fields})`].filter((x) => x !== undefined && x !== '').join(' — ');
};

export const postOne = async (request: PreparedRequest, options: PostOptions): Promise<PostOutcome> => {
  const doFetch = options.fetchImpl ?? fetch;
  const token = typeof options.token === 'string' ? options.token : options.token(request);
  const sent = await sendWithRetry(
    () =>
      doFetch(`${options.baseUrl.replace(/\/$/, '')}${request.path}`, {
        method: request.method,
        headers: { 'content-type': request.contentType ?? 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': request.idempotencyKey },
        body: request.contentType === undefined ? JSON.stringify(request.body) : (request.body as RequestInit['body']),
      }),
    options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries },
  );
  if ('error' in sent) return { status: 0, accepted: false, body: undefined, reason: `network: ${String(sent.error)}`, attempts: sent.attempts };
  const { response, attempts } = sent;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  const accepted = response.status >= 200 && response.status < 300;
  return { status: response.status, accepted, body, attempts, ...(accepted ? {} : { reason: problemReason(response.status, body) }) };
};

/** Posts every request (at most `concurrency` at once); outcomes come back in the requests' order. */
export const postRequests = async (requests: readonly PreparedRequest[], options: PostOptions): Promise<PostOutcome[]> => {
  const outcomes: PostOutcome[] = new Array<PostOutcome>(requests.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index] as PreparedRequest;
      const outcome = await postOne(request, options);
      outcomes[index] = outcome;
      done++;
      options.onProgress?.(done, requests.length, outcome, request);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, requests.length)) }, worker));
  return outcomes;
};
