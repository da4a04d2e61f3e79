// The local audit log: whole lines, in the order the records came, each in its UTC day's file, and
// nothing lost across a stack's stop.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_KIND, type AuditRecord } from '../../../functions/api/audit';
import { AUDIT_DIR, auditFileWriter } from '../../../infra/local/audit-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (n: number, at: string): AuditRecord => ({
  kind: AUDIT_KIND,
  at,
  requestId: `r-${n}`,
  correlationId: 'c',
  who: null,
  what: { method: 'POST', path: `/v1/x/${n}`, route: 'POST /v1/x/{n}', params: { n: String(n) } },
  from: { sourceIp: '127.0.0.1', userAgent: 't' },
  // A long line, so a torn write would show.
  outcome: { status: 201, durationMs: n, problem: 'x'.repeat(20_000) },
});

describe('local audit file', () => {
  it('writes each record as one whole line in the order the records came, across a day\'s end, and again after close', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    dirs.push(dataDir);
    const write = auditFileWriter(dataDir);
    await Promise.all(Array.from({ length: 50 }, (_, n) => write(record(n, n < 30 ? '2024-05-31T23:59:59.000Z' : '2024-06-01T00:00:01.000Z'))));
    write.close();
    await write(record(50, '2024-06-01T00:00:02.000Z'));
    write.close();
    const linesOf = (file: string) => readFileSync(path.join(dataDir, AUDIT_DIR, file), 'utf8').split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as AuditRecord).requestId);
    expect(readdirSync(path.join(dataDir, AUDIT_DIR)).sort()).toEqual(['2024-05-31.jsonl', '2024-06-01.jsonl']);
    expect(linesOf('2024-05-31.jsonl')).toEqual(Array.from({ length: 30 }, (_, n) => `r-${n}`));
    expect(linesOf('2024-06-01.jsonl')).toEqual(Array.from({ length: 21 }, (_, n) => `r-${n + 30}`));
  });
});
