// The OpenAPI 3.1 document, generated from the route table and the zod request schemas, so the
// document cannot drift from what the API accepts. Served at GET /v1/openapi.json. Each
// operation's examples (functions/api/examples) fill the `examples` of its parameters, request
// body and answers, so the reference shows a request and answer the API was seen to give.
import * as z from 'zod';
import type { JsonObject, JsonValue } from '../store/types';
import { type OperationExample, operationKey } from './examples/operation-example';
import { PROBLEM_BASE, PROBLEMS } from './problems';
import { isCommandMethod, operationIdOf, type RouteSpec } from './route';
import { CSV_MEDIA_TYPE, MAX_FILE_BYTES, XLS_MEDIA_TYPE, XLSX_MEDIA_TYPE } from './upload';

const jsonSchema = (schema: z.ZodType): JsonObject => {
  // Custom checks (credit-code check character, calendar dates) have no JSON Schema form; the
  // pattern and type around them still document the field.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  return rest;
};

const problemResponse = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const queryParameters = (schema: z.ZodType): JsonObject[] => {
  const object = jsonSchema(schema);
  const properties = (object.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
};

/** JSON, and for a files route the file forms of the upload contract (functions/api/upload.ts). */
const requestContent = (route: RouteSpec): JsonObject => {
  const content: JsonObject = route.body === undefined ? {} : { 'application/json': { schema: jsonSchema(route.body) } };
  if (route.files !== true) return content;
  const binary = { type: 'string', format: 'binary', description: `At most ${MAX_FILE_BYTES} bytes` };
  return {
    ...content,
    [CSV_MEDIA_TYPE]: { schema: { ...binary, description: `${binary.description}; UTF-8, or GBK/GB18030 (charset parameter, or detected)` } },
    [XLSX_MEDIA_TYPE]: { schema: { ...binary, description: `${binary.description}; the first worksheet whose first 30 rows hold a recognisable header row is read` } },
    [XLS_MEDIA_TYPE]: { schema: { ...binary, description: `${binary.description}; Excel 97–2003 (BIFF8), read like XLSX` } },
    'multipart/form-data': {
      schema: { type: 'object', required: ['file'], properties: { file: binary }, additionalProperties: { type: 'string' }, description: 'A `file` part (CSV, XLSX or XLS) and text fields, which join the query parameters' },
    },
    'application/octet-stream': { schema: { ...binary, description: `${binary.description}; any other declared type (octet-stream, x-www-form-urlencoded, none): the format is read off the bytes (OLE2 D0 CF 11 E0 = XLS, ZIP with xl/workbook.xml = XLSX, text = CSV), and anything else is 415 naming what it looks like` } },
  };
};

/** OpenAPI's named examples: `{ <name>: { summary, value } }` of those examples that have a value. */
const namedExamples = (examples: readonly OperationExample[], value: (example: OperationExample) => JsonValue | undefined): JsonObject | undefined => {
  const entries = examples.flatMap((example) => {
    const given = value(example);
    return given === undefined ? [] : [[example.name, { summary: example.summary, value: given }] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
};

/** Adds `examples` to a parameter, a media type or an answer's content (a copy: the input stays as built). */
const withExamples = (target: JsonObject, examples: JsonObject | undefined): JsonObject => (examples === undefined ? target : { ...target, examples });

/** The request body's media types with the JSON examples on application/json and CSV ones on text/csv. */
const requestWithExamples = (content: JsonObject, examples: readonly OperationExample[]): JsonObject => {
  const json = namedExamples(examples, (example) => example.body);
  const csv = namedExamples(examples, (example) => example.csv);
  const out: JsonObject = { ...content };
  if (json !== undefined) out['application/json'] = withExamples((content['application/json'] ?? {}) as JsonObject, json);
  if (csv !== undefined) out[CSV_MEDIA_TYPE] = withExamples((content[CSV_MEDIA_TYPE] ?? { schema: { type: 'string' } }) as JsonObject, csv);
  return out;
};

/** Each documented status gets the answers of the examples that got it, in their media type. */
const responsesWithExamples = (responses: JsonObject, examples: readonly OperationExample[]): JsonObject => {
  const out: JsonObject = { ...responses };
  for (const status of new Set(examples.map((example) => String(example.answer.status)))) {
    const answered = examples.filter((example) => String(example.answer.status) === status);
    const response = (out[status] ?? { description: 'Example answer' }) as JsonObject;
    const content: JsonObject = { ...((response.content ?? {}) as JsonObject) };
    const json = namedExamples(answered, (example) => example.answer.body);
    if (json !== undefined) content['application/json'] = withExamples((content['application/json'] ?? {}) as JsonObject, json);
    for (const type of new Set(answered.flatMap((example) => (example.answer.text === undefined ? [] : [example.answer.contentType ?? 'text/plain'])))) {
      const text = namedExamples(answered.filter((example) => (example.answer.contentType ?? 'text/plain') === type), (example) => example.answer.text);
      content[type.split(';')[0] ?? type] = withExamples({ schema: { type: 'string' } }, text);
    }
    out[status] = { ...response, content };
  }
  return out;
};

const operation = (route: RouteSpec, examples: readonly OperationExample[]): JsonObject => {
  const pathParams = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
    name: m[1] ?? '',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
  }));
  const parameters: JsonObject[] = [...pathParams, ...(route.query === undefined ? [] : queryParameters(route.query))];
  if (isCommandMethod(route.method)) {
    parameters.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } });
  }
  const exampleOf = (parameter: JsonObject) => (example: OperationExample): string | undefined => {
    const name = String(parameter.name);
    if (parameter.in === 'header') return example.idempotencyKey;
    return parameter.in === 'path' ? example.params?.[name] : example.query?.[name];
  };
  const success = route.response === undefined ? {} : jsonSchema(route.response);
  const documented = parameters.map((parameter) => withExamples(parameter, namedExamples(examples, exampleOf(parameter))));
  const responses: JsonObject = { [String(route.successStatus)]: { description: 'Success', content: { 'application/json': { schema: success } } } };
  if (route.body !== undefined || route.query !== undefined || route.files === true) responses['400'] = problemResponse('Invalid input; `errors` lists every bad field');
  if (route.roles !== 'public') {
    responses['401'] = problemResponse('No or invalid bearer token');
    responses['403'] = problemResponse(`Needs one of: ${route.roles.join(', ')}`);
  }
  if (route.path.includes('{')) responses['404'] = problemResponse('Unknown fund or resource');
  if (isCommandMethod(route.method)) {
    responses['409'] = problemResponse('Concurrent update or closed period');
    responses['422'] = problemResponse('Refused by a business rule, or Idempotency-Key reused with another request');
  }
  if (route.method === 'POST') {
    responses['413'] = problemResponse('Body too large');
    responses['415'] = problemResponse(route.files === true ? 'Not JSON, CSV, XLSX, XLS or multipart/form-data with one of them: `code` unsupported-file-format, `actual` what the bytes look like ("a PDF document"), `limit` the accepted types' : 'Not application/json');
  }
  responses['503'] = problemResponse('The store could not be reached; retry after Retry-After seconds (a POST with the same Idempotency-Key)');
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    tags: [route.tag],
    ...(route.roles === 'public' ? { security: [] } : { 'x-roles': [...route.roles] }),
    parameters: documented,
    ...(route.body === undefined && route.files !== true ? {} : { requestBody: { required: true, content: requestWithExamples(requestContent(route), examples) } }),
    responses: responsesWithExamples(responses, examples),
  };
};

