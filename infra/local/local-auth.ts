// The local stack's token signing key. A persistent stack keeps it in DATA_DIR/jwt-secret (mode
// 0600, made on first start) so tokens survive restarts; an in-memory stack keeps it in memory.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'jwt-secret';

export const newSecret = (): string => randomBytes(32).toString('base64url');

export const secretPath = (dataDir: string): string => path.join(path.resolve(dataDir), SECRET_FILE);

/** Reads the key of `dataDir`, creating it first if this data directory has never been started. */
export const loadOrCreateSecret = (dataDir: string): string => {
  const file = secretPath(dataDir);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${newSecret()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it between our check and write: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return readSecret(dataDir);
};

/** Reads the key of a data directory that has been started before; a clear error otherwise. */
export const readSecret = (dataDir: string): string => {
  const file = secretPath(dataDir);
  if (!existsSync(file)) {
    throw new Error(`No signing key at ${file}: start the local stack once with \`npm start\` (DATA_DIR=${dataDir}) before asking for a token`);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`The signing key at ${file} is too short; delete it and restart the stack`);
  return secret;
};
