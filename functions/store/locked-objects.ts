// Write-once objects: the daily seals and the monthly archive. In the cloud an S3 bucket with
// Object Lock (compliance mode in prod) keeps them (s3-locked-objects.ts); locally a directory under
// DATA_DIR does, written with O_EXCL and left read-only, so a second write of a key fails there too.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LockOptions {
  /** Object Lock retain-until date (compliance mode): the object cannot be deleted or overwritten before it. */
  retainUntil?: Date;
  /** A legal hold has no end date: for records kept permanently (annual reports). */
  legalHold?: boolean;
  contentType?: string;
}

export interface LockedObjects {
  /** Writes the object unless the key exists: 'exists' means an earlier write stands, unchanged. */
  put(key: string, body: string | Uint8Array, options?: LockOptions): Promise<'written' | 'exists'>;
  get(key: string): Promise<Buffer | undefined>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Where the objects are, for messages: a directory or s3://bucket. */
  readonly location: string;
}

const safeKey = (key: string): string => {
  if (key.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new Error(`invalid object key: ${key}`);
  return key;
};

/** Local stand-in: `<dir>/<key>`, written once (flag wx) and made read-only; retention goes to a side file. */
export const fileLockedObjects = (dir: string): LockedObjects => ({
  location: dir,
  async put(key, body, options = {}) {
    const file = path.join(dir, safeKey(key));
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, body, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw error;
    }
    chmodSync(file, 0o444);
    if (options.retainUntil !== undefined || options.legalHold === true) {
      const lock = { retainUntil: options.retainUntil?.toISOString() ?? null, legalHold: options.legalHold === true };
      writeFileSync(`${file}.lock.json`, JSON.stringify(lock), { flag: 'wx' });
    }
    return 'written';
  },
  async get(key) {
    const file = path.join(dir, safeKey(key));
    return existsSync(file) ? readFileSync(file) : undefined;
  },
  async list(prefix) {
    const keys: string[] = [];
    const walk = (relative: string): void => {
      const absolute = path.join(dir, relative);
      if (!existsSync(absolute)) return;
      for (const entry of readdirSync(absolute, { withFileTypes: true })) {
        const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) walk(key);
        else if (!key.endsWith('.lock.json') && key.startsWith(prefix)) keys.push(key);
      }
    };
    walk('');
    return keys.sort();
  },
});
