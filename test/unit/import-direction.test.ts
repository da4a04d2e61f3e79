// DESIGN §1: imports point one way, infra → functions → domain → events. This test reads every
// TypeScript file's import specifiers and fails on one that points back up the chain.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const LAYERS = ['events', 'domain', 'functions', 'infra'] as const;

const tsFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

const IMPORT_SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The layer a repository path belongs to, or undefined outside the four layers. */
const layerOf = (path: string): number => LAYERS.findIndex((layer) => path === layer || path.startsWith(`${layer}/`));

const backwardImports = (file: string, source: string): string[] => {
  const from = layerOf(file);
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[1] ?? match[2];
    if (!specifier?.startsWith('.')) continue;
    const target = relative(root, resolve(root, dirname(file), specifier));
    const to = layerOf(target);
    if (to > from) found.push(`${file} imports ${target}`);
  }
  return found;
};

describe('import direction', () => {
  it('finds a backward import when one is written', () => {
    expect(backwardImports('functions/store/x.ts', "import { A } from '../../infra/constructs/y';")).toEqual([
      'functions/store/x.ts imports infra/constructs/y',
    ]);
    expect(backwardImports('domain/x.ts', "const m = await import('../functions/api/app');")).toHaveLength(1);
    expect(backwardImports('infra/x.ts', "import { A } from '../functions/shared/tables';")).toEqual([]);
  });

  it('has no import from events/, domain/ or functions/ into a later layer', () => {
    const offenders = LAYERS.slice(0, 3).flatMap((layer) =>
      tsFiles(layer).flatMap((file) => backwardImports(file, readFileSync(join(root, file), 'utf8'))),
    );
    expect(offenders).toEqual([]);
  });
});
