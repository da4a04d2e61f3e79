// The one pipeline every command goes through (DESIGN §2):
//   load heads and the idempotency record (one BatchGetItem; a repeat replays) → fund opened by then? period still open? → decide → encode →
//   ONE transaction (events of every touched stream + period condition + policy condition + idempotency record)
// With decideFromMemory (the local stack) a first attempt decides on what this process remembers of
// its streams instead of reading them (docs/api.md "Deciding from memory"): its transaction
// condition-checks every head it used, and only a decision to append is acted on; a conflict or a
// refusal goes round again on fresh reads.
// The policy a command is judged by is the version in force on its business date as the `policy`
// stream's head says at this attempt (read beside the command's own heads, or remembered by a first
// attempt as above), and the transaction condition-checks that head: an adoption that commits first
// sends the command round again under the new version, so no command ever stands under a version
// other than the one recorded in its events' meta.policyId and in its answer (issue 20).
// and on a version conflict: re-read, re-decide, retry (bounded, with jitter).
// A refused command (DomainError, closed period, unknown record) writes nothing.
import { decodeEvent, encodeEvent, type DomainEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { checkDateByRule, type DateRule } from '../../domain/business-date';
import { type DomainError, domainError } from '../../domain/errors';
import { fundOpenedOn, requireMigration, requireOpened } from '../../domain/fund-book';
import { policyInForce } from '../../domain/policy-book';
import { loadAggregate, rememberedAggregate, SNAPSHOT_VERSION, snapshotVersionOf } from './load-aggregate';
import { policyBookAggregate } from './policy-stream';
import type { PolicyVersion } from '../../domain/policy';
import { monthOf, shanghaiToday } from '../../domain/dates';
import { formatVoucherNo, postsJournalLines } from '../../domain/voucher';
import { reportReplay } from '../store/append-observer';
import { type AppendPlan, appendWithRetry, type RetryOptions } from '../store/append-with-retry';
import { IdempotencyMismatch } from '../store/errors';
import { createStreamMemory } from '../store/stream-memory';
import type { EventStore } from '../store/event-store';
import type { EventMeta, JsonValue, StreamAppend, VoucherClaim } from '../store/types';
import type { IdempotencyRecord } from '../store/event-item';
import { PeriodClosed, YearClosedError } from './errors';

/** What a command answers over HTTP; stored in the idempotency record so a replay is identical. */
export interface CommandResult {
  status: number;
  body: JsonValue;
}

/** Who asks and under which key; the API builds it from the request, jobs from their own ids. */
export interface CommandContext {
  meta: EventMeta;
  idempotencyKey?: string;
  requestHash?: string;
}

/** A command was refused by a business rule; carries the domain's error value to the API. */
export class CommandRefused extends Error {
  readonly code: string;
  constructor(readonly error: DomainError) {
    super(error.message);
    this.name = 'CommandRefused';
    this.code = error.code;
  }
}

export interface Aggregate<S> {
  /** State of a stream that does not exist yet. */
  initial: S;
  evolve: (state: S, event: DomainEvent) => S;
  /**
   * Version of the state's shape, stored with each head snapshot (default SNAPSHOT_VERSION). Bump
   * it when the state's fields change: heads written by older code are then folded from their
   * events instead of trusted, and the next append stores a snapshot of the new shape.
   */
  snapshotVersion?: number;
  /**
   * Optional: a state read from a head snapshot, completed with what it owes to where it is loaded
   * (the policy book: the city in scope, whose stream it is). A fold starts from `initial` instead.
   */
  fromSnapshot?: (state: S) => S;
}

export { SNAPSHOT_VERSION } from './load-aggregate';

/** A loaded stream: its head version (0 = does not exist) and state. */
export interface Loaded<S> {
  streamId: string;
  version: number;
  state: S;
}

/** One stream's decided change. */
export interface StreamChange {
  streamId: string;
  expectedVersion: number;
  events: DomainEvent[];
  snapshot: unknown;
}

export interface Decision {
  changes: StreamChange[];
  result: CommandResult;
}

/** The policy version in force on the command's business date (read once per attempt, on first call). */
export type PolicyOf = () => Promise<PolicyVersion>;

export type Decide = (load: <S>(streamId: string, aggregate: Aggregate<S>) => Promise<Loaded<S>>, policy: PolicyOf) => Promise<Decision | DomainError>;

export interface CommandSpec {
  /** The fund whose book the command posts to; absent for a bureau-wide command (a policy adoption), which checks no fund's period. */
  fundId?: string | undefined;
  /** Business date of the command; its month's period must be open and it may not precede the fund's openedOn. */
  occurredOn: string;
  /** The request's name for that date (`disbursedOn`, `paidOn`…), named in a before-fund-opened refusal; default `occurredOn`. */
  dateField?: string;
  /** Which bounds of domain/business-date.ts apply to occurredOn (checkDateByRule); default `business`. */
  dateRule?: DateRule;
  /**
   * A migrated position or opening balance (docs/migration.md): occurredOn must be the fund's
   * openedOn and the original date may not be after it. Build with `businessDateOf`.
   */
  migration?: { date: string; field: string };
  /**
   * The year's closing entries (结转, issue 21) and nothing else: they are dated 31 December, whose
   * month is already closed when they post, so this one command may post into a closed month (never
   * into a closed year). Only valid with occurredOn = YYYY-12-31.
   */
  yearEndClosing?: true;
  /** Loads what it needs through `load`, asks `policy()` for the rules, and decides; a DomainError refuses the command. */
  decide: Decide;
}

export interface Pipeline {
  run(spec: CommandSpec, context: CommandContext): Promise<CommandResult>;
  /** The before-fund-opened check alone (run() applies it itself), for work that holds a command before running it. */
  requireOpened(fundId: string, date: string, field?: string): Promise<void>;
  load<S>(streamId: string, aggregate: Aggregate<S>): Promise<Loaded<S>>;
  /** The fund's openedOn (cached per process; undefined when the fund does not exist). */
  openedOn(fundId: string): Promise<string | undefined>;
}

interface PeriodState {
  version: number;
  closed: boolean;
  yearClosed: boolean;
  nextVoucher: number;
}

/** A month this process never saw: no event and no voucher yet (a first attempt's guess; its transaction checks both). */
const UNSEEN_PERIOD: PeriodState = { version: 0, closed: false, yearClosed: false, nextVoucher: 1 };

/**
 * Period streams hold at most a handful of events; closed once a PeriodClosed is among them, and
 * year-closed once a YearClosed is (every month of a closed year gets one): the same read answers
 * both. The same read gives the month's voucher counter, kept beside the period's head (an open
 * month without events costs two keys in the command's BatchGetItem, no Query: readStreamWithVouchers).
 */
const periodState = async (store: EventStore, streamId: string): Promise<PeriodState> => {
  const { head, events, nextVoucher } = await store.readStreamWithVouchers(streamId);
  return {
    version: head?.version ?? 0,
    closed: events.some((event) => event.type === 'PeriodClosed'),
    yearClosed: events.some((event) => event.type === 'YearClosed'),
    nextVoucher,
  };
};

/**
 * The business date of a command whose request may carry `migratedOn`: a new position is dated by
 * its own date (`disbursedOn`…); a migrated one on migratedOn, its own date kept as data.
 */
export type Dated = Pick<CommandSpec, 'occurredOn' | 'dateField' | 'migration'>;
export const businessDateOf = (migratedOn: string | undefined, original: string, field: string): Dated =>
  migratedOn === undefined ? { occurredOn: original, dateField: field } : { occurredOn: migratedOn, dateField: 'migratedOn', migration: { date: original, field } };

const isDomainError = (value: Decision | DomainError): value is DomainError => !('changes' in value);

/**
 * The answer with the version it was judged under beside its own fields; an answer that names a
 * policyId of its own (a policy proposal or adoption names the version it makes) keeps it.
 */
const withPolicyId = (result: CommandResult, policyId: string | undefined): CommandResult =>
  policyId === undefined || typeof result.body !== 'object' || result.body === null || Array.isArray(result.body) || 'policyId' in result.body
    ? result
    : { ...result, body: { ...result.body, policyId } };

export interface PipelineOptions {
  retry?: RetryOptions;
  /** Today's business date (Asia/Shanghai), for the date-in-future bound. */
  today?: () => string;
  /**
   * A first attempt decides on the streams as this process last saw them (docs/api.md "Deciding
   * from memory"); default false: every attempt reads them. For a process that sees a fund's every
   * command (the local stack); a Lambda container sees a share of them, so its memory would often
   * be behind and cost a failed transaction where a read was cheaper.
   */
  decideFromMemory?: boolean;
}

export const createPipeline = (store: EventStore, options: PipelineOptions = {}): Pipeline => {
  const { retry = {}, today = () => shanghaiToday(), decideFromMemory = false } = options;
  // Each month's period as the last command of this process left it (heads are remembered by the store).
  const periods = createStreamMemory<PeriodState>();
  // openedOn is immutable (it is in the fund's first event), so once read it is cached for the life
  // of the process: one extra read (the fund stream's first event) per fund per process, none after.
  const openedOnCache = new Map<string, string>();
  const openedOnOf = async (fundId: string): Promise<string | undefined> => {
    const cached = openedOnCache.get(fundId);
    if (cached !== undefined) return cached;
    const [first] = await store.readStream(streamIds.fund(fundId), { fromVersion: 1, toVersion: 1 });
    if (first === undefined) return undefined; // not created yet: the command's own decide refuses (or creates it)
    const created = decodeEvent(first);
    if (created.type !== 'FundCreated') throw new Error(`fund stream ${first.streamId} starts with ${first.type}`);
    const openedOn = fundOpenedOn({ data: created.data, occurredOn: first.occurredOn });
    openedOnCache.set(fundId, openedOn);
    return openedOn;
  };

  const load = <S>(streamId: string, aggregate: Aggregate<S>): Promise<Loaded<S>> => loadAggregate(store, streamId, aggregate);

  const requireOpenedOn = async (fundId: string, date: string, field = 'occurredOn', migration?: CommandSpec['migration']): Promise<void> => {
    const openedOn = await openedOnOf(fundId);
    if (openedOn === undefined) return;
    const refused = requireOpened(fundId, openedOn, date, field) ?? (migration === undefined ? undefined : requireMigration(fundId, openedOn, date, field, migration));
    if (refused !== undefined) throw new CommandRefused(refused);
  };

  /** Everything run() does after the replay check it hands in: checks, decide, append (with retries). */
  const decideAndAppend = async (spec: CommandSpec, context: CommandContext, readRecord: () => Promise<IdempotencyRecord | undefined> | undefined, replayOf: (record: IdempotencyRecord | undefined) => Promise<CommandResult | undefined>): Promise<CommandResult> => {
    const { idempotencyKey, requestHash } = context;
    // Before deciding: a date before the fund opened may also be one no policy version covers.
    const { fundId } = spec;
    if (fundId !== undefined) await requireOpenedOn(fundId, spec.occurredOn, spec.dateField, spec.migration);
    // One rule for every command's business date, before any rule or policy lookup runs on it (after
    // the fund's own opening date, whose refusal says more to the user when both apply).
    const badDate = checkDateByRule(spec.occurredOn, spec.dateRule ?? 'business', today());
    if (badDate !== undefined) throw new CommandRefused({ ...badDate, field: spec.dateField ?? 'occurredOn' });
    let decided: CommandResult | undefined;
    // Which shape each stream's new snapshot has: that of the aggregate the command loaded it as.
    const snapshotVersions = new Map<string, number>();
    if (spec.yearEndClosing === true && !spec.occurredOn.endsWith('-12-31')) throw new Error(`year-end closing dated ${spec.occurredOn}, not 31 December`);
    const periodId = fundId === undefined ? undefined : streamIds.period(fundId, monthOf(spec.occurredOn));
    const policyStreamId = streamIds.policy();
    let policyId: string | undefined;
    let replay: CommandResult | undefined;
    // The period the last plan judged by, and the voucher it claimed: remembered once its append commits.
    let periodUsed: PeriodState | undefined;
    let voucherClaimed: VoucherClaim | undefined;
    const plan = async (fromMemory: boolean): Promise<AppendPlan | null> => {
      // Every stream the decision rests on, at the version it was read (or remembered) at.
      const used = new Map<string, number>();
      const loadRecording = async <S>(streamId: string, aggregate: Aggregate<S>): Promise<Loaded<S>> => {
        snapshotVersions.set(streamId, snapshotVersionOf(aggregate as Aggregate<unknown>));
        const loaded = (fromMemory ? rememberedAggregate(store, streamId, aggregate) : undefined) ?? (await load(streamId, aggregate));
        used.set(streamId, loaded.version);
        return loaded;
      };
      // From memory there is no record to read: the record's Put in the transaction is conditioned
      // on its absence, so a repeat cancels it and is answered from the record (event-store.ts).
      // Asked in the same turn as the heads below, so the same BatchGetItem reads it (first fresh attempt only).
      const record = fromMemory ? undefined : readRecord();
      // Read in parallel with the command's own heads: one GetItem more per attempt, no round trip more.
      const policyHead = loadRecording(policyStreamId, policyBookAggregate);
      const inForce = policyHead.then((head) => policyInForce(head.state, spec.occurredOn));
      const policy: PolicyOf = async () => {
        const version = await inForce;
        if (version === undefined) throw new CommandRefused(domainError('no-policy-in-force', `No policy version is in force on ${spec.occurredOn}`, { field: spec.dateField ?? 'occurredOn' }));
        return version;
      };
      const [period, decision, head, version] = await Promise.all([
        periodId === undefined ? undefined : fromMemory ? (periods.get(periodId) ?? UNSEEN_PERIOD) : periodState(store, periodId),
        spec.decide(loadRecording, policy),
        policyHead,
        inForce,
      ]);
      periodUsed = period;
      if (!fromMemory && periodId !== undefined && period !== undefined) periods.remember(periodId, period);
      replay = await replayOf(await record);
      if (replay !== undefined) return null;
      if (fundId !== undefined && period !== undefined) {
        // A closed year answers year-closed (it says where to date instead), before period-closed.
        if (period.yearClosed) throw new YearClosedError(fundId, Number(spec.occurredOn.slice(0, 4)));
        if (period.closed && spec.yearEndClosing !== true) throw new PeriodClosed(fundId, monthOf(spec.occurredOn));
      }
      if (isDomainError(decision)) throw new CommandRefused(decision);
      policyId = version?.id;
      decided = withPolicyId(decision.result, policyId);
      // One journal entry per command: every event of it that posts lines shares the month's next
      // voucher number, taken from the counter in this same transaction (a race retries like a head conflict).
      const posts = decision.changes.some((change) => change.events.some(postsJournalLines));
      const voucher: VoucherClaim | undefined = posts && periodId !== undefined && period !== undefined ? { periodStreamId: periodId, from: period.nextVoucher, to: period.nextVoucher + 1 } : undefined;
      voucherClaimed = voucher;
      const voucherNo = voucher === undefined ? undefined : formatVoucherNo(monthOf(spec.occurredOn), voucher.from);
      const appends: StreamAppend[] = decision.changes.map((change) => ({
        streamId: change.streamId,
        expectedVersion: change.expectedVersion,
        events: change.events.map((event) => ({
          ...encodeEvent(event),
          occurredOn: spec.occurredOn,
          ...(voucherNo !== undefined && postsJournalLines(event) ? { voucherNo } : {}),
        })),
        snapshot: change.snapshot,
        snapshotVersion: snapshotVersions.get(change.streamId) ?? SNAPSHOT_VERSION,
      }));
      // Condition only: a close of this period that commits first makes this append fail.
      if (periodId !== undefined && period !== undefined && !appends.some((a) => a.streamId === periodId)) appends.push({ streamId: periodId, expectedVersion: period.version, events: [] });
      // Condition only: an adoption that commits first makes this append fail, and the retry judges afresh.
      if (!appends.some((a) => a.streamId === policyStreamId)) appends.push({ streamId: policyStreamId, expectedVersion: head.version, events: [] });
      // Condition only, from memory: each stream the decision read and does not append to must
      // still be where this process last saw it (a fresh read's staleness is that of one round trip).
      if (fromMemory) for (const [streamId, at] of used) if (!appends.some((a) => a.streamId === streamId)) appends.push({ streamId, expectedVersion: at, events: [] });
      return {
        appends,
        options: {
          meta: policyId === undefined ? context.meta : { ...context.meta, policyId },
          ...(voucher === undefined ? {} : { voucher }),
          ...(idempotencyKey !== undefined && requestHash !== undefined
            ? { idempotency: { key: idempotencyKey, requestHash, result: decided as unknown as JsonValue } }
            : {}),
        },
      };
    };
    const appended = await appendWithRetry(
      store,
      async (attempt) => {
        if (attempt === 1 && decideFromMemory) {
          // Only a decision to append is taken from memory, as its transaction checks what it used; a
          // refusal (or anything else thrown) may rest on a stream moved by another process since.
          const fromMemory = await plan(true).catch(() => undefined);
          if (fromMemory !== undefined) return fromMemory;
        }
        return plan(false);
      },
      retry,
    );
    if (periodId !== undefined && periodUsed !== undefined && appended?.status === 'appended') {
      // The transaction held the period at the version used: remember it, with the voucher taken.
      if (appended.streams.some((s) => s.streamId === periodId && s.events.length > 0)) periods.forget(periodId);
      else periods.remember(periodId, { ...periodUsed, nextVoucher: voucherClaimed?.to ?? periodUsed.nextVoucher });
    }
    if (replay !== undefined) return replay;
    if (appended?.status === 'replayed') return appended.result as unknown as CommandResult;
    if (decided === undefined) throw new Error('command pipeline: nothing was decided');
    return decided;
  };

  const run = async (spec: CommandSpec, context: CommandContext): Promise<CommandResult> => {
    const { idempotencyKey, requestHash } = context;
    // A repeat gets its first answer back, whatever the state has become since (a repaid loan cannot
    // be repaid again): the record is read in the first attempt's own BatchGetItem, beside the heads
    // (one request and one round trip fewer per command than a lookup of its own before them), and
    // consulted before anything is appended and before any refusal or error is answered.
    let recordRead: Promise<IdempotencyRecord | undefined> | undefined;
    const replayOf = async (record: IdempotencyRecord | undefined): Promise<CommandResult | undefined> => {
      if (record === undefined || idempotencyKey === undefined) return undefined;
      if (record.requestHash !== requestHash) throw new IdempotencyMismatch(idempotencyKey);
      reportReplay();
      return record.result as unknown as CommandResult;
    };
    try {
      const readRecord = (): Promise<IdempotencyRecord | undefined> | undefined => {
        if (idempotencyKey !== undefined && requestHash !== undefined && recordRead === undefined) {
          recordRead = store.getIdempotencyRecord(idempotencyKey);
          // Handled below whatever happens first (a refusal may be thrown before it is awaited).
          recordRead.catch(() => undefined);
        }
        return recordRead;
      };
      return await decideAndAppend(spec, context, readRecord, replayOf);
    } catch (error) {
      if (idempotencyKey === undefined || requestHash === undefined) throw error;
      // Refused or failed before its record was read (a date check) or after: a repeat still replays.
      const record = await (recordRead ?? store.getIdempotencyRecord(idempotencyKey)).catch(() => undefined);
      const replay = await replayOf(record);
      if (replay === undefined) throw error;
      return replay;
    }
  };

  return { run, load, requireOpened: requireOpenedOn, openedOn: openedOnOf };
};
