// Corrections (冲正, docs/corrections.md): a maker names one stored event; the whole entry it belongs
// to (every event its command appended in one transaction) is reversed once a second person
// approves. Always held (maker-checker): checked at once (unknown event 404, not-reversible,
// has-dependents, already-reversed, insufficient-funds answered at the request), checked again on
// approval, when one EntryReversed per event is appended to each stream the entry touched, in the
// same transaction as the approval. Nothing stored is ever changed.
import * as z from 'zod';
import { decideCorrection, evolveCorrection, initialCorrectionState, requestCorrection, type CorrectionState } from '../../domain/correction';
import { domainError, type DomainError, isDomainError } from '../../domain/errors';
import { requireCash, type FundState } from '../../domain/fund-book';
import { formatYuan } from '../../domain/money';
import {
  dependentsOf,
  refuseDependents,
  refuseReversed,
  reversalEvents,
  reversalKind,
  reversedVersions,
  type ReversalKind,
  type StoredFact,
} from '../../domain/reversal';
import { toEnvelope } from '../../events/envelope';
import type { DomainEvent } from '../../events/registry';
import { businessDate, id, nonEmptyText } from '../../events/primitives';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../store/event-store';
import type { JsonObject, StoredEvent } from '../store/types';
import { bridgeLoanAggregate } from './bridge-loan-commands';
import { changeOf, nonEmpty } from './changes';
import { commitmentAggregate } from './commitment-commands';
import { ResourceNotFound } from './errors';
import { fundAggregate } from './fund-commands';
import { guaranteeAggregate } from './guarantee-commands';
import { type HeldCommandType, heldFundId, type HoldableSpec, type Load, type Phase, runHoldable } from './maker-checker';
import type { Aggregate, CommandContext, CommandResult, Pipeline, StreamChange } from './pipeline';

export const REVERSE_ENTRY = 'reverseEntry';

/** The request body (and the held command's input): amounts none, so the wire form is the parsed form. */
export const correctionRequest = z.strictObject({
  correctionId: id,
  reverses: z.strictObject({ streamId: nonEmptyText(200), version: z.number().int().min(1) }),
  occurredOn: businessDate,
  reason: nonEmptyText(500),
});
export type CorrectionRequest = z.output<typeof correctionRequest>;

export const correctionAggregate = (fundId: string, correctionId: string): Aggregate<CorrectionState> => ({
  initial: initialCorrectionState(fundId, correctionId),
  evolve: evolveCorrection,
});

/** The position streams of a fund an entry may touch; approvals, alerts and caps ride along in a transaction but are not the entry. */
const POSITION_PREFIXES = ['guarantee-', 'bridge-loan-', 'commitment-', 'subsidy-'] as const;
const isEntryStream = (fundId: string, streamId: string): boolean =>
  streamId === streamIds.fund(fundId) || POSITION_PREFIXES.some((prefix) => streamId.startsWith(`${prefix}${fundId}:`));

const factOf = (stored: StoredEvent): StoredFact => {
  const envelope = toEnvelope(stored);
  const { streamId, version, occurredOn, recordedAt, voucherNo } = envelope;
  return { streamId, version, occurredOn, recordedAt, ...(voucherNo === undefined ? {} : { voucherNo }), event: { type: envelope.type, data: envelope.data } as DomainEvent };
};

const fundIdOfEvent = (event: DomainEvent): string | undefined => {
  const data: Record<string, unknown> = event.data;
  return typeof data.fundId === 'string' ? data.fundId : undefined;
};

/** The aggregate a reversal's stream is folded with (the same its business commands use). */
const aggregateFor = (fundId: string, fact: StoredFact): Aggregate<unknown> => {
  const data: Record<string, unknown> = fact.event.data;
  const idOf = (field: string): string => (typeof data[field] === 'string' ? (data[field] as string) : '');
  if (fact.streamId === streamIds.fund(fundId)) return fundAggregate(fundId) as Aggregate<unknown>;
  if (fact.streamId.startsWith('guarantee-')) return guaranteeAggregate(fundId, idOf('guaranteeId')) as Aggregate<unknown>;
  if (fact.streamId.startsWith('bridge-loan-')) return bridgeLoanAggregate(fundId, idOf('loanId')) as Aggregate<unknown>;
  if (fact.streamId.startsWith('commitment-')) return commitmentAggregate(fundId, idOf('commitmentId')) as Aggregate<unknown>;
  throw new Error(`no aggregate reverses ${fact.event.type} on ${fact.streamId}`);
};

