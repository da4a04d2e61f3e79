// The local HTTP front must hand a file's bytes to the handler intact (a GBK CSV read as UTF-8
// text would be mangled before anyone could detect its encoding), and JSON as text as API Gateway does.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHttpServer, startHttpServer } from '../../../infra/local/http-server';

describe('local HTTP server bodies', () => {
  let server: LocalHttpServer;
  let last: APIGatewayProxyEventV2 | undefined;
  beforeAll(async () => {
    server = await startHttpServer(async (event) => {
      last = event;
      return { statusCode: 200, body: '{}' };
    });
  });
  afterAll(() => server.stop());

  it('passes a GBK CSV base64-encoded with its bytes unchanged', async () => {
    const gbk = iconv.encode('交易日期,金额\n2026-10-02,1.00\n', 'gbk');
    await fetch(`${server.url}/v1/x`, { method: 'POST', body: gbk, headers: { 'content-type': 'text/csv' } });
    expect(last?.isBase64Encoded).toBe(true);
    expect(Buffer.from(last?.body ?? '', 'base64').equals(gbk)).toBe(true);
  });

  it('passes JSON as text', async () => {
    await fetch(`${server.url}/v1/x`, { method: 'POST', body: '{"名":"甲"}', headers: { 'content-type': 'application/json' } });
    expect(last).toMatchObject({ isBase64Encoded: false, body: '{"名":"甲"}' });
  });
});
