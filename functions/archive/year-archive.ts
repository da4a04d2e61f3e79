// The annual accounts kept forever (issue 21 §4): a closed year's accounts as JSON and XLSX (and the
// printed PDF when one is given) written once to write-once storage under the permanent retention
// class (年度财务会计报告, an S3 legal hold; locally <DATA_DIR>/archive/), with a manifest naming each
// file's sha-256 and the seal of 31 December, which vouches for the events the accounts were built
// from. verifyYearArchive reads it back: every file matches its sha-256 and the named seal is unchanged.
import { shanghaiToday } from '../../domain/dates';
import { streamIds } from '../../events/stream-ids';
import { knownFunds } from '../month-end/coverage';
import type { SealStore } from '../seal/seal';
import { sealHash } from '../seal/seal';
import type { LockedObjects } from '../store/locked-objects';
import type { JsonObject } from '../store/types';
import { annualReportXlsx } from '../year-end/annual-files';
import { annualReport, type AnnualReportDeps } from '../year-end/annual-report';
import { sha256Of } from './month-archive';
import { XLSX_TYPE } from './manifest';

export const yearManifestKey = (year: number): string => `annual/${year}/manifest.json`;

export interface YearArchiveFile {
  name: 'json' | 'xlsx' | 'pdf';
  key: string;
  sha256: string;
  bytes: number;
  retention: 'annual';
  retainUntil: 'permanent';
}

export interface YearArchiveManifest {
  year: number;
  createdAt: string;
  files: YearArchiveFile[];
  seal: { date: string; root: string; hash: string } | null;
}

/** Archives a closed year's accounts once; a second call answers what the first wrote. */
export async function archiveYear(
  deps: { objects: LockedObjects; seals: Pick<SealStore, 'get' | 'latestBefore'>; now?: () => Date },
  year: number,
  report: JsonObject,
  pdf?: Uint8Array,
): Promise<{ status: 'written' | 'exists'; manifest: YearArchiveManifest }> {
  const existing = await deps.objects.get(yearManifestKey(year));
  if (existing !== undefined) return { status: 'exists', manifest: JSON.parse(existing.toString('utf8')) as YearArchiveManifest };
  if (report.status !== 'closed') throw new Error(`cannot archive ${year}: the year is not closed for every fund`);
  const bodies: [YearArchiveFile['name'], string, string | Uint8Array, string][] = [
    ['json', `annual/${year}/annual-accounts-${year}.json`, `${JSON.stringify(report, null, 1)}\n`, 'application/json'],
    ['xlsx', `annual/${year}/annual-accounts-${year}.xlsx`, await annualReportXlsx(report), XLSX_TYPE],
    ...(pdf === undefined ? [] : [['pdf', `annual/${year}/annual-accounts-${year}.pdf`, pdf, 'application/pdf'] as [YearArchiveFile['name'], string, Uint8Array, string]]),
  ];
  const files: YearArchiveFile[] = [];
  for (const [name, key, body, contentType] of bodies) {
    await deps.objects.put(key, body, { legalHold: true, contentType });
    files.push({ name, key, sha256: sha256Of(body), bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength, retention: 'annual', retainUntil: 'permanent' });
  }
  const lastDay = `${year}-12-31`;
  const seal = (await deps.seals.get(lastDay)) ?? (await deps.seals.latestBefore(lastDay));
  const manifest: YearArchiveManifest = {
    year,
    createdAt: (deps.now ?? (() => new Date()))().toISOString(),
    files,
    seal: seal === undefined ? null : { date: seal.date, root: seal.root, hash: sealHash(seal) },
  };
  // The manifest last, so an archive with a manifest is complete.
  const status = await deps.objects.put(yearManifestKey(year), `${JSON.stringify(manifest, null, 1)}\n`, { legalHold: true, contentType: 'application/json' });
  return { status, manifest };
}

export async function verifyYearArchive(objects: LockedObjects, seals: Pick<SealStore, 'get'>, year: number): Promise<{ year: number; ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  const body = await objects.get(yearManifestKey(year));
  if (body === undefined) return { year, ok: false, problems: [`no annual archive manifest for ${year}`] };
  const manifest = JSON.parse(body.toString('utf8')) as YearArchiveManifest;
  for (const file of manifest.files) {
    const stored = await objects.get(file.key);
    if (stored === undefined) problems.push(`${file.key} is missing`);
    else if (sha256Of(stored) !== file.sha256) problems.push(`${file.key} does not match its sha-256 in the manifest`);
  }
  if (manifest.seal !== null) {
    const seal = await seals.get(manifest.seal.date);
    if (seal === undefined) problems.push(`the seal of ${manifest.seal.date} is missing`);
    else if (sealHash(seal) !== manifest.seal.hash) problems.push(`the seal of ${manifest.seal.date} is not the one the manifest names`);
  }
  return { year, ok: problems.length === 0, problems };
}

export interface ClosedYearArchiveDeps extends AnnualReportDeps {
  objects: LockedObjects;
  seals: Pick<SealStore, 'get' | 'latestBefore'>;
  now?: () => Date;
}

export type YearArchiveOutcome = { year: number; status: 'written' | 'exists' | 'no-funds' } | { year: number; status: 'open'; openFunds: string[] };

/**
 * Archives a year once every fund whose books were open by 31 December has closed it (the annual
 * accounts then are what the store keeps for the year, ANNUAL#<year>). Cheap until then: one
 * manifest read, then one head read per fund; the accounts are built only for a year to archive.
 */
export async function archiveClosedYear(deps: ClosedYearArchiveDeps, year: number): Promise<YearArchiveOutcome> {
  if ((await deps.objects.get(yearManifestKey(year))) !== undefined) return { year, status: 'exists' };
  const funds = [...(await knownFunds(deps.store, deps.queries))].filter(([, f]) => f.openedOn <= `${year}-12-31`).map(([fundId]) => fundId);
  const heads = await Promise.all(funds.map((fundId) => deps.store.readHead(streamIds.year(fundId, year))));
  const openFunds = funds.filter((_, i) => heads[i] === undefined).sort();
  if (funds.length === 0) return { year, status: 'no-funds' };
  if (openFunds.length > 0) return { year, status: 'open', openFunds };
  const now = (deps.now ?? (() => new Date()))();
  const report = await annualReport(deps, year, shanghaiToday(now));
  const { status } = await archiveYear({ objects: deps.objects, seals: deps.seals, now: () => now }, year, report);
  return { year, status };
}
