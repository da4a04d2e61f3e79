import { mkdtempSync, rmSync, chmodSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveYear, verifyYearArchive, yearManifestKey } from '../../../functions/archive/year-archive';
import type { Seal } from '../../../functions/seal/seal';
import { fileLockedObjects } from '../../../functions/store/locked-objects';
import { yearsToArchive } from '../../../functions/jobs/archive-job';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    const chmodAll = (d: string): void => {
      chmodSync(d, 0o755);
      for (const e of readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? chmodAll : (f: string) => chmodSync(f, 0o644))(path.join(d, e.name));
    };
    chmodAll(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

const seal: Seal = { date: '2024-12-31', sealedAt: '2025-01-01T00:05:00.000Z', streams: [], root: 'r'.repeat(64), previous: null } as unknown as Seal;
const seals = { get: async (date: string) => (date === seal.date ? seal : undefined), latestBefore: async () => undefined };
const report = {
  year: 2024,
  status: 'closed',
  statusZh: '已结账',
  funds: [],
  total: { balanceSheet: { start: { assets: '0.00', liabilities: '0.00', netAssets: '0.00' }, end: { assets: '0.00', liabilities: '0.00', netAssets: '0.00' } } },
  indicators: {},
};

describe('the annual archive', () => {
  it('keeps a closed year permanently (legal hold), once, and verifies it against the seal of 31 December', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'year-archive-'));
    dirs.push(dir);
    const objects = fileLockedObjects(dir);
    const first = await archiveYear({ objects, seals }, 2024, report, new Uint8Array([37, 80, 68, 70]));
    expect(first.status).toBe('written');
    expect(first.manifest.files.map((f) => [f.name, f.retainUntil])).toEqual([['json', 'permanent'], ['xlsx', 'permanent'], ['pdf', 'permanent']]);
    expect(first.manifest.seal?.date).toBe('2024-12-31');
    expect((await archiveYear({ objects, seals }, 2024, report)).status).toBe('exists');
    expect(await verifyYearArchive(objects, seals, 2024)).toEqual({ year: 2024, ok: true, problems: [] });
    // A file changed behind the lock no longer matches its manifest.
    const file = path.join(dir, 'annual/2024/annual-accounts-2024.json');
    chmodSync(file, 0o644);
    writeFileSync(file, '{}\n');
    expect((await verifyYearArchive(objects, seals, 2024)).problems).toEqual(['annual/2024/annual-accounts-2024.json does not match its sha-256 in the manifest']);
    expect(yearManifestKey(2024)).toBe('annual/2024/manifest.json');
  });

  it('refuses to archive a year that is not closed for every fund', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'year-archive-'));
    dirs.push(dir);
    await expect(archiveYear({ objects: fileLockedObjects(dir), seals }, 2024, { ...report, status: 'draft' })).rejects.toThrow(/not closed/);
  });

  it('looks at the last two years that have ended: on 1 January the year just ended, later in the year the one before', () => {
    // 04:00 Asia/Shanghai on the 1st is 20:00 UTC the day before.
    expect(yearsToArchive(new Date('2024-12-31T20:00:00Z'))).toEqual([2023, 2024]);
    expect(yearsToArchive(new Date('2025-01-31T20:00:00Z'))).toEqual([2023, 2024]);
    expect(yearsToArchive(new Date('2025-11-30T20:00:00Z'))).toEqual([2023, 2024]);
  });
});