/** The document of `routes`, with the examples of each (by "METHOD /template"; none: a document without examples). */
export const buildOpenApi = (routes: readonly RouteSpec[], examples: readonly OperationExample[] = []): JsonObject => {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const own = examples.filter((example) => example.operation === operationKey(route));
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation(route, own) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'fund-ledger API',
      version: '1',
      description:
        'Books of the risk pool, bridge fund, guidance funds and subsidy budget. Amounts are yuan decimal strings; dates YYYY-MM-DD (Asia/Shanghai). ' +
        'Every POST takes an Idempotency-Key: repeat it to retry the same request safely. ' +
        'Authorize with a bearer token: on the local stack `npm run -s token -- finance-bureau` (or `fund-manager <fundId…>`, `auditor`) prints one; in the cloud, the Cognito sign-in gives one.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Local stack: `npm run -s token -- <role>`; cloud: a Cognito token' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string', enum: Object.keys(PROBLEMS).map((slug) => `${PROBLEM_BASE}${slug}`) },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            code: { type: 'string' },
            limit: {},
            actual: {},
            events: {
              type: 'array',
              description: 'A refused reversal (冲正): the stored events it is about (its dependents, the earlier reversal, the not-reversible event)',
              items: { type: 'object', properties: { streamId: { type: 'string' }, version: { type: 'integer' }, type: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
};
