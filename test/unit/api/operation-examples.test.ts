// The documented examples (functions/api/examples) against the route table, without a stack: one
// or more per route, each a request the route's own schemas accept from a role it admits, each
// answer of the documented schema, and all of them in the OpenAPI document. The e2e test
// (test/e2e/api-examples.e2e.test.ts) sends them to the local stack.
import { describe, expect, it } from 'vitest';
import { OPERATION_EXAMPLES } from '../../../functions/api/examples';
import { operationKey } from '../../../functions/api/examples/operation-example';
import { buildOpenApi } from '../../../functions/api/openapi';
import { isCommandMethod } from '../../../functions/api/route';
import { routes } from '../../../functions/api/routes';

const routeOf = new Map(routes.map((route) => [operationKey(route), route]));
type Doc = { paths: Record<string, Record<string, { parameters: { name: string; examples?: Record<string, { value: unknown }> }[]; requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> }; responses: Record<string, { content?: Record<string, { examples?: Record<string, { summary: string; value: unknown }> }> }> }>> };

describe('the documented examples', () => {
  it('cover every route of the table, and name only routes of it', () => {
    const documented = new Set(OPERATION_EXAMPLES.map((example) => example.operation));
    expect(routes.map(operationKey).filter((key) => !documented.has(key)), 'routes without an example').toEqual([]);
    expect([...documented].filter((key) => !routeOf.has(key)), 'examples of no route').toEqual([]);
  });

  it('have unique names, and take generated ids only from examples sent before them', () => {
    const names = OPERATION_EXAMPLES.map((example) => example.name);
    expect(names.length).toBe(new Set(names).size);
    OPERATION_EXAMPLES.forEach((example, index) => {
      for (const { from } of Object.values(example.takes ?? {})) expect(names.slice(0, index), `${example.name} takes from ${from}`).toContain(from);
    });
  });

  it.each(OPERATION_EXAMPLES.map((example) => [example.name, example] as const))('%s is a request its route accepts from a role it admits', (_name, example) => {
    const route = routeOf.get(example.operation);
    if (route === undefined) throw new Error(`no route ${example.operation}`);
    const templateParams = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(example.params ?? {}).sort()).toEqual(templateParams);
    expect(example.idempotencyKey !== undefined).toBe(isCommandMethod(route.method));
    if (route.roles === 'public') expect(example.as).toBeUndefined();
    else expect(route.roles).toContain(example.as?.role);
    if (example.csv !== undefined) expect(route.files).toBe(true);
    else if (route.body !== undefined) expect(route.body.safeParse(example.body).error).toBeUndefined();
    else expect(example.body).toBeUndefined();
    if (route.query !== undefined) expect(route.query.safeParse(example.query ?? {}).error).toBeUndefined();
    else expect(example.query).toBeUndefined();
    if (route.response !== undefined && example.answer.status < 300) expect(route.response.safeParse(example.answer.body).error).toBeUndefined();
    expect(example.answer.body === undefined).toBe(example.answer.text !== undefined);
  });

  it('appear in the OpenAPI document: parameters, request body and the answer under its status', () => {
    const doc = buildOpenApi(routes, OPERATION_EXAMPLES) as Doc;
    for (const example of OPERATION_EXAMPLES) {
      const [method = '', path = ''] = example.operation.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      const label = `${example.operation} ${example.name}`;
      for (const [name, value] of Object.entries(example.params ?? {})) {
        expect(operation?.parameters.find((p) => p.name === name)?.examples?.[example.name]?.value, label).toBe(value);
      }
      if (example.idempotencyKey !== undefined) expect(operation?.parameters.find((p) => p.name === 'Idempotency-Key')?.examples?.[example.name]?.value, label).toBe(example.idempotencyKey);
      if (example.body !== undefined) expect(operation?.requestBody?.content['application/json']?.examples?.[example.name]?.value, label).toEqual(example.body);
      if (example.csv !== undefined) expect(operation?.requestBody?.content['text/csv']?.examples?.[example.name]?.value, label).toBe(example.csv);
      const answer = operation?.responses[String(example.answer.status)]?.content ?? {};
      const shown = example.answer.body !== undefined ? answer['application/json'] : answer[(example.answer.contentType ?? '').split(';')[0] ?? ''];
      expect(shown?.examples?.[example.name], label).toEqual({ summary: example.summary, value: example.answer.body ?? example.answer.text });
    }
  });

  it('leave the document without examples as it was (a route table alone documents no example)', () => {
    expect(JSON.stringify(buildOpenApi(routes))).not.toContain('"examples"');
  });
});
