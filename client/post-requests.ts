// Posts prepared command requests (a validated register's rows, the demo's year) through the
// ordinary API routes, with progress. Plain fetch and timers only, so the dashboard's browser page
// and the Node command-line tools share this one function.
//
// A 409 concurrency-conflict (the fund's stream was busy) is retried with the SAME idempotency key
// after its Retry-After, as the API asks; so are network failures and 5xx. Anything else is final:
// 2xx is accepted (201 done, 202 held for approval, or the replay of an earlier identical request),
// 4xx is refused with the problem's reason.

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

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

const retryable = (status: number, body: unknown): boolean =>
  status >= 500 || (status === 409 && typeof body === 'object' && body !== null && String((body as Problem).type ?? '').endsWith('/concurrency-conflict'));

export const postOne = async (request: PreparedRequest, options: PostOptions): Promise<PostOutcome> => {
  const doFetch = options.fetchImpl ?? fetch;
  const token = typeof options.token === 'string' ? options.token : options.token(request);
  const maxRetries = options.maxRetries ?? 8;
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    let body: unknown;
    let retryAfterMs = 0;
    try {
      const response = await doFetch(`${options.baseUrl.replace(/\/$/, '')}${request.path}`, {
        method: request.method,
        headers: { 'content-type': request.contentType ?? 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': request.idempotencyKey },
        body: request.contentType === undefined ? JSON.stringify(request.body) : (request.body as RequestInit['body']),
      });
      status = response.status;
      const text = await response.text();
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
      }
      retryAfterMs = Number(response.headers.get('retry-after') ?? '0') * 1000;
    } catch (error) {
      if (attempt > maxRetries) return { status: 0, accepted: false, body: undefined, reason: `network: ${String(error)}`, attempts: attempt };
    }
    if (status >= 200 && status < 300) return { status, accepted: true, body, attempts: attempt };
    if (status !== 0 && (!retryable(status, body) || attempt > maxRetries)) return { status, accepted: false, body, reason: problemReason(status, body), attempts: attempt };
    // Back off with jitter so clients that collided do not collide again.
    await wait(Math.max(retryAfterMs, 100 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2));
  }
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
