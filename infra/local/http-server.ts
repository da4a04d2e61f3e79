// The local stack's HTTP front: node:http turned into the APIGatewayProxyEventV2 that API
// Gateway (HTTP API, payload 2.0) would send, so the very same handler answers locally.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LocalFront } from './dashboard-front';

export type LocalHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway refuses payloads over 10 MB; we stop reading a little past the API's own limit (5 MB files). */
const READ_LIMIT_BYTES = 6 * 1024 * 1024;

export interface LocalHttpServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * JSON (and other text in UTF-8) travels as a string, as API Gateway sends it; any other body —
 * a GBK CSV, an XLSX, a multipart form — travels base64-encoded so its bytes arrive intact.
 */
export const eventBody = (bytes: Buffer, contentType: string | undefined): { body: string | undefined; isBase64Encoded: boolean } => {
  if (bytes.byteLength === 0) return { body: undefined, isBase64Encoded: false };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = type === 'application/json' || type.endsWith('+json');
  return isJson ? { body: bytes.toString('utf8'), isBase64Encoded: false } : { body: bytes.toString('base64'), isBase64Encoded: true };
};

export const toApiGatewayEvent = (req: http.IncomingMessage, bytes: Buffer): APIGatewayProxyEventV2 => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway joins repeated query parameters with commas.
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    ...eventBody(bytes, headers['content-type']),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
};

const readBody = (req: http.IncomingMessage): Promise<{ bytes: Buffer; tooLarge: boolean }> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > READ_LIMIT_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });

const TOO_LARGE = JSON.stringify({
  type: 'https://fund-ledger.example/problems/payload-too-large',
  title: 'The body is too large',
  status: 413,
  detail: `The body exceeds ${READ_LIMIT_BYTES} bytes`,
});

/** `front` answers first when given (the dashboard and local sign-in); what it leaves goes to the API. */
export const startHttpServer = async (handler: LocalHandler, port = 0, host = '127.0.0.1', front?: LocalFront): Promise<LocalHttpServer> => {
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const { bytes, tooLarge } = await readBody(req);
        if (tooLarge) {
          res.writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' }).end(TOO_LARGE);
          return;
        }
        const served = front === undefined ? undefined : await front(req.method ?? 'GET', new URL(req.url ?? '/', 'http://localhost').pathname, bytes.toString('utf8'));
        if (served !== undefined) {
          res.writeHead(served.status, served.headers).end(served.body);
          return;
        }
        const result = await handler(toApiGatewayEvent(req, bytes));
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
        res.writeHead(result.statusCode ?? 200, headers).end(result.isBase64Encoded === true ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
      } catch {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'https://fund-ledger.example/problems/internal', title: 'Internal error', status: 500, detail: 'Something went wrong' }));
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
