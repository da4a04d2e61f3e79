// The hash-chain and seal algorithm, a deployment setting (issue 23 §2): `sha256` (the default) or
// `sm3` (GB/T 32905-2016, the 商用密码 hash GB/T 39786-2021 expects for integrity; Node's OpenSSL
// provides it). Only the chain and the seals use it; ids, request hashes, month shards and archive
// file checksums are identifiers or transport checks and stay sha-256 (docs/store.md).
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { StoredEventLike } from '../../events/envelope';

/** In the order a store may move through them: a chain never goes back to an earlier one. */
export const HASH_ALGORITHMS = ['sha256', 'sm3'] as const;

export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export const hashAlgorithmSchema = z.enum(HASH_ALGORITHMS) satisfies z.ZodType<NonNullable<StoredEventLike['hashAlgorithm']>>;

/** What events and seals stored before the setting existed were hashed with (they name none). */
export const LEGACY_HASH_ALGORITHM: HashAlgorithm = 'sha256';

/** The environment variable the Lambdas, the local stack and the scripts read (CDK: `-c hashAlgorithm=sm3`). */
export const HASH_ALGORITHM_ENV = 'HASH_ALGORITHM';

const setting = z
  .union([z.literal('').transform(() => undefined), hashAlgorithmSchema])
  .optional()
  .transform((value) => value ?? LEGACY_HASH_ALGORITHM);

/** The configured algorithm for new chain links and seals; a value other than sha256|sm3 is refused. */
export const hashAlgorithmFromEnv = (env: NodeJS.ProcessEnv = process.env): HashAlgorithm => {
  const parsed = setting.safeParse(env[HASH_ALGORITHM_ENV]);
  if (!parsed.success) throw new Error(`${HASH_ALGORITHM_ENV} must be one of ${HASH_ALGORITHMS.join(', ')} (got "${env[HASH_ALGORITHM_ENV]}")`);
  return parsed.data;
};

/** The algorithm of an event or seal: the one it names, else the legacy sha256. */
export const algorithmOf = (labelled: { hashAlgorithm?: HashAlgorithm | undefined }): HashAlgorithm => labelled.hashAlgorithm ?? LEGACY_HASH_ALGORITHM;

/**
 * Why `next` may not follow `previous` (events of one stream, or consecutive seals): a label dropped
 * after labelled ones (only items stored before labels existed name none), or a move back to an
 * earlier algorithm. Undefined when the order is fine.
 */
export const algorithmOrderProblem = (previous: { hashAlgorithm?: HashAlgorithm | undefined } | undefined, next: { hashAlgorithm?: HashAlgorithm | undefined }): string | undefined => {
  if (previous === undefined) return undefined;
  if (previous.hashAlgorithm !== undefined && next.hashAlgorithm === undefined) return `it names no hash algorithm although the one before it names ${previous.hashAlgorithm}`;
  const from = algorithmOf(previous);
  const to = algorithmOf(next);
  if (HASH_ALGORITHMS.indexOf(to) < HASH_ALGORITHMS.indexOf(from)) return `the hash algorithm goes back from ${from} to ${to}`;
  return undefined;
};

export const digestHex = (algorithm: HashAlgorithm, text: string): string => createHash(algorithm).update(text, 'utf8').digest('hex');

/** The CDK context key (`npx cdk synth -c hashAlgorithm=sm3`) that sets HASH_ALGORITHM on every function. */
export const HASH_ALGORITHM_CONTEXT = 'hashAlgorithm';

/**
 * A function's HASH_ALGORITHM from the context value, or the deployment's default when the context
 * gives none: sm3 in the AWS China regions (GB/T 39786-2021 expects it there, and the region is
 * always given for them, so every later deploy keeps it), nothing elsewhere (the functions default to
 * sha256). An explicit value wins either way.
 */
export const hashAlgorithmEnvironment = (contextValue: unknown, deploymentDefault?: HashAlgorithm): Record<string, string> => {
  if (contextValue === undefined) return deploymentDefault === undefined ? {} : { [HASH_ALGORITHM_ENV]: deploymentDefault };
  const parsed = hashAlgorithmSchema.safeParse(contextValue);
  if (!parsed.success) throw new Error(`-c ${HASH_ALGORITHM_CONTEXT} must be one of ${HASH_ALGORITHMS.join(', ')} (got ${JSON.stringify(contextValue)})`);
  return { [HASH_ALGORITHM_ENV]: parsed.data };
};
