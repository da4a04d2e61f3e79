// The API's audit log on the local stack (issue 23 §3, 等保 2.0 8.1.4.3 安全审计): every request —
// accepted, refused, unauthenticated — leaves one JSON line in <DATA_DIR>/audit/YYYY-MM-DD.jsonl
// saying who, what, when, from where and the outcome, and neither that file nor the stack's log
// output carries a borrower's name or credit code unmasked (8.1.4.11 个人信息保护).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../functions/api/audit';
import { maskValue } from '../../functions/shared/personal-data';
import { AUDIT_DIR } from '../../infra/local/audit-file';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { BAD_CHECK_CREDIT_CODE, client, CREDIT_CODE } from './api-support';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fund-ledger-audit-'));
let stack: LocalStack | undefined;
const logged: string[] = [];
const http = client(() => {
  if (stack === undefined) throw new Error('stack not started');
  return stack;
});

const BORROWER = '聊城恒信农机专业合作社';

beforeAll(async () => {
  // Everything the stack prints (INFO on stdout, errors on stderr), to look for personal data in it.
  const capture = (chunk: string | Uint8Array): boolean => {
    logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  stack = await startLocalStack({ dataDir, eventFlow: false, logLevel: 'INFO' });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

const auditText = (): string =>
  readdirSync(path.join(dataDir, AUDIT_DIR))
    .map((file) => readFileSync(path.join(dataDir, AUDIT_DIR, file), 'utf8'))
    .join('');
const records = (): AuditRecord[] =>
  auditText()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
/** The record of the request whose answer carried `requestId` (written before the answer left). */
const recordOf = (requestId: string | null): AuditRecord => {
  const found = records().find((r) => r.requestId === requestId);
  if (found === undefined) throw new Error(`no audit record for request ${requestId}`);
  return found;
};

const guarantee = (guaranteeId: string, creditCode: string) => ({
  guaranteeId,
  agency: '聊城市融资担保有限公司',
  borrower: { name: BORROWER, creditCode, category: 'agri', county: 'chiping' },
  lender: '聊城农商银行',
  principal: '5000000.00',
  feeRateBps: 100,
  startsOn: '2024-03-02',
  maturesOn: '2025-03-01',
});

describe('API audit log (local stack)', () => {
  it('records who, what, when, from where and the events a command appended, under its Idempotency-Key', async () => {
    const bureau = await http.token('finance-bureau');
    expect((await http.post('/v1/funds', { fundId: 'audit1', kind: 'risk-pool', name: '审计测试资金池', openedOn: '2024-01-01' }, { token: bureau })).status).toBe(201);
    const manager = await http.token('fund-manager', 'audit1');
    const key = randomUUID();
    const before = Date.now();
    const issued = await http.post('/v1/funds/audit1/guarantees', guarantee('ga1', CREDIT_CODE), { token: manager, key, headers: { 'user-agent': 'audit-e2e/1.0' } });
    expect(issued.status).toBe(201);

    const record = recordOf(issued.headers.get('x-request-id'));
    expect(record).toMatchObject({
      kind: 'api-audit',
      correlationId: issued.headers.get('x-correlation-id'),
      who: { subject: 'local-fund-manager', roles: ['fund-manager'], funds: ['audit1'], actingRole: 'fund-manager' },
      what: {
        method: 'POST',
        path: '/v1/funds/audit1/guarantees',
        route: 'POST /v1/funds/{fundId}/guarantees',
        params: { fundId: 'audit1' },
        command: 'postV1FundsFundIdGuarantees',
        idempotencyKey: key,
      },
      from: { sourceIp: expect.stringMatching(/127\.0\.0\.1/), userAgent: 'audit-e2e/1.0' },
      outcome: { status: 201, appended: [{ streamId: 'guarantee-audit1:ga1', events: [{ version: 1, type: 'GuaranteeIssued' }] }] },
    });
    expect(Date.parse(record.at)).toBeGreaterThanOrEqual(before - 1_000);
    expect(record.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(readdirSync(path.join(dataDir, AUDIT_DIR))).toContain(`${record.at.slice(0, 10)}.jsonl`);

    // The same key again: the first answer, nothing appended, and the log says so.
    const again = await http.post('/v1/funds/audit1/guarantees', guarantee('ga1', CREDIT_CODE), { token: manager, key });
    expect(again.status).toBe(201);
    expect(recordOf(again.headers.get('x-request-id')).outcome).toEqual({ status: 201, durationMs: expect.any(Number), replayed: true });
  });

  it('records refusals with their problem type and no appended events: bad input, a business rule, a wrong fund, no token', async () => {
    const manager = await http.token('fund-manager', 'audit1');
    const badCode = await http.post('/v1/funds/audit1/guarantees', guarantee('ga2', BAD_CHECK_CREDIT_CODE), { token: manager });
    expect(badCode.status).toBe(400);
    // The same guarantee id again under another key: the domain refuses it.
    const duplicate = await http.post('/v1/funds/audit1/guarantees', guarantee('ga1', CREDIT_CODE), { token: manager });
    expect(duplicate.status).toBeGreaterThanOrEqual(400);
    const otherFund = await http.post('/v1/funds/other/guarantees', guarantee('ga3', CREDIT_CODE), { token: manager });
    expect(otherFund.status).toBe(403);
    const anonymous = await http.get('/v1/funds');
    expect(anonymous.status).toBe(401);

    expect(recordOf(badCode.headers.get('x-request-id')).outcome).toMatchObject({ status: 400, problem: 'validation' });
    const refused = recordOf(duplicate.headers.get('x-request-id'));
    expect(refused.outcome.problem).toBe((duplicate.body.type as string).split('/').at(-1));
    expect(refused.outcome.appended).toBeUndefined();
    expect(recordOf(otherFund.headers.get('x-request-id'))).toMatchObject({ who: { subject: 'local-fund-manager', funds: ['audit1'] }, outcome: { status: 403, problem: 'forbidden' } });
    expect(recordOf(anonymous.headers.get('x-request-id'))).toMatchObject({ who: null, what: { method: 'GET', route: 'GET /v1/funds' }, outcome: { status: 401, problem: 'unauthorized' } });
  });

  it('keeps the borrower name and credit code out of the audit file and the log output, unmasked', async () => {
    // Every request of the file so far sent them; each left its line before its answer.
    expect(records().length).toBeGreaterThanOrEqual(7);
    const written = `${auditText()}\n${logged.join('')}`;
    expect(logged.join('')).toContain('"message":"request"');
    for (const secret of [BORROWER, CREDIT_CODE, BAD_CHECK_CREDIT_CODE, CREDIT_CODE.slice(4, 14)]) expect(written).not.toContain(secret);
    expect(maskValue(CREDIT_CODE)).toBe('9137**********7Y0E');
  });
});
