import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../functions/api/openapi';
import { routes } from '../../../functions/api/routes';

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema };
type Operation = { responses: Record<string, { content: { 'application/json': { schema: Schema } } }> };

/** The reads the dashboard's pages type against (client/api-schema.d.ts is generated from them). */
const DASHBOARD_READS = [
  'GET /v1/funds',
  'GET /v1/funds/{fundId}',
  'GET /v1/funds/{fundId}/balances',
  'GET /v1/funds/{fundId}/journal',
  'GET /v1/funds/{fundId}/events',
  'GET /v1/funds/{fundId}/guarantees',
  'GET /v1/funds/{fundId}/bridge-loans',
  'GET /v1/funds/{fundId}/commitments',
  'GET /v1/funds/{fundId}/cash-by-month',
  'GET /v1/alerts',
  'GET /v1/kpis',
  'GET /v1/reconciliations/{month}',
  'POST /v1/reconciliations',
  'POST /v1/periods/{month}/close',
];

describe('OpenAPI answers', () => {
  const doc = buildOpenApi(routes) as { paths: Record<string, Record<string, Operation>> };
  const success = (key: string): Schema => {
    const [method = '', path = ''] = key.split(' ');
    const responses = doc.paths[path]?.[method.toLowerCase()]?.responses ?? {};
    const status = Object.keys(responses).find((s) => s.startsWith('2')) ?? '';
    return responses[status]?.content['application/json'].schema ?? {};
  };

  it('describe the success body of every read the dashboard uses', () => {
    for (const key of DASHBOARD_READS) expect(success(key).type, key).toBe('object');
  });

  it('describe amounts in answers as decimal strings', () => {
    expect(success('GET /v1/funds').properties?.items?.items?.properties?.cash?.type).toBe('string');
    expect(success('GET /v1/funds/{fundId}/balances').properties?.accounts?.items?.properties?.balance?.type).toBe('string');
    expect(success('GET /v1/kpis').properties?.indicators?.properties?.newGuaranteeAmount?.properties?.actual?.type).toBe('string');
  });
});
