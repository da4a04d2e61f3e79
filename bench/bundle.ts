// `npm run bench -- bundle`: bundles every function entry exactly as the stack does (esbuild,
// options from infra/stacks/bundling.ts), prints the minified size, and measures cold-start
// initialisation = the time to import the bundle in a fresh Node process (median of 5). Where a
// function is over the goal (≤ 300 KB, ≤ 150 ms) it names the dependencies that dominate, from
// esbuild's metafile.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { REPO_ROOT } from '../infra/constructs/ledger-function';
import { FUNCTIONS, type FunctionName } from '../functions/shared/functions';
import { BUNDLE_SETTINGS, ESM_REQUIRE_BANNER } from '../infra/stacks/bundling';

export const GOAL = { bytes: 300 * 1024, initMs: 150 } as const;
const RUNS = Number(process.env['BENCH_BUNDLE_RUNS'] ?? 7);
/** Inside the repository, so the externalised @aws-sdk/* resolve from node_modules as they would from the runtime. */
const OUT_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'fund-ledger-bundles');

export interface BundleFigures {
  name: FunctionName;
  bytes: number;
  initMs: number;
  /** Of initMs, the time to import only the external @aws-sdk/* packages the bundle imports (they come with the runtime). */
  sdkInitMs: number;
  /** A baseline handler: imports the same @aws-sdk/* packages and creates one client of each client package. */
  baselineMs: number;
  /** Bytes in the output per package ("(project)" for our own code), largest first. */
  contributors: { origin: string; bytes: number }[];
}

export const bundleFunction = async (name: FunctionName): Promise<{ file: string; bytes: number; metafile: Metafile }> => {
  const outdir = path.join(OUT_DIR, name);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const file = path.join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, FUNCTIONS[name].entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_SETTINGS.target,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    external: [...BUNDLE_SETTINGS.external],
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourcemap,
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    logLevel: 'silent',
  });
  return { file, bytes: statSync(file).size, metafile: result.metafile };
};

/** Package a bundled input came from: "zod", "@middy/core", or "(project)". */
const origin = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? '(project)';
};

const contributors = (metafile: Metafile): { origin: string; bytes: number }[] => {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      totals.set(origin(input), (totals.get(origin(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([from, bytes]) => ({ origin: from, bytes })).sort((a, b) => b.bytes - a.bytes);
};

/** Bare specifiers the bundle leaves to the runtime (the AWS SDK). */
const externalImports = (metafile: Metafile): string[] => [
  ...new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external).map((entry) => entry.path))),
].filter((specifier) => !specifier.startsWith('node:'));

/**
 * One fresh Node process per run; only the imports are timed, not Node's own start-up. With
 * `clients`, each imported `@aws-sdk/client-*` package also gets one client created, as the
 * smallest handler using those services would at init.
 */
const importMs = (cwd: string, specifiers: string[], clients = false): number => {
  const imports = specifiers
    .map((specifier, i) => {
      const load = `const m${i} = await import(${JSON.stringify(specifier)});`;
      if (!clients || !specifier.startsWith('@aws-sdk/client-')) return load;
      return `${load} for (const [k, v] of Object.entries(m${i})) if (/Client$/.test(k) && k !== 'Client' && typeof v === 'function') { new v({}); break; }`;
    })
    .join(' ');
  const script = `const t = performance.now(); ${imports} process.stdout.write(String(performance.now() - t));`;
  const output = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    cwd,
    env: { ...process.env, AWS_REGION: process.env.AWS_REGION ?? 'ap-east-1', NODE_OPTIONS: '' },
    encoding: 'utf8',
    // The SDK warns on stderr that it will require Node 22; the Lambda runtime is Node 22.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(output);
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export const measure = async (name: FunctionName): Promise<BundleFigures> => {
  const { file, bytes, metafile } = await bundleFunction(name);
  const cwd = path.dirname(file);
  // Interleaved rounds (bundle, SDK only, baseline), so a load swing on this shared machine hits all three alike.
  const times: number[] = [];
  const sdkTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    times.push(importMs(cwd, [pathToFileURL(file).href]));
    sdkTimes.push(importMs(cwd, externalImports(metafile)));
    baselineTimes.push(importMs(cwd, externalImports(metafile), true));
  }
  return { name, bytes, initMs: median(times), sdkInitMs: median(sdkTimes), baselineMs: median(baselineTimes), contributors: contributors(metafile) };
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export default async (): Promise<void> => {
  console.log(`Node ${process.version}; esbuild target ${BUNDLE_SETTINGS.target}, ESM, minified, external ${BUNDLE_SETTINGS.external.join(', ')}`);
  console.log(`goal: ≤ ${kb(GOAL.bytes)} and ≤ ${GOAL.initMs} ms import (median of ${RUNS} fresh processes); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
  console.log('| function | bundle (minified) | init (import) | of which AWS SDK | baseline: SDK + its clients | init / baseline (goal ≤ 1.2) | largest contributors |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    if (!existsSync(path.join(REPO_ROOT, FUNCTIONS[name].entry))) {
      console.log(`| ${name} | entry ${FUNCTIONS[name].entry} missing | | | |`);
      continue;
    }
    const figures = await measure(name);
    const over = figures.bytes > GOAL.bytes || figures.initMs > GOAL.initMs;
    const top = figures.contributors.slice(0, over ? 4 : 3).map((c) => `${c.origin} ${kb(c.bytes)}`).join(', ');
    console.log(`| ${name} | ${kb(figures.bytes)}${figures.bytes > GOAL.bytes ? ' ⚠' : ''} | ${figures.initMs.toFixed(0)} ms${figures.initMs > GOAL.initMs ? ' ⚠' : ''} | ${figures.sdkInitMs.toFixed(0)} ms | ${figures.baselineMs.toFixed(0)} ms | ${(figures.initMs / figures.baselineMs).toFixed(2)}${figures.initMs / figures.baselineMs > 1.2 ? ' ⚠' : ''} | ${top} |`);
  }
};
