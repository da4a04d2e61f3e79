import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../functions/api/openapi';
import { routes } from '../../../functions/api/routes';

type Operation = { parameters: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> };

describe('OpenAPI document', () => {
  const doc = buildOpenApi(routes) as { openapi: string; paths: Record<string, Record<string, Operation>> };

  it('documents every route and routes every documented operation', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    const routed = routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(routed);
  });

  it('is OpenAPI 3.1 and documents request bodies, the Idempotency-Key and problem answers', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routes) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      if (route.method === 'POST') {
        expect(op?.requestBody).toBeDefined();
        expect(op?.parameters.some((p) => p.name === 'Idempotency-Key' && p.in === 'header')).toBe(true);
        expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403', '409', '422']));
      }
      if (route.method === 'DELETE') {
        expect(op?.parameters.some((p) => p.name === 'Idempotency-Key' && p.in === 'header')).toBe(true);
        expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403', '404', '409', '422']));
      }
      for (const name of route.path.matchAll(/\{([A-Za-z]+)\}/g)) {
        expect(op?.parameters.some((p) => p.in === 'path' && p.name === name[1])).toBe(true);
      }
    }
  });

  it('describes amounts as decimal strings, never numbers', () => {
    const body = (doc.paths['/v1/funds/{fundId}/capital-injections']?.post?.requestBody ?? {}) as { content: { 'application/json': { schema: { properties: Record<string, { type: string }> } } } };
    expect(body.content['application/json'].schema.properties.amount?.type).toBe('string');
  });
});
