// The monthly archive export (issue 15 §4): the month's events (the vouchers and ledger entries),
// its bank statements, its reconciliation reports (余额调节表) and the monthly 台账 in XLSX, written
// once to write-once storage with the retention the law requires for each (functions/shared/records.ts),
// plus a manifest naming every file's sha-256 and the seal that vouches for the events.
import { createHash } from 'node:crypto';
import { yearOf } from '../../domain/dates';
import { fundMonthReport, type FundMonthReport } from '../month-end/report-schema';
import { monthlyReportXlsx } from '../month-end/monthly-report';
import { NO_JOURNAL, readMonthJournal } from '../month-end/month-journal';
import type { ReadModelQueries } from '../store/read-models/queries';
import { lastDayOf } from '../month-end/reconcile';
import type { SealStore } from '../seal/seal';
import { sealHash } from '../seal/seal';
import { type RetentionClass, retainUntil } from '../shared/records';
import type { EventStore } from '../store/event-store';
import type { LockedObjects, LockOptions } from '../store/locked-objects';
import type { ReconciliationReports } from '../store/reconciliation-reports';
import type { StoredEvent } from '../store/types';
import { fundStandardsOn } from '../year-end/fund-standards';
import { type ArchiveManifest, ARCHIVE_FILES, archiveManifest, manifestKey } from './manifest';

export interface ArchiveDeps {
  store: Pick<EventStore, 'readMonth'>;
  reports: Pick<ReconciliationReports, 'listMonth'>;
  /** The journal read model, for the 台账's 明细账 sheets; without it they hold opening and closing balances only. */
  journal?: Pick<ReadModelQueries, 'listJournal'>;
  seals: Pick<SealStore, 'get' | 'latestBefore'>;
  objects: LockedObjects;
  /** The policy stream, for the accounting standard each fund reports under (the 台账's standard columns); kind defaults without it. */
  policy?: Pick<EventStore, 'readHead' | 'readStream'>;
  now?: () => Date;
}

export interface ArchiveResult {
  month: string;
  status: 'written' | 'exists';
  files: ArchiveManifest['files'];
  seal: ArchiveManifest['seal'];
}

const STATEMENT_TYPE = 'BankStatementRecorded';

const byStreamAndVersion = (a: StoredEvent, b: StoredEvent): number =>
  a.streamId === b.streamId ? a.version - b.version : a.streamId < b.streamId ? -1 : 1;

const jsonLines = (values: readonly unknown[]): string => values.map((value) => `${JSON.stringify(value)}\n`).join('');

export const sha256Of = (body: string | Uint8Array): string => createHash('sha256').update(body).digest('hex');

const lockFor = (retention: RetentionClass, month: string): LockOptions => {
  const until = retainUntil(retention, yearOf(`${month}-01`));
  return until === 'permanent' ? { legalHold: true } : { retainUntil: until };
};

export const archiveMonth = async (deps: ArchiveDeps, month: string): Promise<ArchiveResult> => {
  const existing = await deps.objects.get(manifestKey(month));
  if (existing !== undefined) {
    const manifest = archiveManifest.parse(JSON.parse(existing.toString('utf8')));
    return { month, status: 'exists', files: manifest.files, seal: manifest.seal };
  }
  const events: StoredEvent[] = [];
  for await (const event of deps.store.readMonth(month)) events.push(event);
  events.sort(byStreamAndVersion);
  const reports: FundMonthReport[] = await deps.reports.listMonth(month);

  const bodies: Record<keyof typeof ARCHIVE_FILES, string | Uint8Array> = {
    events: jsonLines(events),
    statements: jsonLines(events.filter((event) => event.type === STATEMENT_TYPE)),
    reconciliationReports: `${JSON.stringify(reports.map((report) => fundMonthReport.encode(report)), null, 1)}\n`,
    ledgerXlsx: await monthlyReportXlsx(
      month,
      reports,
      deps.journal === undefined ? NO_JOURNAL : await readMonthJournal(deps.journal, reports.map((r) => r.fundId), month),
      deps.policy === undefined ? undefined : await fundStandardsOn(deps.policy, lastDayOf(month)),
    ),
  };

  // The seal of the month's last day (written at 00:05 on the 1st) vouches for every event the month holds.
  const lastDay = lastDayOf(month);
  const seal = (await deps.seals.get(lastDay)) ?? (await deps.seals.latestBefore(lastDay));
  const files: ArchiveManifest['files'] = [];
  for (const [name, spec] of Object.entries(ARCHIVE_FILES) as [keyof typeof ARCHIVE_FILES, (typeof ARCHIVE_FILES)[keyof typeof ARCHIVE_FILES]][]) {
    const body = bodies[name];
    const key = `${month}/${spec.file(month)}`;
    const lock = lockFor(spec.retention, month);
    await deps.objects.put(key, body, { ...lock, contentType: spec.contentType });
    files.push({ name, key, sha256: sha256Of(body), bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength, retention: spec.retention, retainUntil: lock.retainUntil?.toISOString() ?? 'permanent' });
  }
  const manifest: ArchiveManifest = {
    month,
    createdAt: (deps.now ?? (() => new Date()))().toISOString(),
    eventCount: events.length,
    reportCount: reports.length,
    files,
    seal: seal === undefined ? null : { date: seal.date, root: seal.root, hash: sealHash(seal) },
  };
  // The manifest last, so an archive with a manifest is complete; it is kept as long as the longest file.
  const status = await deps.objects.put(manifestKey(month), `${JSON.stringify(manifest, null, 1)}\n`, { ...lockFor('ledger', month), contentType: 'application/json' });
  return { month, status, files, seal: manifest.seal };
};
