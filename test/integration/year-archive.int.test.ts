// Closing a year archives its annual accounts permanently (issue 21 §4), on DynamoDB Local: the
// archive job (the archive Lambda's code; the local stack's scheduler runs the same) leaves an open
// year alone, and once every fund has closed it writes the accounts as JSON and XLSX under
// annual/<year>/ with a legal hold (the permanent class; locally <DATA_DIR>/archive/), a manifest
// naming each file's sha-256 and the seal of 31 December, and verifies them back. The JSON is the
// stored version GET /v1/reports/annual/{year} answers.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveJobDeps, archiveDepsFromEnv } from '../../functions/archive/context';
import { yearManifestKey } from '../../functions/archive/year-archive';
import { archiveJob } from '../../functions/jobs/archive-job';
import { rebuildReadModels } from '../../functions/projectors/rebuild';
import { sealDepsFromEnv } from '../../functions/seal/context';
import { sealDay } from '../../functions/seal/daily-seal';
import { sealHash } from '../../functions/seal/seal';
import { RECORDS_ENV } from '../../functions/shared/records';
import { ENV } from '../../functions/shared/tables';
import { useDynamoLocal } from '../support/dynamo';
import { type InProcessApi, startInProcessApi, storeFingerprint } from '../support/in-process-api';

const db = useDynamoLocal();
const FUNDS = ['ya-pool', 'ya-bridge'];
/** The scheduled run on 1 February 2025, 04:00 Asia/Shanghai: January 2025 and the years 2024 and 2025. */
const RUN = new Date('2025-01-31T20:00:00Z');
let dir: string;
let api: InProcessApi;
let deps: ArchiveJobDeps;
let bureau: string;
let checker: string;
let env: NodeJS.ProcessEnv;

const ok = async (answer: Promise<{ status: number; text: string }>, status = 201) => {
  const a = await answer;
  expect(a.status, a.text).toBe(status);
  return a;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'year-archive-'));
  env = { [RECORDS_ENV.dataDir]: dir, [ENV.eventsTable]: db.eventsTableName, [ENV.readTable]: db.readTableName };
  deps = archiveDepsFromEnv(env, db.client);
  api = startInProcessApi(db, () => new Date('2025-01-20T02:00:00Z'));
  bureau = await api.token('finance-bureau', [], { subject: 'maker' });
  checker = await api.token('finance-bureau', [], { subject: 'checker' });
  await ok(api.post('/v1/funds', { fundId: 'ya-pool', kind: 'risk-pool', name: '归档测试资金池', openedOn: '2024-12-01' }, bureau));
  await ok(api.post('/v1/funds', { fundId: 'ya-bridge', kind: 'bridge-fund', name: '归档测试转贷基金', openedOn: '2024-12-01' }, bureau));
  await ok(api.post('/v1/funds/ya-pool/capital-injections', { amount: '300000.00', occurredOn: '2024-12-02', source: 'city', reference: 'INJ-P' }, bureau));
  await ok(api.post('/v1/funds/ya-bridge/capital-injections', { amount: '200000.00', occurredOn: '2024-12-02', source: 'city', reference: 'INJ-B' }, bureau));
  await ok(api.post('/v1/funds/ya-pool/interest', { amount: '88.88', occurredOn: '2024-12-21', reference: 'INT-P' }, bureau));
  await rebuildReadModels({ client: db.client, eventsTableName: db.eventsTableName, readTableName: db.readTableName });
  await ok(api.post('/v1/periods/2024-12/close', { fundIds: FUNDS, overrideReason: '测试' }, bureau), 200);
});

afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const closeYear = async (fundIds: string[]): Promise<void> => {
  const held = await ok(api.post('/v1/years/2024/close', { fundIds, reason: '2024年度决算' }, bureau), 202);
  for (const { approvalId } of (JSON.parse(held.text) as { approvals: { approvalId: string }[] }).approvals) await ok(api.post(`/v1/approvals/${approvalId}/approve`, { note: '同意' }, checker), 200);
};