interface Plan {
  kind: ReversalKind;
  entry: StoredFact[];
  changes: StreamChange[];
  reversals: { streamId: string; version: number; reversesVersion: number }[];
  lines: { streamId: string; reversesVersion: number; account: string; side: 'debit' | 'credit'; amount: bigint }[];
  /** The fund's cash after the reversal, when it moves cash. */
  cashAfter: bigint | undefined;
}

const refOfFact = (f: StoredFact) => ({
  streamId: f.streamId,
  version: f.version,
  type: f.event.type,
  occurredOn: f.occurredOn,
  recordedAt: f.recordedAt,
  ...(f.voucherNo === undefined ? {} : { voucherNo: f.voucherNo }),
});

/**
 * Everything a correction is judged on, read afresh in each phase: the named event (404 when it is
 * not this fund's), its entry, the later events of the positions it touched, and the state of
 * every stream the reversal would append to.
 */
const planReversal = async (store: EventStore, load: Load, fundId: string, input: CorrectionRequest, approvalId: string): Promise<Plan | DomainError> => {
  const { streamId, version } = input.reverses;
  const [stored] = await store.readStream(streamId, { fromVersion: version, toVersion: version });
  const named = stored === undefined ? undefined : factOf(stored);
  if (stored === undefined || named === undefined || fundIdOfEvent(named.event) !== fundId) throw new ResourceNotFound('event', `${streamId} v${version} in fund ${fundId}`);
  if (input.occurredOn < named.occurredOn) {
    return domainError('date-before-start', `a reversal cannot be dated before the entry it reverses (${named.occurredOn})`, { field: 'occurredOn', limit: `≥ ${named.occurredOn}`, actual: input.occurredOn });
  }
  const together = await store.readRecordedTogether(stored);
  const siblings = together
    .filter((e) => e.meta.requestId === stored.meta.requestId && isEntryStream(fundId, e.streamId) && !(e.streamId === streamId && e.version === version))
    .map(factOf)
    .filter((f) => fundIdOfEvent(f.event) === fundId);
  const entry = [named, ...siblings].sort((a, b) => (a.streamId === b.streamId ? a.version - b.version : a.streamId < b.streamId ? -1 : 1));
  const kind = reversalKind(entry);
  if (isDomainError(kind)) return kind;

  // Position streams are short: read them whole for their later events and earlier reversals.
  const positionStreams = [...new Set(entry.map((f) => f.streamId))].filter((s) => s !== streamIds.fund(fundId));
  const streams = new Map(await Promise.all(positionStreams.map(async (s) => [s, (await store.readStream(s)).map(factOf)] as const)));
  const loaded = new Map(await Promise.all(entry.map(async (f) => [f.streamId, { aggregate: aggregateFor(fundId, f), loaded: await load(f.streamId, aggregateFor(fundId, f)) }] as const)));

  const reversedBy = entry.flatMap((f) => {
    const facts = streams.get(f.streamId);
    if (facts !== undefined) {
      return facts.filter((later) => later.event.type === 'EntryReversed' && later.event.data.reverses.version === f.version).map((r) => ({ streamId: r.streamId, version: r.version, type: r.event.type }));
    }
    const fund = loaded.get(f.streamId)?.loaded.state as { reversedVersions?: number[] } | undefined;
    return fund?.reversedVersions?.includes(f.version) === true ? [{ streamId: f.streamId, version: f.version, type: f.event.type }] : [];
  });
  const refused = refuseReversed(entry, reversedBy) ?? refuseDependents(entry, dependentsOf(entry, streams));
  if (refused !== undefined) return refused;

  const byStream = reversalEvents(entry, { fundId, correctionId: input.correctionId, approvalId, reason: input.reason });
  const changes: StreamChange[] = [];
  const reversals: Plan['reversals'] = [];
  let cashAfter: bigint | undefined;
  for (const [stream, events] of byStream) {
    const target = loaded.get(stream);
    if (target === undefined) throw new Error(`reversal of ${stream} has no loaded state`);
    const { change, state } = changeOf(target.loaded, events, target.aggregate);
    changes.push(change);
    events.forEach((e, index) => {
      if (e.type === 'EntryReversed') reversals.push({ streamId: stream, version: target.loaded.version + index + 1, reversesVersion: e.data.reverses.version });
    });
    if (stream === streamIds.fund(fundId)) {
      // Never below zero: reversing cash that came in takes it back out (checked again on approval).
      const before = target.loaded.state as FundState;
      const after = (state as FundState).cash;
      cashAfter = after;
      const short = after < 0n ? requireCash(before, before.cash - after) : undefined;
      if (short !== undefined) return short;
    }
  }
  const lines = [...byStream.values()].flat().flatMap((e) =>
    e.type === 'EntryReversed' ? e.data.lines.map((l) => ({ streamId: e.data.reverses.streamId, reversesVersion: e.data.reverses.version, ...l })) : [],
  );
  return { kind, entry, changes, reversals, lines, cashAfter };
};

