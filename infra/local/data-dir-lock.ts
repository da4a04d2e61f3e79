// One local stack per data directory, held by a lock the operating system releases when the
// holder dies. Node 20 has no flock(2), so the lock is a listening unix-domain socket: the kernel
// closes it with the process, whatever killed it (SIGKILL included), and a pid that is reused or a
// zombie can never be mistaken for the holder. On Linux the socket is abstract (no file at all);
// elsewhere it is a socket file in the data directory, and a file nobody listens on is stale.
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface DataDirLock {
  /** Where the lock lives (an abstract name starts with "\0"). */
  readonly address: string;
  release(): Promise<void>;
}

export type LockResult = { ok: true; lock: DataDirLock } | { ok: false; holder: string };

/** The socket address that stands for `dataDir` (the same for every spelling of the path). */
export const lockAddress = (dataDir: string, platform: NodeJS.Platform = process.platform): string => {
  const real = realpathSync(dataDir);
  if (platform === 'linux') return `\0fund-ledger-${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
  return path.join(real, 'fund-ledger.lock.sock');
};

const listen = (address: string): Promise<net.Server | NodeJS.ErrnoException> =>
  new Promise((resolve) => {
    // Whoever knocks is told who holds the directory, then hung up on.
    const server = net.createServer((socket) => socket.end(`pid ${process.pid}`));
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen(address, () => {
      server.unref(); // the lock never keeps the process alive by itself
      resolve(server);
    });
  });

/** Connects to the lock; resolves with what the holder says, or undefined when nobody listens. */
const askHolder = (address: string): Promise<string | undefined> =>
  new Promise((resolve) => {
    let said = '';
    const socket = net.connect(address);
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    socket.once('error', () => resolve(undefined));
    socket.once('close', (hadError) => {
      if (!hadError) resolve(said === '' ? 'another process' : said);
    });
  });

/** Takes the lock of `dataDir` (created if missing), or says who holds it. */
export const lockDataDir = async (dataDir: string, platform: NodeJS.Platform = process.platform): Promise<LockResult> => {
  mkdirSync(dataDir, { recursive: true });
  const address = lockAddress(dataDir, platform);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const listened = await listen(address);
    if (listened instanceof net.Server) {
      const server = listened;
      return {
        ok: true,
        lock: {
          address,
          release: () =>
            new Promise((resolve) => {
              server.close(() => resolve());
            }),
        },
      };
    }
    if (listened.code !== 'EADDRINUSE') throw listened;
    const holder = await askHolder(address);
    if (holder !== undefined) return { ok: false, holder };
    // A socket file nobody listens on was left by a dead holder (never the case for an abstract one).
    if (!address.startsWith('\0')) rmSync(address, { force: true });
  }
  return { ok: false, holder: 'another process (the lock could not be taken)' };
};
