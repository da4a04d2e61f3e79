// Maps whatever a route threw to a problem. Only errors we know are answered with their detail; a
// store that cannot serve is a 503 with Retry-After; anything else is a 500 whose answer says
// nothing about the cause (the log has it).
import { ConcurrencyConflict, IdempotencyMismatch } from '../store/errors';
import { isStoreUnavailable } from '../store/store-unavailable';
import { InvalidProposal, PeriodClosed, ResourceNotFound, YearClosedError } from '../commands/errors';
import { CommandRefused } from '../commands/pipeline';
import type { JsonValue } from '../store/types';
import { ApiProblem, validationProblem } from './problems';

const jsonOrString = (value: unknown): JsonValue | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as JsonValue;
};

export const toProblem = (error: unknown): ApiProblem | undefined => {
  if (error instanceof ApiProblem) return error;
  if (error instanceof ResourceNotFound) return new ApiProblem('not-found', error.message);
  if (error instanceof PeriodClosed) return new ApiProblem('period-closed', error.message, { code: 'period-closed' });
  if (error instanceof YearClosedError) return new ApiProblem('year-closed', error.message, { code: 'year-closed' });
  // A proposed policy version is validated after the merge: its fields are named as the body names them.
  if (error instanceof InvalidProposal) return validationProblem(error.errors.map((e) => ({ field: `body.${e.field}`, message: e.message })));
  if (error instanceof ConcurrencyConflict) {
    return new ApiProblem('concurrency-conflict', 'Another request changed the same records; retry with the same Idempotency-Key', {}, { 'retry-after': '1' });
  }
  if (isStoreUnavailable(error)) {
    // Not a defect and not the client's fault: the store is restarting, unreachable or shedding load.
    return new ApiProblem('store-unavailable', 'The store could not be reached; retry with the same Idempotency-Key', {}, { 'retry-after': '1' });
  }
  if (error instanceof IdempotencyMismatch) {
    return new ApiProblem('idempotency-key-reused', 'This Idempotency-Key was already used for a different request');
  }
  if (error instanceof CommandRefused) {
    const refusal = error.error;
    if (refusal.code === 'period-closed') return new ApiProblem('period-closed', refusal.message, { code: refusal.code });
    if (refusal.code === 'year-closed' || refusal.code === 'months-open') return new ApiProblem(refusal.code, refusal.message, { code: refusal.code, ...(refusal.actual === undefined ? {} : { actual: refusal.actual }) });
    if (refusal.code === 'not-found') return new ApiProblem('not-found', refusal.message);
    // Maker-checker: the maker may not decide their own request; a decided request stays decided.
    if (refusal.code === 'same-person') return new ApiProblem('forbidden', refusal.message, { code: refusal.code });
    if (refusal.code === 'already-decided') return new ApiProblem('already-decided', refusal.message, { code: refusal.code });
    // A policy version may not re-judge a posted command: a conflict with the books, naming the latest such command.
    if (refusal.code === 'would-rejudge') return new ApiProblem('would-rejudge', refusal.message, { code: refusal.code, errors: [{ field: `body.${refusal.field ?? 'effectiveFrom'}`, message: refusal.message }], ...(refusal.limit === undefined ? {} : { limit: refusal.limit }), ...(refusal.actual === undefined ? {} : { actual: refusal.actual }) });
    // Reversals (冲正): the entry as it stands cannot be reversed; the answer names the events why.
    if (refusal.code === 'has-dependents' || refusal.code === 'already-reversed' || refusal.code === 'not-reversible') {
      return new ApiProblem('not-reversible', refusal.message, { code: refusal.code, events: jsonOrString(refusal.events ?? []) ?? [] });
    }
    const limit = jsonOrString(refusal.limit);
    const actual = jsonOrString(refusal.actual);
    const field = refusal.field;
    return new ApiProblem('business-rule', refusal.message, {
      code: refusal.code,
      ...(field === undefined ? {} : { errors: [{ field: `body.${field}`, message: refusal.message }] }),
      ...(limit === undefined ? {} : { limit }),
      ...(actual === undefined ? {} : { actual }),
    });
  }
  return undefined;
};
