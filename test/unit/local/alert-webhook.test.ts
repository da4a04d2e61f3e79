// ALERT_WEBHOOK_URL on the local stack (issue 10 §3): alert events are POSTed with their data,
// retried with backoff when the endpoint fails, and offering them never waits for the endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../functions/shared/routing';
import { createAlertWebhook } from '../../../infra/local/alert-webhook';

const busEvent = (type: string, streamId: string, version: number): BusEvent => ({
  version: '0',
  id: `${streamId}-${version}`,
  'detail-type': type,
  source: 'fund-ledger.events',
  account: 'local',
  time: '2026-12-02T01:00:00Z',
  region: 'local',
  resources: [],
  detail: { streamId, version, type, occurredOn: '2026-12-02', recordedAt: '2026-12-02T01:00:00.000Z', city: 'liaocheng' },
});

const until = async (check: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('local alert webhook', () => {
  const received: { status: number; key: string | undefined; body: Record<string, unknown> }[] = [];
  let failuresLeft = 2;
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = failuresLeft > 0 ? 503 : 204;
        if (failuresLeft > 0) failuresLeft -= 1;
        received.push({ status, key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('retries a failing endpoint with backoff until it takes the alert, and skips other events', async () => {
    const webhook = createAlertWebhook({
      url,
      readEvent: async (streamId, version) => ({ streamId, version, type: 'AlertRaised', data: { alertId: 'al-1', summary: 'loan L1 overdue' } }) as never,
      baseDelayMs: 5,
      maxDelayMs: 20,
      onError: () => undefined,
    });
    webhook.offer([busEvent('BridgeLoanWentOverdue', 'bridge-loan-b1:L1', 3), busEvent('AlertRaised', 'alert-al-1', 1)]);
    expect(webhook.pending()).toBe(1);
    await until(() => received.some((r) => r.status === 204));
    expect(received.map((r) => r.status)).toEqual([503, 503, 204]);
    expect(received[2]).toMatchObject({ key: 'alert-al-1:1', body: { 'detail-type': 'AlertRaised', detail: { streamId: 'alert-al-1', version: 1, data: { alertId: 'al-1' } } } });
    await until(() => webhook.pending() === 0);
    webhook.stop();
  });

  it('never holds up the caller: offer returns while the endpoint is still down', async () => {
    failuresLeft = 1_000;
    const webhook = createAlertWebhook({ url, readEvent: async () => undefined, baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3, onError: () => undefined });
    const started = performance.now();
    webhook.offer([busEvent('AlertResolved', 'alert-al-1', 2)]);
    expect(performance.now() - started).toBeLessThan(50);
    await until(() => webhook.pending() === 0);
    webhook.stop();
  });
});
