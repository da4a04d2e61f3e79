// Masking personal data in logs (issue 23 §3; GB/T 22239-2019 8.1.4.11 个人信息保护): the one rule,
// the shapes found in free text, the keys masked whole, and the loggers that apply it.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../functions/api/app';
import type { AuditRecord } from '../../functions/api/audit';
import type { ApiDeps } from '../../functions/api/deps';
import { defineRoute } from '../../functions/api/route';
import { createRouter } from '../../functions/api/router';
import { ledgerLogger } from '../../functions/shared/ledger-logger';
import { maskForLog, maskPersonalData, maskText, maskValue } from '../../functions/shared/personal-data';

const CODE = '91371500MA3C5X7Y0E';
const FIRM = '聊城恒信科技有限公司';
const ID_NUMBER = '37150219900101123X';

/** What `work` printed (Powertools writes INFO to stdout, WARN and ERROR to stderr). */
const printed = async (work: () => void | Promise<void>): Promise<string> => {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.join('');
};

afterEach(() => vi.restoreAllMocks());

describe('masking personal data', () => {
  it('keeps min(4, ⌊n/4⌋) characters at each end and stars the middle', () => {
    // 18 characters: 4 + 10 stars + 4
    expect(maskValue(CODE)).toBe('9137**********7Y0E');
    // 10 characters: 2 + 6 stars + 2
    expect(maskValue(FIRM)).toBe('聊城******公司');
    // 11 digits: 2 + 7 stars + 2
    expect(maskValue('13812345678')).toBe('13*******78');
    // A two-character personal name keeps nothing.
    expect(maskValue('张三')).toBe('**');
  });

  it('finds credit codes, ID numbers, mobile numbers and firm names in free text', () => {
    const text = maskText(`borrower ${FIRM} (${CODE}), guarantor ID ${ID_NUMBER}, tel 13812345678: over the limit`);
    for (const secret of [FIRM, CODE, ID_NUMBER, '13812345678']) expect(text).not.toContain(secret);
    expect(text).toContain('9137**********7Y0E');
    expect(text).toContain('over the limit');
  });

  it('leaves ids, hashes, amounts, dates and request ids alone', () => {
    const text = 'fund pool1 guarantee-pool1:g1 v3 hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 amount 12500000.00 on 2024-03-05 request 0b4c7f5e-1d2a-4e0b-9a57-3f1c2d4e5f60';
    expect(maskText(text)).toBe(text);
  });

  it('masks a borrower or firm object and a creditCode field whole, by key', () => {
    const line = JSON.parse(JSON.stringify({ borrower: { name: '张三', creditCode: CODE, category: 'micro' }, firm: { name: 'ABC' }, creditCode: CODE, fundId: 'pool1' }, maskPersonalData)) as Record<string, Record<string, string>>;
    expect(line.borrower).toEqual({ name: '**', creditCode: '9137**********7Y0E', category: 'm***o' });
    expect(line.firm).toEqual({ name: '***' });
    expect(line.creditCode).toBe('9137**********7Y0E');
    expect(line.fundId).toBe('pool1');
    expect(maskForLog(new Error(`refused ${FIRM}`))).not.toContain(FIRM);
  });

  it('masks what a Powertools logger prints: message, extra keys and a logged error with its stack', async () => {
    const logger = ledgerLogger({ serviceName: 'test', logLevel: 'INFO' });
    const out = await printed(() => {
      logger.error(`could not project ${CODE}`, { borrower: { name: FIRM, creditCode: CODE }, error: new Error(`bad borrower ${FIRM} ${CODE}`) });
    });
    expect(out).toContain('"level":"ERROR"');
    expect(out).toContain('9137**********7Y0E');
    expect(out).not.toContain(FIRM);
    expect(out).not.toContain(CODE);
  });
});

describe('an unhandled error that echoes input', () => {
  it('is logged masked, and audited as internal without the message', async () => {
    const route = defineRoute({
      method: 'POST',
      path: '/v1/things',
      summary: '',
      tag: 't',
      roles: ['finance-bureau'],
      successStatus: 201,
      handler: async () => Promise.reject(new Error(`cannot read ${FIRM} ${CODE}`)),
    });
    const audited: AuditRecord[] = [];
    const app = createApp({
      router: createRouter([route]),
      verify: async () => ({ subject: 'u1', roles: ['finance-bureau'], funds: [], city: 'liaocheng' as const }),
      deps: async () => ({}) as ApiDeps,
      logger: ledgerLogger({ serviceName: 'test', logLevel: 'INFO' }),
      audit: async (record) => {
        audited.push(record);
      },
    });
    const event = {
      rawPath: '/v1/things',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ borrower: { name: FIRM, creditCode: CODE } }),
      isBase64Encoded: false,
      requestContext: { requestId: 'req-1', http: { method: 'POST', sourceIp: '10.0.0.8', userAgent: 'ua' } },
    } as unknown as APIGatewayProxyEventV2;
    let status: number | undefined;
    const out = await printed(async () => {
      status = (await app(event)).statusCode;
    });
    expect(status).toBe(500);
    expect(out).toContain('unhandled error');
    expect(out).not.toContain(FIRM);
    expect(out).not.toContain(CODE);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ who: { subject: 'u1' }, what: { command: 'postV1Things', idempotencyKey: 'k1' }, from: { sourceIp: '10.0.0.8', userAgent: 'ua' }, outcome: { status: 500, problem: 'internal' } });
    expect(JSON.stringify(audited)).not.toContain(FIRM);
  });
});
