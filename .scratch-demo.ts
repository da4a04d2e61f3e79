import { spawnSync } from 'node:child_process';
import { startLocalStack } from './infra/local/stack';
const dataDir = '/tmp/migrate-demo-year';
let messages = 0;
const begun = Date.now();
const stack = await startLocalStack({ dataDir, logLevel: 'SILENT', wrapHandler: (_c, h) => async (e, c) => { messages += e.Records.length; return h(e, c); } });
const started = Date.now();
await stack.flow?.drained(600_000);
const drained = Date.now();
console.log(`stack up in ${((started - begun) / 1000).toFixed(1)} s; copies published and settled in ${((drained - started) / 1000).toFixed(1)} s; ${messages} consumer messages`);
const bureau = await stack.token('finance-bureau');
const funds = await (await fetch(`${stack.url}/v1/funds`, { headers: { authorization: `Bearer ${bureau}` } })).json();
console.log(JSON.stringify(funds).slice(0, 400));
for (const month of ['2026-12']) {
  for (const args of [['--month', month], ['--archive', '2026-11']]) {
  const v = spawnSync('node_modules/.bin/tsx', ['scripts/verify.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
  console.log(args.join(' '), v.status, v.stdout.split('\n').filter((l) => /seals|OK|MISMATCH|SEAL|STREAM/.test(l)).join('\n').slice(0, 600));
  }
}
await stack.stop();
process.exit(0);
