import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, readSecret, secretPath } from '../../../infra/local/local-auth';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fl-auth-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('local signing key', () => {
  it('is created once with mode 0600 and read back unchanged on the next start', () => {
    const dir = tempDir();
    const first = loadOrCreateSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(secretPath(dir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(dir)).toBe(first);
    expect(readSecret(dir)).toBe(first);
  });

  it('says how to fix it when the stack was never started on that directory', () => {
    expect(() => readSecret(path.join(tempDir(), 'never'))).toThrow(/npm start/);
  });
});
