// The local stack's audit log: each request's record (functions/api/audit.ts) appended as one JSON
// line to <DATA_DIR>/audit/YYYY-MM-DD.jsonl (the UTC day of the record). Files are only ever opened
// for appending (O_APPEND) and written one whole line at a time, in order; nothing here rewrites or
// deletes them. Personal data is masked on the way out, as in every log.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AuditWriter } from '../../functions/api/audit';
import { maskPersonalData } from '../../functions/shared/personal-data';

export const AUDIT_DIR = 'audit';

/** The file a record of `at` (ISO instant) goes to. */
export const auditFileOf = (dataDir: string, at: string): string => path.join(dataDir, AUDIT_DIR, `${at.slice(0, 10)}.jsonl`);

export const auditFileWriter = (dataDir: string): AuditWriter => {
  let ready: Promise<unknown> | undefined;
  // One write at a time: concurrent requests' lines never interleave and keep their order.
  let queue: Promise<void> = Promise.resolve();
  return (record) => {
    ready ??= mkdir(path.join(dataDir, AUDIT_DIR), { recursive: true, mode: 0o750 });
    const line = `${JSON.stringify(record, maskPersonalData)}\n`;
    const write = queue.then(async () => {
      await ready;
      await appendFile(auditFileOf(dataDir, record.at), line, { flag: 'a', mode: 0o640 });
    });
    queue = write.catch(() => undefined);
    return write;
  };
};
