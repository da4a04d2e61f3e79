// Whether an error says the store cannot serve right now (unreachable, restarting, throttling or
// failing on its side) rather than that the request or our code is wrong. The API answers such an
// error 503 with Retry-After: the client retries with the same Idempotency-Key, which either finds
// the first attempt committed (and replays it) or decides afresh.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Cancellation reasons of a transaction that was throttled, not refused by a condition. */
const THROTTLED_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  CancellationReasons?: { Code?: string }[];
}

export const isStoreUnavailable = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, message, cause, errors, CancellationReasons } = error as ErrorShape;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof message === 'string' && /socket hang up/i.test(message)) return true;
  if (name === 'TransactionCanceledException' && (CancellationReasons ?? []).some((reason) => reason.Code !== undefined && THROTTLED_REASONS.has(reason.Code))) return true;
  // Node wraps connection failures of several addresses in an AggregateError, and SDKs may set a cause.
  if (Array.isArray(errors) && errors.some(isStoreUnavailable)) return true;
  return cause !== undefined && isStoreUnavailable(cause);
};
