// `npm start`: the local stack on PORT (default 3000) with its data under DATA_DIR (default
// .data/), chaining events and sealing days with HASH_ALGORITHM (sha256 | sm3, default sha256).
// Refuses a taken port before starting Java, a data directory another instance holds, and an
// algorithm it does not know.
import net from 'node:net';
import path from 'node:path';
import { ensureWebBuilt, WEB_DIST } from '../../scripts/build-web';
import { hashAlgorithmFromEnv } from '../../functions/store/hash-algorithm';
import { lockDataDir } from './data-dir-lock';
import { startLocalStack } from './stack';
import { CITY_SCOPE_REQUIRED_ENV } from '../../functions/shared/city-scope';

const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? '3000');

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const portInUse = (p: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.listen(p, '127.0.0.1', () => probe.close(() => resolve(false)));
  });

const main = async (): Promise<void> => {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT must be a port number, got ${process.env.PORT}`);
  const hashAlgorithm = (() => {
    try {
      return hashAlgorithmFromEnv();
    } catch (error) {
      return fail((error as Error).message);
    }
  })();
  if (await portInUse(port)) fail(`port ${port} is already in use — is fund-ledger already running? set PORT=…`);
  // One instance per data directory: two DynamoDB Locals on one set of files would corrupt it.
  // The lock dies with this process however it ends, so a crash never blocks the next start.
  const locked = await lockDataDir(dataDir);
  if (!locked.ok) return fail(`${dataDir} is in use by fund-ledger (${locked.holder}); stop it first or set DATA_DIR=…`);
  const releaseLock = (): Promise<void> => locked.lock.release();

  // As in the cloud: DynamoDB reached outside a city's scope is a bug to see, never liaocheng's data
  // by default (docs/cities.md). CITY_SCOPE_REQUIRED=0 turns it off.
  process.env[CITY_SCOPE_REQUIRED_ENV] ??= '1';
  let stopping = false;
  // A fresh clone has no bundle yet, and a changed source makes it stale: build it (a few seconds).
  await ensureWebBuilt().catch(async (error: unknown) => {
    await releaseLock();
    return fail(`the dashboard did not build: ${(error as Error).message}`);
  });
  const stack = await startLocalStack({ port, dataDir, schedules: true, dashboardDir: WEB_DIST, hashAlgorithm }).catch(async (error: unknown) => {
    await releaseLock();
    return fail(`fund-ledger did not start: ${(error as Error).message}`);
  });
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping fund-ledger…`);
    void stack
      .stop()
      .then(releaseLock)
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  console.log(`fund-ledger is running at ${stack.url}  (data: ${dataDir}, hash chain and seals: ${hashAlgorithm})
  dashboard: ${stack.url}/   (sign in by picking a role)
  health:   curl ${stack.url}/health
  API docs: ${stack.url}/v1/openapi.json
  a token:  npm run token -- finance-bureau          (or: fund-manager <fundId…> | auditor)
  then:     curl -H "Authorization: Bearer $(npm run -s token -- finance-bureau)" ${stack.url}/v1/funds
Ctrl-C stops everything.`);
};

void main();
