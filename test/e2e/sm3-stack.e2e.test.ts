// The local stack started with hashAlgorithm sm3 (what `HASH_ALGORITHM=sm3 npm start` does): commands
// sent over HTTP are stored with SM3 links, the events route names the algorithm, and the chain
// verifies (issue 23 §2).
import { describe, expect, it } from 'vitest';
import { digestHex } from '../../functions/store/hash-algorithm';
import { canonicalJson } from '../../functions/store/canonical-json';
import { client, useLocalStack } from './api-support';

const local = useLocalStack({ eventFlow: false, hashAlgorithm: 'sm3' });
const http = client(() => local.stack);

describe('a local stack set to sm3', () => {
  it('stores, answers and verifies the events of HTTP commands with SM3', async () => {
    const bureau = await http.token('finance-bureau');
    expect((await http.post('/v1/funds', { fundId: 'sm3-pool', kind: 'risk-pool', name: '风险补偿资金池', openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);
    expect((await http.post('/v1/funds/sm3-pool/capital-injections', { amount: '10000000.00', occurredOn: '2024-01-15', source: 'city', reference: 'LCCZ-1' }, { token: bureau })).status).toBe(201);
    const events = await http.get('/v1/funds/sm3-pool/events', { token: bureau });
    expect(events.status).toBe(200);
    const items = events.body.items as { prevHash: string; hash: string; hashAlgorithm: string; voucherNo: string | null; [field: string]: unknown }[];
    expect(items.map((item) => item.hashAlgorithm)).toEqual(['sm3', 'sm3']);
    // What an auditor can do from the answer alone: recompute the second link with SM3.
    const { prevHash, hash, voucherNo, ...content } = items[1]!;
    expect(hash).toBe(digestHex('sm3', prevHash + canonicalJson({ ...content, ...(voucherNo === null ? {} : { voucherNo }) })));
    expect(await local.stack.deps.store.verifyStream('fund-sm3-pool')).toEqual({ ok: true, streamId: 'fund-sm3-pool', version: 2 });
  });
});