describe('the annual archive', () => {
  it('leaves a year alone until every fund has closed it, naming the funds still open, and writes nothing', async () => {
    await closeYear(['ya-pool']);
    const before = await storeFingerprint(db.client, [db.eventsTableName, db.readTableName]);
    expect(await archiveJob({ year: 2024 }, deps, RUN)).toEqual({ action: 'archive-year', year: 2024, status: 'open', openFunds: ['ya-bridge'] });
    // The bus's YearClosingPosted of the first fund to close names the year by its date: still open.
    expect(await archiveJob({ closedOn: '2024-12-31' }, deps, RUN)).toEqual({ action: 'archive-year', year: 2024, status: 'open', openFunds: ['ya-bridge'] });
    expect(await deps.objects.get(yearManifestKey(2024))).toBeUndefined();
    expect(await storeFingerprint(db.client, [db.eventsTableName, db.readTableName])).toBe(before);
  });

  it('archives the closed year permanently on the scheduled run: JSON and XLSX under a legal hold, the seal of 31 December named, verified', async () => {
    await closeYear(['ya-bridge']);
    // The seal of 31 December (written at 00:05 on 1 January) vouches for the events the accounts are built from.
    await sealDay({ ...sealDepsFromEnv(env, db.client), now: () => new Date('2024-12-31T16:05:00Z') }, '2024-12-31');
    const run = await archiveJob({}, deps, RUN);
    expect(run).toMatchObject({ action: 'archive', month: '2025-01', years: [{ year: 2023, status: 'no-funds' }, { year: 2024, status: 'written' }] });

    const manifest = JSON.parse(String(await deps.objects.get(yearManifestKey(2024)))) as { files: { name: string; key: string; retention: string; retainUntil: string }[]; seal: { date: string; hash: string } };
    expect(manifest.files.map((f) => [f.name, f.key, f.retention, f.retainUntil])).toEqual([
      ['json', 'annual/2024/annual-accounts-2024.json', 'annual', 'permanent'],
      ['xlsx', 'annual/2024/annual-accounts-2024.xlsx', 'annual', 'permanent'],
    ]);
    const seal = await deps.seals.get('2024-12-31');
    expect(manifest.seal).toMatchObject({ date: '2024-12-31', hash: sealHash(seal!) });
    // Locally the legal hold is a read-only file with its lock beside it.
    const jsonFile = path.join(dir, 'archive/liaocheng/annual/2024/annual-accounts-2024.json');
    expect(JSON.parse(readFileSync(`${jsonFile}.lock.json`, 'utf8'))).toEqual({ retainUntil: null, legalHold: true });

    // The archived JSON is the stored accounts the API answers for the closed year.
    const archived = JSON.parse(readFileSync(jsonFile, 'utf8')) as { status: string; funds: { fundId: string; status: string; balanceSheet: { end: { assets: string } } }[] };
    const served = await api.get('/v1/reports/annual/2024', bureau);
    expect(archived.funds).toEqual(served.body.funds);
    expect(archived.status).toBe('closed');
    // Pool: 300,000.00 + 88.88 interest = 300,088.88; bridge: 200,000.00.
    expect(archived.funds.map((f) => [f.fundId, f.status, f.balanceSheet.end.assets])).toEqual([
      ['ya-bridge', 'closed', '200000.00'],
      ['ya-pool', 'closed', '300088.88'],
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(path.join(dir, 'archive/liaocheng/annual/2024/annual-accounts-2024.xlsx')) as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBeGreaterThan(0);

    expect(await archiveJob({ verifyYear: 2024 }, deps, RUN)).toEqual({ action: 'verify-year', year: 2024, ok: true, problems: [] });
    // Once written, a later run finds it there and writes nothing more.
    expect(await archiveJob({ year: 2024 }, deps, RUN)).toEqual({ action: 'archive-year', year: 2024, status: 'exists' });
    expect(await archiveJob({ closedOn: '2024-12-31' }, deps, RUN)).toEqual({ action: 'archive-year', year: 2024, status: 'exists' });
  });

  it('catches a file changed behind the lock', async () => {
    const jsonFile = path.join(dir, 'archive/liaocheng/annual/2024/annual-accounts-2024.json');
    chmodSync(jsonFile, 0o644);
    writeFileSync(jsonFile, '{}\n');
    expect(await archiveJob({ verifyYear: 2024 }, deps, RUN)).toEqual({ action: 'verify-year', year: 2024, ok: false, problems: ['annual/2024/annual-accounts-2024.json does not match its sha-256 in the manifest'] });
  });
});
