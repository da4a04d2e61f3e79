// One valid request per route, for the tests that sweep the whole route table (access matrix,
// hostile input, route groups): the route's documented example (functions/api/examples, the one
// set of example requests, the one the OpenAPI document shows and api-examples.e2e sends), acting on
// the world those examples build — seedWorld sends every documented command in the examples' order,
// so a mutated request still reaches deep into the rules. A route without an example fails here
// (and in the examples' own tests).
import type { Role } from '../../functions/api/auth';
import { OPERATION_EXAMPLES } from '../../functions/api/examples';
import { examplePath, type OperationExample, operationKey } from '../../functions/api/examples/operation-example';
import type { Route } from '../../functions/api/route';
import type { JsonValue } from '../../functions/store/types';
import type { InProcessApi } from './in-process-api';
import { exampleRequest } from './send-example';

/** The first documented example of each operation. */
const FIRST = new Map<string, OperationExample>();
for (const example of OPERATION_EXAMPLES) if (!FIRST.has(example.operation)) FIRST.set(example.operation, example);

const documented = (operation: string): OperationExample => {
  const example = FIRST.get(operation);
  if (example === undefined) throw new Error(`${operation} has no documented example (functions/api/examples)`);
  return example;
};

const repayment = documented('POST /v1/funds/{fundId}/bridge-loans/{loanId}/repayments').params ?? {};
const fundOf = (operation: string): string => documented(operation).params?.fundId ?? '';

/** The examples' funds and records the pinned tests name. */
export const WORLD = {
  pool: fundOf('POST /v1/funds/{fundId}/guarantees'),
  bridge: repayment.fundId ?? '',
  guide: fundOf('POST /v1/funds/{fundId}/commitments'),
  loanId: repayment.loanId ?? '',
} as const;
/** The funds of the examples' fund managers: a manager token over all of them may act on every fund route. */
export const WORLD_FUNDS = [...new Set(OPERATION_EXAMPLES.flatMap((e) => (e.as?.role === 'fund-manager' ? [...(e.as.funds ?? [])] : [])))];

export interface Example {
  route: Route;
  /** The path with every {param} filled as documented. */
  path: string;
  params: Record<string, string>;
  body?: Record<string, unknown>;
  query: Record<string, string>;
  /** A file route's documented upload (CSV text, sent as text/csv). */
  csv?: string;
}

const isObject = (value: JsonValue | undefined): value is Record<string, JsonValue> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const exampleOf = (route: Route): Example => {
  const example = documented(operationKey(route));
  // A parameter the server generates (an approval's id) keeps the value of the documented run.
  const params = { ...example.params };
  const body = isObject(example.body) ? (structuredClone(example.body) as Record<string, unknown>) : route.method === 'POST' ? {} : undefined;
  return { route, path: examplePath(route.path, params), params, ...(body === undefined ? {} : { body }), query: { ...example.query }, ...(example.csv === undefined ? {} : { csv: example.csv }) };
};

/** A role the route admits, preferring the fund's manager where managers may act. */
export const allowedRole = (route: Route): Role | undefined =>
  route.roles === 'public' ? undefined : route.roles.includes('fund-manager') ? 'fund-manager' : route.roles[0];

/**
 * Sends every documented command (not the reads) in the examples' order, each as its sender, so the
 * examples' funds and records exist. The in-process API runs no event flow, so what reads the
 * projections (a reconciliation's alert) may answer otherwise than documented: the funds' own
 * business must answer as documented, nothing may answer 5xx.
 */
export const seedWorld = async (api: InProcessApi): Promise<void> => {
  const answers = new Map<string, { body: JsonValue }>();
  for (const example of OPERATION_EXAMPLES) {
    if (example.operation.startsWith('GET ')) continue;
    const request = exampleRequest(example, answers);
    if (example.as !== undefined) request.headers.authorization = `Bearer ${await api.token(example.as.role, [...(example.as.funds ?? [])], { subject: example.as.person })}`;
    const answer = await api.call(request);
    answers.set(example.name, { body: answer.body as JsonValue });
    const mustMatch = example.operation.startsWith('POST /v1/funds');
    if (answer.status >= 500 || (mustMatch && answer.status !== example.answer.status)) throw new Error(`seeding the world: ${example.name} (${example.operation}) answered ${answer.status}, documented ${example.answer.status}: ${answer.text.slice(0, 300)}`);
  }
};
