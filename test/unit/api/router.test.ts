import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../../functions/api/problems';
import { createRouter } from '../../../functions/api/router';
import { defineRoute } from '../../../functions/api/route';

const route = (method: 'GET' | 'POST', path: string) =>
  defineRoute({ method, path, summary: path, tag: 't', roles: 'public', successStatus: 200, handler: async () => ({ status: 200, body: path }) });

const problemOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiProblem ? error.problemType : 'other';
  }
  return undefined;
};

describe('router', () => {
  const router = createRouter([route('GET', '/v1/funds'), route('GET', '/v1/funds/{fundId}'), route('POST', '/v1/funds/{fundId}/guarantees/{guaranteeId}/fees')]);

  it('matches templates and decodes path parameters', () => {
    const match = router('POST', '/v1/funds/f-1/guarantees/g_2/fees');
    expect(match.params).toEqual({ fundId: 'f-1', guaranteeId: 'g_2' });
    expect(router('GET', '/v1/funds').route.path).toBe('/v1/funds');
    expect(router('GET', '/v1/funds/').route.path).toBe('/v1/funds');
  });

  it('answers 404 for an unknown path and for ids that could never exist', () => {
    expect(problemOf(() => router('GET', '/v1/nothing'))).toBe('not-found');
    expect(problemOf(() => router('GET', '/v1/funds/%E4%B8%AD'))).toBe('not-found');
    expect(problemOf(() => router('GET', '/v1/funds/%ZZ'))).toBe('not-found');
    expect(problemOf(() => router('GET', `/v1/funds/${'a'.repeat(65)}`))).toBe('not-found');
  });

  it('answers 405 when the path exists under another method', () => {
    expect(problemOf(() => router('POST', '/v1/funds/f1'))).toBe('method-not-allowed');
  });

  it('refuses a table with the same route twice', () => {
    expect(() => createRouter([route('GET', '/a'), route('GET', '/a')])).toThrow(/twice/);
  });
});
