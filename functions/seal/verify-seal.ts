// Verifying seals against the events (issue 15 §3): each sealed stream's hash chain is recomputed
// from its events' content, from the genesis hash up to the sealed version, and must arrive at the
// sealed last hash. Stored hashes are not trusted: whoever rewrites an event and its whole chain
// leaves a consistent stream behind, but not one that reaches the hash a seal fixed earlier.
// Several seals (a month's) are checked in one pass per stream. Each seal's Merkle root and its link
// to the previous seal are checked too.
// Every event is hashed with the algorithm it names and every seal's tree with the seal's, so a store
// that moved from sha256 to sm3 is checked segment by segment; a move back, in a stream or from one
// seal to the next, is refused (functions/store/hash-algorithm.ts algorithmOrderProblem).
import { GENESIS_HASH, eventHash, linkProblem } from '../store/hash';
import { type HashAlgorithm, algorithmOf, algorithmOrderProblem } from '../store/hash-algorithm';
import type { EventStore } from '../store/event-store';
import type { StoredEvent } from '../store/types';
import { eachConcurrently } from './each-concurrently';
import { merkleRoot } from './merkle';
import { type Seal, type SealStore, sealHash } from './seal';

export interface SealMismatch {
  date: string;
  streamId: string;
  /** The sealed version. */
  version: number;
  reason: string;
  /** The first stored event that does not hold (its link, algorithm order or content hash), when one is found. */
  brokenAtVersion?: number;
}

export interface SealVerification {
  dates: string[];
  ok: boolean;
  streamsChecked: number;
  /** Streams whose events no longer reach what a seal recorded, named. */
  mismatches: SealMismatch[];
  /** Seals whose own content is inconsistent (root) or whose chain to the previous seal is broken. */
  sealProblems: { date: string; reason: string }[];
  /** The algorithm of each seal checked, in date order (sha256 for seals that name none). */
  sealAlgorithms: HashAlgorithm[];
  /** Events recomputed, by the algorithm each names (sha256 for those that name none). */
  eventsByAlgorithm: Record<HashAlgorithm, number>;
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
    if (merkleRoot(seal.streams, algorithmOf(seal)) !== seal.root) problems.push({ date: seal.date, reason: `the Merkle root does not match the sealed stream heads (${algorithmOf(seal)})` });
    const order = previous === undefined ? undefined : algorithmOrderProblem(previous, seal);
    if (order !== undefined) problems.push({ date: seal.date, reason: `after the seal of ${previous?.date}, ${order}` });
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
  const eventsByAlgorithm: Record<HashAlgorithm, number> = { sha256: 0, sm3: 0 };
  const checkStream = async (streamId: string, sealed: Sealed[]): Promise<void> => {
    const upTo = Math.max(...sealed.map((s) => s.version));
    let events;
    try {
      events = await store.readStream(streamId, { fromVersion: 1, toVersion: upTo });
    } catch (error) {
      for (const s of sealed) mismatches.push({ ...s, streamId, reason: `the events cannot be read: ${(error as Error).message.slice(0, 200)}` });
      return;
    }
    // Recompute from content, trusting no stored hash; on the way, find the first stored event whose
    // own link does not hold, to name it.
    const hashAt = new Map<number, string>();
    let hash = GENESIS_HASH;
    let previous: StoredEvent | undefined;
    let firstBroken: { version: number; reason: string } | undefined;
    for (const [index, event] of events.entries()) {
      if (event.version !== index + 1) break;
      const problem = linkProblem(previous, event);
      if (problem !== undefined) firstBroken ??= { version: event.version, reason: problem };
      hash = eventHash(hash, event);
      hashAt.set(event.version, hash);
      eventsByAlgorithm[algorithmOf(event)] += 1;
      previous = event;
    }
    for (const s of sealed) {
      const recomputed = hashAt.get(s.version);
      const broken = firstBroken !== undefined && firstBroken.version <= s.version ? firstBroken : undefined;
      const at = { ...s, streamId, ...(broken === undefined ? {} : { brokenAtVersion: broken.version }) };
      if (recomputed === undefined) mismatches.push({ ...at, reason: `the events end before the sealed version ${s.version}` });
      else if (recomputed !== s.lastHash) {
        // The highest lower sealed version still reached bounds where a consistent re-chaining began.
        const stillSealed = Math.max(0, ...sealed.filter((o) => o.version < s.version && hashAt.get(o.version) === o.lastHash).map((o) => o.version));
        const where =
          broken === undefined
            ? `every stored link holds, so versions ${stillSealed + 1}–${s.version} were rewritten and re-chained after the seal`
            : `version ${broken.version} is the first that does not hold: ${broken.reason}`;
        mismatches.push({ ...at, reason: `the events up to version ${s.version} no longer hash to the sealed last hash; ${where}` });
      } else if (broken !== undefined) mismatches.push({ ...at, reason: `version ${broken.version}: ${broken.reason}` });
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
    sealAlgorithms: sorted.map(algorithmOf),
    eventsByAlgorithm,
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
