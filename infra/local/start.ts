// `npm start`: the local stack on PORT (default 3000) with its data under DATA_DIR (default
// .data/). Refuses a taken port before starting Java, and a data directory another instance holds.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureWebBuilt, WEB_DIST } from '../../scripts/build-web';
import { startLocalStack } from './stack';

const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? '3000');
const lockFile = path.join(dataDir, 'fund-ledger.lock');

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

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One instance per data directory: two DynamoDB Locals on one set of files would corrupt it. */
const takeLock = (): void => {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        fail(`${dataDir} is in use by fund-ledger (pid ${holder}); stop it first or set DATA_DIR=…`);
      }
      rmSync(lockFile, { force: true }); // left by a crashed instance
    }
  }
  fail(`could not lock ${dataDir}`);
};

const main = async (): Promise<void> => {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT must be a port number, got ${process.env.PORT}`);
  if (await portInUse(port)) fail(`port ${port} is already in use — is fund-ledger already running? set PORT=…`);
  takeLock();
  const releaseLock = (): void => rmSync(lockFile, { force: true });
  process.once('exit', releaseLock);

  let stopping = false;
  // A fresh clone has no bundle yet, and a changed source makes it stale: build it (a few seconds).
  await ensureWebBuilt().catch((error: unknown) => {
    releaseLock();
    return fail(`the dashboard did not build: ${(error as Error).message}`);
  });
  const stack = await startLocalStack({ port, dataDir, schedules: true, dashboardDir: WEB_DIST }).catch((error: unknown) => {
    releaseLock();
    return fail(`fund-ledger did not start: ${(error as Error).message}`);
  });
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping fund-ledger…`);
    void stack.stop().finally(() => {
      releaseLock();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  console.log(`fund-ledger is running at ${stack.url}  (data: ${dataDir})
  dashboard: ${stack.url}/   (sign in by picking a role)
  health:   curl ${stack.url}/health
  API docs: ${stack.url}/v1/openapi.json
  a token:  npm run token -- finance-bureau          (or: fund-manager <fundId…> | auditor)
  then:     curl -H "Authorization: Bearer $(npm run -s token -- finance-bureau)" ${stack.url}/v1/funds
Ctrl-C stops everything.`);
};

void main();
