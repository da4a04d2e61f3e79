// The typed client for fund managers' systems (client/ledger-client.ts) against the local stack:
// typed paths and bodies, the bearer token, and a lost answer retried with the same
// Idempotency-Key — the command is posted once and the retry gets the first result.
import { describe, expect, it } from 'vitest';
import { createLedgerClient } from '../../client/ledger-client';
import { useLocalStack } from './api-support';

const local = useLocalStack({ eventFlow: false });

describe('the typed ledger client', () => {
  it('creates a fund and injects capital with typed requests', async () => {
    const ledger = createLedgerClient({ baseUrl: local.stack.url, token: await local.stack.token('finance-bureau', []) });
    const created = await ledger.POST('/v1/funds', {
      params: { header: { 'Idempotency-Key': 'client-create-c1' } },
      body: { fundId: 'c1', kind: 'bridge-fund', name: '应急转贷基金', openedOn: '2024-01-01' },
    });
    expect(created.response.status).toBe(201);
    const injected = await ledger.POST('/v1/funds/{fundId}/capital-injections', {
      params: { path: { fundId: 'c1' }, header: { 'Idempotency-Key': 'client-inj-c1' } },
      body: { amount: '50000000.00', occurredOn: '2024-01-02', source: 'city', reference: 'LCCZ-2024-001' },
    });
    expect(injected.response.status).toBe(201);
    expect(injected.data).toMatchObject({ fundId: 'c1', amount: '50000000.00', cash: '50000000.00' });
  });

  it('retries a lost answer with the same key: one posting, and the retry answers the first result', async () => {
    const token = await local.stack.token('finance-bureau', []);
    let calls = 0;
    // The API takes the first request, but its answer never reaches the client (a timeout).
    const losingFirstAnswer = async (request: Request): Promise<Response> => {
      calls++;
      const response = await fetch(request);
      if (calls === 1) {
        await response.body?.cancel();
        throw new TypeError('fetch failed: the answer was lost');
      }
      return response;
    };
    const ledger = createLedgerClient({ baseUrl: local.stack.url, token, fetch: losingFirstAnswer });
    const injected = await ledger.POST('/v1/funds/{fundId}/capital-injections', {
      params: { path: { fundId: 'c1' }, header: { 'Idempotency-Key': 'client-inj-c1-lost' } },
      body: { amount: '1000000.00', occurredOn: '2024-01-03', source: 'city', reference: 'LCCZ-2024-002' },
    });
    expect(calls).toBe(2);
    expect(injected.response.status).toBe(201);
    // 50,000,000.00 + 1,000,000.00 = 51,000,000.00: the injection counted once.
    expect(injected.data).toMatchObject({ amount: '1000000.00', cash: '51000000.00' });
    const injections = (await local.stack.deps.store.readStream('fund-c1')).filter((event) => event.type === 'CapitalInjected');
    expect(injections).toHaveLength(2);
  });
});
