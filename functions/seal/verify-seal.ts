// Verifying seals against the events (issue 15 §3): each sealed stream's hash chain is recomputed
// from its events' content, from the genesis hash up to the sealed version, and must arrive at the
// sealed last hash. Stored hashes are not trusted: whoever rewrites an event and its whole chain
// leaves a consistent stream behind, but not one that reaches the hash a seal fixed earlier.
// Several seals (a month's) are checked in one pass per stream. Each seal's Merkle root and its link
// to the previous seal are checked too.
import { GENESIS_HASH, eventHash } from '../store/hash';
import type { EventStore } from '../store/event-store';
import { eachConcurrently } from './each-concurrently';
import { merkleRoot } from './merkle';
import { type Seal, type SealStore, sealHash } from './seal';

export interface SealMismatch {
  date: string;
  streamId: string;
  version: number;
  reason: string;
}

export interface SealVerification {
  dates: string[];
  ok: boolean;
  streamsChecked: number;
  /** Streams whose events no longer reach what a seal recorded, named. */
  mismatches: SealMismatch[];
  /** Seals whose own content is inconsistent (root) or whose chain to the previous seal is broken. */
  sealProblems: { date: string; reason: string }[];
}

interface Sealed {
  date: string;
  version: number;
  lastHash: string;
}

const checkSeals = (seals: readonly Seal[], previousOfFirst: Seal | undefined): SealVerification['sealProblems'] => {
  const problems: SealVerification['sealProblems'] = [];
  let previous = previousOfFirst;
  for (const seal of seals) {
    if (merkleRoot(seal.streams) !== seal.root) problems.push({ date: seal.date, reason: 'the Merkle root does not match the sealed stream heads' });
    if (previous !== undefined && seal.previousSealDate === previous.date && seal.previousSealHash !== sealHash(previous)) {
      problems.push({ date: seal.date, reason: `previousSealHash does not match the seal of ${previous.date}` });
    }
    previous = seal;
  }
  return problems;
};

export const verifySeals = async (
  store: Pick<EventStore, 'readStream'>,
  seals: readonly Seal[],
  options: { previous?: Seal; concurrency?: number } = {},
): Promise<SealVerification> => {
  const sorted = [...seals].sort((a, b) => (a.date < b.date ? -1 : 1));
  const byStream = new Map<string, Sealed[]>();
  for (const seal of sorted) {
    for (const head of seal.streams) {
      if (head.version === 0) continue;
      const list = byStream.get(head.streamId) ?? [];
      list.push({ date: seal.date, version: head.version, lastHash: head.lastHash });
      byStream.set(head.streamId, list);
    }
  }

  const mismatches: SealMismatch[] = [];
  const checkStream = async (streamId: string, sealed: Sealed[]): Promise<void> => {
    const upTo = Math.max(...sealed.map((s) => s.version));
    let events;
    try {
      events = await store.readStream(streamId, { fromVersion: 1, toVersion: upTo });
    } catch (error) {
      for (const s of sealed) mismatches.push({ ...s, streamId, reason: `the events cannot be read: ${(error as Error).message.slice(0, 200)}` });
      return;
    }
    const hashAt = new Map<number, string>();
    let hash = GENESIS_HASH;
    for (const [index, event] of events.entries()) {
      if (event.version !== index + 1) break;
      hash = eventHash(hash, event);
      hashAt.set(event.version, hash);
    }
    for (const s of sealed) {
      const recomputed = hashAt.get(s.version);
      if (recomputed === undefined) mismatches.push({ ...s, streamId, reason: `the events end before the sealed version ${s.version}` });
      else if (recomputed !== s.lastHash) mismatches.push({ ...s, streamId, reason: `the events up to version ${s.version} no longer hash to the sealed last hash` });
    }
  };
  await eachConcurrently([...byStream.entries()], options.concurrency ?? 8, ([streamId, sealed]) => checkStream(streamId, sealed));

  mismatches.sort((a, b) => (a.streamId === b.streamId ? (a.date < b.date ? -1 : 1) : a.streamId < b.streamId ? -1 : 1));
  const sealProblems = checkSeals(sorted, options.previous);
  return {
    dates: sorted.map((seal) => seal.date),
    ok: mismatches.length === 0 && sealProblems.length === 0,
    streamsChecked: byStream.size,
    mismatches,
    sealProblems,
  };
};

export interface SealSource {
  store: Pick<EventStore, 'readStream'>;
  seals: Pick<SealStore, 'get' | 'datesBetween' | 'latestBefore'>;
}

export class SealNotFound extends Error {
  readonly code = 'seal-not-found';
  constructor(readonly date: string) {
    super(`no seal for ${date}`);
  }
}

/** `npm run verify -- <date>`: the seal of that date against today's events. */
export const verifySealOf = async ({ store, seals }: SealSource, date: string): Promise<SealVerification> => {
  const seal = await seals.get(date);
  if (seal === undefined) throw new SealNotFound(date);
  const previous = seal.previousSealDate === null ? undefined : await seals.get(seal.previousSealDate);
  return verifySeals(store, [seal], previous === undefined ? {} : { previous });
};

/** Every seal of a month (month end checks these), one pass per stream. */
export const verifyMonthSeals = async ({ store, seals }: SealSource, month: string): Promise<SealVerification> => {
  const dates = await seals.datesBetween(`${month}-01`, `${month}-31`);
  const loaded = (await Promise.all(dates.map((date) => seals.get(date)))).filter((seal): seal is Seal => seal !== undefined);
  const previous = await seals.latestBefore(`${month}-01`);
  return verifySeals(store, loaded, previous === undefined ? {} : { previous });
};

/** A verification in a few words for a job's summary: which seals, and which streams no longer match. */
export const sealSummary = (verification: SealVerification): { dates: string[]; ok: boolean; mismatchedStreams: string[]; sealProblems: string[] } => ({
  dates: verification.dates,
  ok: verification.ok,
  mismatchedStreams: [...new Set(verification.mismatches.map((mismatch) => mismatch.streamId))],
  sealProblems: verification.sealProblems.map((problem) => `${problem.date}: ${problem.reason}`),
});
