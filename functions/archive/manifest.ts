// The files of a month's archive and its manifest (what docs/retention.md lists).
import * as z from 'zod';
import { RETENTION_CLASSES, type RetentionClass } from '../shared/records';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ARCHIVE_FILES = {
  events: { file: (month: string) => `events-${month}.jsonl`, retention: 'ledger', contentType: 'application/x-ndjson' },
  statements: { file: (month: string) => `bank-statements-${month}.jsonl`, retention: 'monthly', contentType: 'application/x-ndjson' },
  reconciliationReports: { file: (month: string) => `reconciliation-reports-${month}.json`, retention: 'monthly', contentType: 'application/json' },
  ledgerXlsx: { file: (month: string) => `monthly-ledger-${month}.xlsx`, retention: 'monthly', contentType: XLSX_TYPE },
} as const satisfies Record<string, { file: (month: string) => string; retention: RetentionClass; contentType: string }>;

export const manifestKey = (month: string): string => `${month}/manifest.json`;

export const archiveManifest = z.object({
  month: z.string(),
  createdAt: z.string(),
  eventCount: z.number().int().nonnegative(),
  reportCount: z.number().int().nonnegative(),
  files: z.array(
    z.object({
      name: z.enum(Object.keys(ARCHIVE_FILES) as [keyof typeof ARCHIVE_FILES, ...(keyof typeof ARCHIVE_FILES)[]]),
      key: z.string(),
      sha256: z.string(),
      bytes: z.number().int().nonnegative(),
      retention: z.enum(Object.keys(RETENTION_CLASSES) as [RetentionClass, ...RetentionClass[]]),
      retainUntil: z.string(),
    }),
  ),
  seal: z.object({ date: z.string(), root: z.string(), hash: z.string() }).nullable(),
});

export type ArchiveManifest = z.infer<typeof archiveManifest>;
