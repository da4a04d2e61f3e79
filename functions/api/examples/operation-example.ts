// One documented example of an operation: the request as a client sends it and the answer it gets.
// The OpenAPI document shows these (openapi.ts), and test/e2e/api-examples.e2e.test.ts sends each
// to the local stack in this table's order and checks the answer's status, schema and fields, so
// an example in the reference is one the API was seen to answer.
import type { JsonValue } from '../../store/types';
import type { Role } from '../auth';

export interface ExampleAnswer {
  status: number;
  /** The JSON answer (arrays may be cut short: the test compares the fields of the items shown). */
  body?: JsonValue;
  /** A non-JSON answer (CSV), with its media type. */
  text?: string;
  contentType?: string;
  /**
   * How much of the answer's shape the test compares: `fields` (default) every object's field
   * names, recursively; `top` only the top-level fields (an answer holding open maps, such as
   * this document's `paths`).
   */
  compare?: 'fields' | 'top';
}

export interface OperationExample {
  /** The route it documents, "METHOD /template" as in the route table. */
  operation: string;
  /** Unique over all examples: the key in the document's `examples` and what `takes` names. */
  name: string;
  /** One line in Chinese, shown by the reference beside the example. */
  summary: string;
  /** Who sends it: the token's role, funds (a fund manager's) and person (maker-checker needs two). */
  as?: { role: Role; funds?: readonly string[]; person: string };
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string>>;
  /** Every command carries one; a business reference makes a re-sent batch safe. */
  idempotencyKey?: string;
  body?: JsonValue;
  /** A file upload: CSV text sent as text/csv instead of a JSON body. */
  csv?: string;
  /**
   * Path parameters the server generates (an approval's id): the document shows the value of the
   * run the example was taken from; the test takes it from the named example's answer field.
   */
  takes?: Readonly<Record<string, { from: string; field: string }>>;
  answer: ExampleAnswer;
}

export const operationKey = (route: { method: string; path: string }): string => `${route.method} ${route.path}`;

/** The request path with its parameters filled in (values as given: the examples' ids need no escaping). */
export const examplePath = (template: string, params: Readonly<Record<string, string>>): string =>
  template.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`example for ${template} has no value for {${name}}`);
    return value;
  });
