// `npm run bench -- bundle`: bundles every function entry exactly as the stack does (esbuild,
// options from infra/stacks/bundling.ts), prints the minified size, and measures cold-start
// initialisation = the time to import the bundle in a fresh Node process, next to a baseline
// handler that imports the same AWS SDK packages and creates their clients. The ratio is taken
// round by round (each round runs the bundle and the baseline back to back, order alternating),
// and its median and interquartile range over the rounds are printed, in wall time and in CPU
// time (the child's user + system time, which a busy shared machine inflates far less). Where a
// function is over the goal (≤ 300 KB, ≤ 150 ms) it names the dependencies that dominate, from
// esbuild's metafile.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { REPO_ROOT } from '../infra/constructs/ledger-function';
import { FUNCTIONS, type FunctionName } from '../functions/shared/functions';
import { BUNDLE_SETTINGS, ESM_REQUIRE_BANNER } from '../infra/stacks/bundling';

export const GOAL = { bytes: 300 * 1024, initMs: 150 } as const;
export const RATIO_GOAL = 1.2;
const RUNS = Number(process.env['BENCH_BUNDLE_RUNS'] ?? 15);
/**
 * Inside node_modules, so the externalised @aws-sdk/* resolve as they would from the runtime; one
 * folder per checkout, because worktrees share node_modules and would overwrite each other's bundles.
 */
const OUT_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'fund-ledger-bundles', path.basename(REPO_ROOT));

/** Median and interquartile range over the rounds. */
export interface Spread {
  median: number;
  q1: number;
  q3: number;
}

export interface BundleFigures {
  name: FunctionName;
  bytes: number;
  initMs: number;
  /** Of initMs, the time to import only the external @aws-sdk/* packages the bundle imports (they come with the runtime). */
  sdkInitMs: number;
  /** A baseline handler: imports the same @aws-sdk/* packages and creates one client of each client package. */
  baselineMs: number;
  /** init / baseline of each round (wall time). */
  ratio: Spread;
  /** The same ratio in CPU time. */
  cpuRatio: Spread;
  /** Bytes in the output per package ("(project)" for our own code), largest first. */
  contributors: { origin: string; bytes: number }[];
}

/** esbuild's options for a function bundle as CDK builds it (infra/stacks/bundling.ts), for every bench that bundles. */
export const lambdaBuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE_SETTINGS.target,
  mainFields: [...BUNDLE_SETTINGS.mainFields],
  external: [...BUNDLE_SETTINGS.external],
  minify: BUNDLE_SETTINGS.minify,
  banner: { js: ESM_REQUIRE_BANNER },
  logLevel: 'silent',
} as const satisfies BuildOptions;

export const bundleFunction = async (name: FunctionName): Promise<{ file: string; bytes: number; metafile: Metafile }> => {
  const outdir = path.join(OUT_DIR, name);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const file = path.join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, FUNCTIONS[name].entry)],
    outfile: file,
    ...lambdaBuildOptions,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    external: [...BUNDLE_SETTINGS.external],
    sourcemap: BUNDLE_SETTINGS.sourcemap,
    metafile: true,
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

interface ImportTime {
  wallMs: number;
  cpuMs: number;
}

/**
 * One fresh Node process per run; only the imports are timed, not Node's own start-up. With
 * `clients`, each imported `@aws-sdk/client-*` package also gets one client created, as the
 * smallest handler using those services would at init. No `--enable-source-maps`: the deployed
 * functions do not set it (infra/constructs/ledger-function.ts), so Node does not read the
 * bundle's source map at init there either.
 */
