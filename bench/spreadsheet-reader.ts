// `npm run bench -- spreadsheet-reader`: what reading XLSX and XLS with SheetJS costs the apiFiles
// function (issue 19 §4; the choice is in docs/month-end.md, "The spreadsheet reader"). Micro
// bundles built with the stack's esbuild options, each imported in a fresh Node process, CPU time
// (user + system) of the import alone, median and interquartile range over the rounds:
// - an empty module (Node's floor for an import),
// - the workbook reader as deployed (SheetJS behind `await import()`, so only parsed at init),
// - the same with SheetJS imported statically (what lazy loading saves),
// and, per fixture of test/fixtures/files, the first read in a fresh process (import + parse of
// the file: what the first workbook request after a cold start pays) and a warm read.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/constructs/ledger-function';
import { BUNDLE_SETTINGS } from '../infra/stacks/bundling';
import { lambdaBuildOptions } from './bundle';

const RUNS = Number(process.env['BENCH_SPREADSHEET_RUNS'] ?? 15);
const OUT_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'fund-ledger-spreadsheet', path.basename(REPO_ROOT));
const FIXTURES = ['statement-cover-sheet.xls', 'register-cover-sheet.xls', 'register-title-row.openpyxl.xlsx', 'statement-rich-text.libreoffice.xlsx'];
const reader = path.join(REPO_ROOT, 'functions/files/read-workbook.ts');

const ENTRIES = {
  empty: 'export const ready = true;',
  'reader (lazy SheetJS, deployed)': `export { readWorkbook } from ${JSON.stringify(reader)};`,
  'SheetJS imported statically': "import { read, SSF } from '@e965/xlsx'; export const ready = [read, SSF];",
};

const bundle = async (name: string, source: string): Promise<{ file: string; bytes: number }> => {
  const dir = path.join(OUT_DIR, name.replace(/[^a-z]+/gi, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(entry, source);
  const file = path.join(dir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    ...lambdaBuildOptions,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    external: [...BUNDLE_SETTINGS.external],
    nodePaths: [path.join(REPO_ROOT, 'node_modules')],
  });
  return { file, bytes: statSync(file).size };
};

/** One fresh process: `script` runs after `import(file)`; prints JSON. */
const fresh = (file: string, script: string): Record<string, number> => {
  const code = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const c0 = cpu(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const importCpuMs = cpu() - c0; ${script}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })) as Record<string, number>;
};

const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;
const cell = (values: number[]): string => `${quantile(values, 0.5).toFixed(1)} (${quantile(values, 0.25).toFixed(1)}–${quantile(values, 0.75).toFixed(1)})`;

export default async (): Promise<void> => {
  console.log(`Node ${process.version}; ${RUNS} rounds of fresh processes; load average before ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const built = await Promise.all(Object.entries(ENTRIES).map(async ([name, source]) => ({ name, ...(await bundle(name, source)) })));
  const imports = new Map<string, number[]>(built.map((b) => [b.name, []]));
  for (let round = 0; round < RUNS; round += 1) {
    for (const b of round % 2 === 0 ? built : [...built].reverse()) imports.get(b.name)?.push(fresh(b.file, 'process.stdout.write(JSON.stringify({ importCpuMs }));').importCpuMs ?? Number.NaN);
  }
  console.log('| module | minified | import CPU ms, median (q1–q3) |\n|---|---:|---:|');
  for (const b of built) console.log(`| ${b.name} | ${(b.bytes / 1024).toFixed(1)} KB | ${cell(imports.get(b.name) ?? [])} |`);

  const deployed = built[1];
  if (deployed === undefined) return;
  console.log('\n| fixture | first read after a cold start, CPU ms (import excluded) | warm read, wall ms |\n|---|---:|---:|');
  for (const name of FIXTURES) {
    const fixture = path.join(REPO_ROOT, 'test/fixtures/files', name);
    const format = name.endsWith('.xls') ? 'xls' : 'xlsx';
    const first: number[] = [];
    const warm: number[] = [];
    for (let round = 0; round < Math.max(3, Math.floor(RUNS / 3)); round += 1) {
      const result = fresh(
        deployed.file,
        `const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(fixture)}); const c1 = cpu(); await m.readWorkbook(bytes, '${format}'); const firstCpuMs = cpu() - c1; const t = performance.now(); await m.readWorkbook(bytes, '${format}'); process.stdout.write(JSON.stringify({ firstCpuMs, warmMs: performance.now() - t }));`,
      );
      first.push(result.firstCpuMs ?? Number.NaN);
      warm.push(result.warmMs ?? Number.NaN);
    }
    console.log(`| ${name} | ${cell(first)} | ${cell(warm)} |`);
  }
  console.log(`\nload average after ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
};
