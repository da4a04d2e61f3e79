// The Lambda entry: middy around the same pipeline, configured from process.env only.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';

describe('API Lambda handler', () => {
  it('answers an API Gateway v2 event, verifying tokens with the key from the environment', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('LOCAL_JWT_SECRET', 'lambda-test-secret-lambda-test-secret');
    vi.stubEnv('DYNAMODB_ENDPOINT', 'http://127.0.0.1:9');
    const { handler } = await import('../../../functions/api/handler');
    const context = { awsRequestId: 'aws-1', functionName: 'api' } as Context;
    const event = (path: string, headers: Record<string, string> = {}) =>
      ({ rawPath: path, headers, requestContext: { requestId: 'gw-1', http: { method: 'GET' } }, isBase64Encoded: false }) as unknown as APIGatewayProxyEventV2;
    const call = (e: APIGatewayProxyEventV2) => handler(e, context) as Promise<APIGatewayProxyStructuredResultV2>;

    const health = await call(event('/health'));
    expect(health.statusCode).toBe(200);
    expect(health.headers?.['x-request-id']).toBe('gw-1');
    const refused = await call(event('/v1/funds', { authorization: 'Bearer nope' }));
    expect(refused.statusCode).toBe(401);
    vi.unstubAllEnvs();
    // The first import transforms the whole main API; on the shared 2-core machine that alone took 4+ s.
  }, 20_000);
});
