// The local stack's audit log: each request's record (functions/api/audit.ts) appended as one JSON
// line to <DATA_DIR>/audit/YYYY-MM-DD.jsonl (the UTC day of the record). Files are only ever opened
// for appending (O_APPEND) and written one whole line at a time, in order; nothing here rewrites or
// deletes them. Personal data is masked on the way out, as in every log.
//
// The line is written synchronously, to a file kept open: a line into the page cache takes
// microseconds, where an asynchronous append (open, write, close, each a thread-pool round trip that
// waits for the event loop) held every answer 8 ms at the median under the demo's load (docs/demo.md).
// One synchronous write per record also keeps concurrent requests' lines whole and in order.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AuditWriter } from '../../functions/api/audit';
import { maskPersonalData } from '../../functions/shared/personal-data';

export const AUDIT_DIR = 'audit';

/** The file a record of `at` (ISO instant) goes to. */
export const auditFileOf = (dataDir: string, at: string): string => path.join(dataDir, AUDIT_DIR, `${at.slice(0, 10)}.jsonl`);

/** The writer, and close() for when the stack stops (after its HTTP server, so no request is left to record). */
export const auditFileWriter = (dataDir: string): AuditWriter & { close(): void } => {
  // The day's file, open for appending until a record of another day comes.
  let open: { file: string; fd: number } | undefined;
  const fdOf = (file: string): number => {
    if (open?.file === file) return open.fd;
    if (open !== undefined) closeSync(open.fd);
    open = undefined;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
    open = { file, fd: openSync(file, 'a', 0o640) };
    return open.fd;
  };
  const write = async (record: Parameters<AuditWriter>[0]): Promise<void> => {
    const line = Buffer.from(`${JSON.stringify(record, maskPersonalData)}\n`, 'utf8');
    const fd = fdOf(auditFileOf(dataDir, record.at));
    // A regular file takes the whole buffer in one write; the loop is for the rare short write.
    for (let written = 0; written < line.length; ) written += writeSync(fd, line, written, line.length - written);
  };
  return Object.assign(write, {
    close: () => {
      if (open !== undefined) closeSync(open.fd);
      open = undefined;
    },
  });
};