const importTime = (cwd: string, specifiers: string[], clients = false): ImportTime => {
  const imports = specifiers
    .map((specifier, i) => {
      const load = `const m${i} = await import(${JSON.stringify(specifier)});`;
      if (!clients || !specifier.startsWith('@aws-sdk/client-')) return load;
      return `${load} for (const [k, v] of Object.entries(m${i})) if (/Client$/.test(k) && k !== 'Client' && typeof v === 'function') { new v({}); break; }`;
    })
    .join(' ');
  const script = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const t = performance.now(); const c = cpu(); ${imports} const cpuMs = cpu() - c; process.stdout.write(JSON.stringify({ wallMs: performance.now() - t, cpuMs }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { ...process.env, AWS_REGION: process.env.AWS_REGION ?? 'ap-east-1', NODE_OPTIONS: '' },
    encoding: 'utf8',
    // The SDK warns on stderr that it will require Node 22; the Lambda runtime is Node 22.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output) as ImportTime;
};

/** The value below which `fraction` of the values lie (nearest rank). */
const quantile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
};

const median = (values: number[]): number => quantile(values, 0.5);

const spread = (values: number[]): Spread => ({ median: median(values), q1: quantile(values, 0.25), q3: quantile(values, 0.75) });

export const measure = async (name: FunctionName): Promise<BundleFigures> => {
  const { file, bytes, metafile } = await bundleFunction(name);
  const cwd = path.dirname(file);
  const runs = {
    bundle: () => importTime(cwd, [pathToFileURL(file).href]),
    sdk: () => importTime(cwd, externalImports(metafile)),
    baseline: () => importTime(cwd, externalImports(metafile), true),
  };
  // Interleaved rounds, the order reversed every other round, so a load swing on this shared
  // machine or a warm-up of the file cache favours none of the three.
  const rounds: Record<keyof typeof runs, ImportTime>[] = [];
  for (let round = 0; round < RUNS; round += 1) {
    const order = (round % 2 === 0 ? ['bundle', 'sdk', 'baseline'] : ['baseline', 'sdk', 'bundle']) as (keyof typeof runs)[];
    rounds.push(Object.fromEntries(order.map((kind) => [kind, runs[kind]()])) as Record<keyof typeof runs, ImportTime>);
  }
  return {
    name,
    bytes,
    initMs: median(rounds.map((r) => r.bundle.wallMs)),
    sdkInitMs: median(rounds.map((r) => r.sdk.wallMs)),
    baselineMs: median(rounds.map((r) => r.baseline.wallMs)),
    ratio: spread(rounds.map((r) => r.bundle.wallMs / r.baseline.wallMs)),
    cpuRatio: spread(rounds.map((r) => r.bundle.cpuMs / r.baseline.cpuMs)),
    contributors: contributors(metafile),
  };
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const ratioCell = ({ median: m, q1, q3 }: Spread): string => `${m.toFixed(2)} (${q1.toFixed(2)}–${q3.toFixed(2)})${m > RATIO_GOAL ? ' ⚠' : ''}`;

export default async (): Promise<void> => {
  console.log(`Node ${process.version}; esbuild target ${BUNDLE_SETTINGS.target}, ESM, minified, external ${BUNDLE_SETTINGS.external.join(', ')}`);
  console.log(`goal: ≤ ${kb(GOAL.bytes)}, ≤ ${GOAL.initMs} ms import, init / baseline ≤ ${RATIO_GOAL}; ${RUNS} interleaved rounds of fresh processes, times are medians, ratios median (interquartile range) of the rounds' ratios`);
  console.log(`load average before ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
  console.log(`| function | bundle (minified) | init (import) | of which AWS SDK | baseline: SDK + its clients | init / baseline, wall (goal ≤ ${RATIO_GOAL}) | init / baseline, CPU | largest contributors |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    if (!existsSync(path.join(REPO_ROOT, FUNCTIONS[name].entry))) {
      console.log(`| ${name} | entry ${FUNCTIONS[name].entry} missing | | | | | | |`);
      continue;
    }
    const figures = await measure(name);
    const over = figures.bytes > GOAL.bytes || figures.initMs > GOAL.initMs;
    const top = figures.contributors.slice(0, over ? 4 : 3).map((c) => `${c.origin} ${kb(c.bytes)}`).join(', ');
    console.log(`| ${name} | ${kb(figures.bytes)}${figures.bytes > GOAL.bytes ? ' ⚠' : ''} | ${figures.initMs.toFixed(0)} ms${figures.initMs > GOAL.initMs ? ' ⚠' : ''} | ${figures.sdkInitMs.toFixed(0)} ms | ${figures.baselineMs.toFixed(0)} ms | ${ratioCell(figures.ratio)} | ${ratioCell(figures.cpuRatio)} | ${top} |`);
  }
  console.log(`\nload average after ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
};
