// The cloud's audit writer: one JSON line per request on stdout (Lambda sends it to the API
// function's log group, the audit log of infra/constructs/audit-log.ts), never silenced by the
// function's log level, with personal data masked like every other line.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../../functions/api/audit';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

const record: AuditRecord = {
  kind: 'api-audit',
  at: '2026-12-07T08:00:00.000Z',
  requestId: 'r1',
  correlationId: 'c1',
  who: { subject: 'u1', roles: ['fund-manager'], funds: ['pool1'], city: 'liaocheng', actingRole: 'fund-manager' },
  what: { method: 'POST', path: '/v1/funds/pool1/guarantees', route: 'POST /v1/funds/{fundId}/guarantees', params: { fundId: 'pool1' }, command: 'postV1FundsFundIdGuarantees', idempotencyKey: 'k1' },
  from: { sourceIp: '10.1.2.3', userAgent: 'ua' },
  outcome: { status: 201, durationMs: 12, appended: [{ streamId: 'guarantee-pool1:g1', events: [{ version: 1, type: 'GuaranteeIssued' }] }] },
};

describe('the cloud audit writer', () => {
  it('writes one INFO line "api-audit" carrying the whole record, even when POWERTOOLS_LOG_LEVEL is ERROR', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const { logAuditWriter } = await import('../../../functions/api/audit-log-writer');
    await logAuditWriter(record);
    const written = lines.join('').trim().split('\n');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] ?? '{}')).toMatchObject({ level: 'INFO', message: 'api-audit', audit: record });
  });
});
