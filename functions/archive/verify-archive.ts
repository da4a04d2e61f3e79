// Reading a month's archive back and proving it (issue 15 §4): every file has the sha-256 its manifest
// names; every archived event hashes to its stored hash (with the algorithm it names) and links to
// the one before it in its stream; and the seal the manifest names (itself unchanged: same hash)
// fixes the last hash of each stream whose sealed version the archive holds, which vouches for every
// archived event before it.
import * as z from 'zod';
import { storedEventSchema } from '../store/event-item';
import { linkProblem } from '../store/hash';
import type { LockedObjects } from '../store/locked-objects';
import type { StoredEvent } from '../store/types';
import { type SealStore, sealHash } from '../seal/seal';
import { sha256Of } from './month-archive';
import { ARCHIVE_FILES, archiveManifest, manifestKey } from './manifest';

export interface ArchiveVerification {
  month: string;
  ok: boolean;
  eventsChecked: number;
  /** Streams whose archived events end at the version the seal fixed, with the sealed hash. */
  streamsVouchedBySeal: number;
  /** Events recorded after the seal was taken (late postings): a later seal vouches for them. */
  eventsAfterSeal: number;
  problems: string[];
}

const parseEvents = (body: Buffer): StoredEvent[] =>
  body
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => storedEventSchema.parse(JSON.parse(line)) as StoredEvent);

export const verifyArchive = async (objects: LockedObjects, seals: Pick<SealStore, 'get'>, month: string): Promise<ArchiveVerification> => {
  const problems: string[] = [];
  const result = (eventsChecked: number, streamsVouchedBySeal: number, eventsAfterSeal: number): ArchiveVerification => ({
    month,
    ok: problems.length === 0,
    eventsChecked,
    streamsVouchedBySeal,
    eventsAfterSeal,
    problems,
  });
  const manifestBody = await objects.get(manifestKey(month));
  if (manifestBody === undefined) return (problems.push(`no archive manifest for ${month}`), result(0, 0, 0));
  const manifest = archiveManifest.parse(JSON.parse(manifestBody.toString('utf8')));

  const bodies = new Map<string, Buffer>();
  for (const file of manifest.files) {
    const body = await objects.get(file.key);
    if (body === undefined) problems.push(`${file.key} is missing`);
    else if (sha256Of(body) !== file.sha256) problems.push(`${file.key} does not match its sha-256 in the manifest`);
    else bodies.set(file.name, body);
  }
  const eventsBody = bodies.get('events');
  if (eventsBody === undefined) return result(0, 0, 0);
  let events: StoredEvent[];
  try {
    events = parseEvents(eventsBody);
  } catch (error) {
    return (problems.push(`${ARCHIVE_FILES.events.file(month)} does not parse: ${(error as z.ZodError | Error).message.slice(0, 200)}`), result(0, 0, 0));
  }

  const lastOfStream = new Map<string, StoredEvent>();
  for (const event of events) {
    // Each event hashed with the algorithm it names; linked to the archived event before it in its
    // stream, or, for a stream's first event in the month, to the prevHash it carries.
    const before = lastOfStream.get(event.streamId);
    const problem = linkProblem(before !== undefined && before.version + 1 === event.version ? before : event.version === 1 ? undefined : { hash: event.prevHash }, event);
    if (problem !== undefined) problems.push(`${event.streamId} v${event.version}: ${problem}`);
    lastOfStream.set(event.streamId, event);
  }

  let vouched = 0;
  let afterSeal = 0;
  if (manifest.seal === null) {
    if (events.length > 0) problems.push('the manifest names no seal: nothing vouches for the events');
  }
  else {
    const seal = await seals.get(manifest.seal.date);
    if (seal === undefined || sealHash(seal) !== manifest.seal.hash) problems.push(`the seal of ${manifest.seal.date} is missing or not the one the manifest names`);
    else {
      const sealed = new Map(seal.streams.map((head) => [head.streamId, head]));
      const archivedAt = new Map(events.map((event) => [`${event.streamId}#${event.version}`, event]));
      for (const streamId of lastOfStream.keys()) {
        const head = sealed.get(streamId);
        const atSeal = head === undefined ? undefined : archivedAt.get(`${streamId}#${head.version}`);
        if (head === undefined || atSeal === undefined) continue;
        if (atSeal.hash === head.lastHash) vouched += 1;
        else problems.push(`${streamId} v${head.version}: the archived event does not carry the sealed hash`);
      }
      afterSeal = events.filter((event) => event.version > (sealed.get(event.streamId)?.version ?? 0)).length;
    }
  }
  return result(events.length, vouched, afterSeal);
};
