// A daily seal of the books (issue 15 §3): every stream head as of the seal, their Merkle root, and
// the hash of the previous seal, so seals chain like the events do. Written once to write-once
// storage (Object Lock in prod), a seal lets anyone holding it prove that no sealed event was later
// rewritten, even by someone who can rewrite a stream together with its hash chain.
// A seal names the algorithm (the deployment's HASH_ALGORITHM when it was written) that its Merkle
// tree and its own hash (what the next seal and the archive manifests pin) use; seals written before
// the setting existed name none and are sha256, hashed exactly as they were.
import * as z from 'zod';
import { addDays, shanghaiToday } from '../../domain/dates';
import { businessDate } from '../../events/primitives';
import { canonicalJson } from '../store/canonical-json';
import { type HashAlgorithm, LEGACY_HASH_ALGORITHM, algorithmOf, digestHex, hashAlgorithmSchema } from '../store/hash-algorithm';
import type { LockedObjects } from '../store/locked-objects';
import type { HeadOfStream } from '../store/scan';
import { merkleRoot } from './merkle';

export const SEAL_GENESIS_HASH = '0'.repeat(64);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const sealSchema = z.object({
  date: businessDate,
  /** Absent on seals written before the algorithm was a setting: sha256. */
  hashAlgorithm: hashAlgorithmSchema.optional(),
  sealedAt: z.iso.datetime(),
  streams: z.array(z.object({ streamId: z.string().min(1), version: z.number().int().nonnegative(), lastHash: z.string() })),
  root: hex64,
  previousSealHash: hex64,
  /** The date of the seal previousSealHash names; null for the first seal. */
  previousSealDate: businessDate.nullable(),
});

export type Seal = z.infer<typeof sealSchema>;

/** What the next seal's previousSealHash holds: the seal's canonical JSON (its algorithm name included) hashed with its own algorithm. */
export const sealHash = (seal: Seal): string => digestHex(algorithmOf(seal), canonicalJson(seal));

export const buildSeal = (date: string, heads: readonly HeadOfStream[], previous: Seal | undefined, sealedAt: Date, hashAlgorithm: HashAlgorithm = LEGACY_HASH_ALGORITHM): Seal => ({
  date,
  hashAlgorithm,
  sealedAt: sealedAt.toISOString(),
  streams: heads.map(({ streamId, version, lastHash }) => ({ streamId, version, lastHash })),
  root: merkleRoot(heads, hashAlgorithm),
  previousSealHash: previous === undefined ? SEAL_GENESIS_HASH : sealHash(previous),
  previousSealDate: previous?.date ?? null,
});

/** The business day a run at `now` seals: the one that just ended in Asia/Shanghai. */
export const sealDateFor = (now: Date): string => addDays(shanghaiToday(now), -1);

/**
 * The seal bucket (or <DATA_DIR>/seals/) holds only seals, one object per day: `<yyyy>/<date>.json`,
 * under the city's folder (`<city>/<yyyy>/<date>.json`) when the objects are per city, as they are in
 * every deployment (functions/seal/context.ts, functions/store/city-objects.ts).
 */
const sealKey = (date: string): string => `${date.slice(0, 4)}/${date}.json`;
const dateOfKey = (key: string): string => key.slice(key.lastIndexOf('/') + 1, -'.json'.length);

export interface SealStore {
  get(date: string): Promise<Seal | undefined>;
  /** 'exists': a seal for that date was already written and stands. */
  put(seal: Seal): Promise<'written' | 'exists'>;
  /** Dates of the seals from `from` to `to` inclusive, ascending. */
  datesBetween(from: string, to: string): Promise<string[]>;
  /** The latest seal strictly before `date`. */
  latestBefore(date: string): Promise<Seal | undefined>;
  readonly location: string;
}

export const createSealStore = (objects: LockedObjects): SealStore => {
  const get = async (date: string): Promise<Seal | undefined> => {
    const body = await objects.get(sealKey(date));
    return body === undefined ? undefined : sealSchema.parse(JSON.parse(body.toString('utf8')));
  };
  const datesOfYear = async (year: string): Promise<string[]> => (await objects.list(`${year}/`)).map(dateOfKey);
  return {
    // Read at each use: per-city objects (functions/store/city-objects.ts) name the current city's place.
    get location() {
      return objects.location;
    },
    get,
    put: (seal) => objects.put(sealKey(seal.date), `${JSON.stringify(seal)}\n`, { contentType: 'application/json' }),
    async datesBetween(from, to) {
      const dates: string[] = [];
      for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) dates.push(...(await datesOfYear(String(year))));
      return dates.filter((date) => date >= from && date <= to);
    },
    async latestBefore(date) {
      // Normally yesterday's seal; else the latest of this year, else of any year (a long outage).
      const yesterday = await get(addDays(date, -1));
      if (yesterday !== undefined) return yesterday;
      const earlier =
        (await datesOfYear(date.slice(0, 4))).filter((d) => d < date).at(-1) ??
        (await objects.list('')).map(dateOfKey).filter((d) => d < date).at(-1);
      return earlier === undefined ? undefined : get(earlier);
    },
  };
};
