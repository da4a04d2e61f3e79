// Issue 24 §1: seals and archives per city (functions/store/city-objects.ts), on a temporary directory
// (what <DATA_DIR>/seals/ is locally): each city's objects under `<city>/`, chosen by the current
// city; the seals written before cities existed stay at the top and are liaocheng's.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withCity } from '../../../functions/shared/city-scope';
import { buildSeal, createSealStore } from '../../../functions/seal/seal';
import { cityScopedObjects } from '../../../functions/store/city-objects';
import { fileLockedObjects } from '../../../functions/store/locked-objects';

const dirs: string[] = [];
// The objects are read-only files in writable directories: rm removes them.
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'city-objects-'));
  dirs.push(dir);
  return dir;
};
const head = (streamId: string, version: number) => ({ streamId, version, lastHash: String(version).repeat(64).slice(0, 64) });
const at = new Date('2026-12-01T00:05:00Z');

describe('seals per city and day', () => {
  it("writes each city's seal under its city, and one city never reads another's", async () => {
    const dir = tempDir();
    const seals = createSealStore(cityScopedObjects(fileLockedObjects(dir)));
    await withCity('jinan', () => seals.put(buildSeal('2026-11-30', [head('fund-j', 3)], undefined, at)));
    await withCity('heze', () => seals.put(buildSeal('2026-11-30', [head('fund-h', 1)], undefined, at)));
    expect(existsSync(path.join(dir, 'jinan/2026/2026-11-30.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'heze/2026/2026-11-30.json'))).toBe(true);
    expect((await withCity('jinan', () => seals.get('2026-11-30')))?.streams.map((s) => s.streamId)).toEqual(['fund-j']);
    expect((await withCity('heze', () => seals.get('2026-11-30')))?.streams.map((s) => s.streamId)).toEqual(['fund-h']);
    expect(await withCity('liaocheng', () => seals.get('2026-11-30'))).toBeUndefined();
    expect(await withCity('jinan', () => seals.datesBetween('2026-11-01', '2026-11-30'))).toEqual(['2026-11-30']);
    expect(await withCity('zibo', () => seals.latestBefore('2026-12-31'))).toBeUndefined();
    expect(withCity('jinan', () => seals.location)).toBe(`${dir}/jinan`);
  });

  it("reads the seals of the old layout (<yyyy>/<date>.json) as liaocheng's, and chains liaocheng's next seal to them", async () => {
    const dir = tempDir();
    // Written before cities existed: no city in the key.
    const legacy = createSealStore(fileLockedObjects(dir));
    const old = buildSeal('2026-11-29', [head('fund-l', 2)], undefined, at);
    await legacy.put(old);
    const seals = createSealStore(cityScopedObjects(fileLockedObjects(dir)));
    await withCity('liaocheng', async () => {
      expect(await seals.get('2026-11-29')).toEqual(old);
      const next = buildSeal('2026-11-30', [head('fund-l', 3)], await seals.latestBefore('2026-11-30'), at);
      expect(next.previousSealDate).toBe('2026-11-29');
      expect(await seals.put(next)).toBe('written');
      expect(await seals.datesBetween('2026-11-01', '2026-11-30')).toEqual(['2026-11-29', '2026-11-30']);
    });
    expect(existsSync(path.join(dir, 'liaocheng/2026/2026-11-30.json'))).toBe(true);
    // Another city sees none of it, old or new.
    await withCity('jinan', async () => {
      expect(await seals.get('2026-11-29')).toBeUndefined();
      expect(await seals.datesBetween('2026-01-01', '2026-12-31')).toEqual([]);
      expect(await seals.latestBefore('2027-01-01')).toBeUndefined();
    });
  });

  it("an old-layout object already written stands for liaocheng: the same key is not written again under the city", async () => {
    const dir = tempDir();
    await fileLockedObjects(dir).put('2026-11/manifest.json', '{}');
    const objects = cityScopedObjects(fileLockedObjects(dir));
    await withCity('liaocheng', async () => {
      expect((await objects.get('2026-11/manifest.json'))?.toString()).toBe('{}');
      expect(await objects.list('2026-11/')).toEqual(['2026-11/manifest.json']);
    });
    await withCity('jinan', async () => {
      expect(await objects.get('2026-11/manifest.json')).toBeUndefined();
      expect(await objects.put('2026-11/manifest.json', '{"city":"jinan"}')).toBe('written');
      expect(await objects.list('')).toEqual(['2026-11/manifest.json']);
    });
    expect(existsSync(path.join(dir, 'jinan/2026-11/manifest.json'))).toBe(true);
  });
});
