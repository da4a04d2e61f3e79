// `npm run bench -- <name>` runs bench/<name>.ts; with no name, every bench in this folder.
// A bench prints figures; it never fails on timing (only on a crash).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const runBench = async (name: string): Promise<void> => {
  const file = path.join(here, `${name}.ts`);
  const module: unknown = await import(pathToFileURL(file).href);
  const run = (module as { default?: unknown }).default;
  if (typeof run !== 'function') throw new Error(`bench/${name}.ts has no default export function`);
  console.log(`\n== bench: ${name} ==`);
  await (run as () => Promise<void>)();
};

const main = async (): Promise<void> => {
  const requested = process.argv.slice(2).filter((arg) => arg !== '--');
  const names =
    requested.length > 0
      ? requested
      : readdirSync(here)
          .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
          .map((file) => file.slice(0, -3))
          .sort();
  for (const name of names) {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`unknown bench "${name}"`);
    await runBench(name);
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
