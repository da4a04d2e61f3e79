// Errors on the wire are RFC 9457 problem documents. Each kind has a stable `type` URI that
// clients may branch on; `title` is fixed per type, `detail` explains this occurrence.
import type { JsonObject, JsonValue } from '../store/types';

export const PROBLEM_BASE = 'https://fund-ledger.example/problems/';

/** Every problem the API answers with: slug of the type URI, HTTP status and fixed title. */
export const PROBLEMS = {
  validation: { status: 400, title: 'The request is invalid' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'missing-idempotency-key': { status: 400, title: 'Idempotency-Key header is required' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'No answer in an acceptable media type' },
  'concurrency-conflict': { status: 409, title: 'Concurrent update, try again' },
  'period-closed': { status: 409, title: 'The accounting period is closed' },
  'year-closed': { status: 409, title: 'The year is closed' },
  'months-open': { status: 409, title: 'Months of the year are still open' },
  'already-decided': { status: 409, title: 'The request was already decided' },
  'would-rejudge': { status: 409, title: 'The change would re-judge a command already posted' },
  'not-reversible': { status: 409, title: 'The entry cannot be reversed' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Content-Type not supported' },
  'business-rule': { status: 422, title: 'A business rule refused the request' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  internal: { status: 500, title: 'Internal error' },
  'store-unavailable': { status: 503, title: 'The store is unavailable, try again' },
} as const;

export type ProblemType = keyof typeof PROBLEMS;

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  /** Business-rule refusals: the rule's stable code, the limit and the actual value. */
  code?: string;
  limit?: JsonValue;
  actual?: JsonValue;
  /** The stored events a refusal is about (a reversal's dependents, the reversal that came first…). */
  events?: JsonValue;
}

/** Thrown anywhere below the handler to answer with a problem; everything else becomes a 500. */
export class ApiProblem extends Error {
  readonly problemType: ProblemType;
  readonly extra: Omit<Problem, 'type' | 'title' | 'status' | 'detail'>;
  readonly headers: Record<string, string>;

  constructor(
    problemType: ProblemType,
    detail: string,
    extra: Omit<Problem, 'type' | 'title' | 'status' | 'detail'> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
    this.problemType = problemType;
    this.extra = extra;
    this.headers = headers;
  }

  get status(): number {
    return PROBLEMS[this.problemType].status;
  }

  toProblem(): Problem {
    const { status, title } = PROBLEMS[this.problemType];
    return { type: `${PROBLEM_BASE}${this.problemType}`, title, status, detail: this.message, ...this.extra };
  }
}

export const validationProblem = (errors: FieldError[], detail?: string): ApiProblem =>
  new ApiProblem('validation', detail ?? `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.field).join(', ')}`, { errors });

export const notFound = (detail: string): ApiProblem => new ApiProblem('not-found', detail);

export const problemToJson = (problem: Problem): JsonObject => {
  const out: JsonObject = { type: problem.type, title: problem.title, status: problem.status, detail: problem.detail };
  if (problem.instance !== undefined) out.instance = problem.instance;
  if (problem.errors !== undefined) out.errors = problem.errors.map((e) => ({ field: e.field, message: e.message }));
  if (problem.code !== undefined) out.code = problem.code;
  if (problem.limit !== undefined) out.limit = problem.limit;
  if (problem.actual !== undefined) out.actual = problem.actual;
  if (problem.events !== undefined) out.events = problem.events;
  return out;
};