const wireLines = (lines: Plan['lines']) => lines.map((l) => ({ ...l, amount: formatYuan(l.amount) }));

/** What the maker and the checker see, and what the approval answers with. */
const figuresOf = (fundId: string, input: CorrectionRequest, plan: Plan): JsonObject => ({
  fundId,
  correctionId: input.correctionId,
  kind: plan.kind,
  reverses: { ...input.reverses },
  entry: plan.entry.map(refOfFact),
  occurredOn: input.occurredOn,
  reason: input.reason,
  lines: wireLines(plan.lines),
});

const correctionSpec = (store: EventStore, fundId: string, input: CorrectionRequest): HoldableSpec => ({
  held: { name: REVERSE_ENTRY, fundId, occurredOn: input.occurredOn, input: correctionRequest.encode(input) as JsonObject },
  decide: async (load, phase: Phase) => {
    const aggregate = correctionAggregate(fundId, input.correctionId);
    const correction = await load(streamIds.correction(fundId, input.correctionId), aggregate);
    if (phase.kind === 'request' && correction.state.status !== 'none') {
      return domainError('already-exists', `correction ${input.correctionId} already exists`, { field: 'correctionId' });
    }
    const plan = await planReversal(store, load, fundId, input, phase.approvalId);
    if (isDomainError(plan)) return plan;
    const figures = figuresOf(fundId, input, plan);
    if (phase.kind === 'request') {
      const requested = requestCorrection(correction.state, {
        fundId,
        correctionId: input.correctionId,
        approvalId: phase.approvalId,
        reverses: input.reverses,
        entry: plan.entry.map(refOfFact),
        occurredOn: input.occurredOn,
        reason: input.reason,
        requestedBy: phase.by,
        lines: plan.lines,
      });
      if (isDomainError(requested)) return requested;
      return { hold: { reason: 'a reversal (冲正) always needs a second person', figures, changes: [changeOf(correction, requested, aggregate).change] } };
    }
    const decided = decideCorrection(correction.state, { type: 'approve', approvalId: phase.approvalId, decidedBy: phase.decided.by, note: phase.decided.note, reversals: plan.reversals });
    if (isDomainError(decided)) return decided;
    return {
      changes: nonEmpty(...plan.changes, changeOf(correction, decided, aggregate).change),
      result: { status: 200, body: { ...figures, status: 'approved', reversals: plan.reversals, ...(plan.cashAfter === undefined ? {} : { cash: formatYuan(plan.cashAfter) }) } },
    };
  },
});

/** How the maker-checker mechanism rebuilds a held correction, and what a rejection records on its stream. */
export const reverseEntryHeld = (store: EventStore): HeldCommandType => ({
  build: (held) => correctionSpec(store, heldFundId(held), correctionRequest.parse(held.input)),
  onReject: async (held, load, approvalId, decided) => {
    const input = correctionRequest.parse(held.input);
    const fundId = heldFundId(held);
    const aggregate = correctionAggregate(fundId, input.correctionId);
    const correction = await load(streamIds.correction(fundId, input.correctionId), aggregate);
    const events = decideCorrection(correction.state, { type: 'reject', approvalId, decidedBy: decided.by, note: decided.note });
    return isDomainError(events) ? [] : nonEmpty(changeOf(correction, events, aggregate).change);
  },
});

export const createCorrectionCommands = (pipeline: Pipeline, store: EventStore) => ({
  requestCorrection: (fundId: string, input: CorrectionRequest, context: CommandContext): Promise<CommandResult> => runHoldable(pipeline, correctionSpec(store, fundId, input), context),
});

export type CorrectionCommands = ReturnType<typeof createCorrectionCommands>;
