// Policy versions (issue 20): the bureau proposes a version (a merge patch over the version in force
// on its effectiveFrom, or the monthly LPR shortcut), a second person approves it, and the approval
// appends PolicyAdopted to the `policy` stream. Both phases run through the one maker-checker
// mechanism: the proposal is checked at once (schema, closed months, commands it would re-judge) and
// held; on approval it is built and checked again against the store as it is then.
import * as z from 'zod';
import { event } from '../../domain/aggregate';
import { addDays, monthOf, monthsBetween } from '../../domain/dates';
import { type DomainError, domainError } from '../../domain/errors';
import { MAX_DAYS_AHEAD } from '../../domain/business-date';
import { buildProposal, kindsJudgedBy, lprFixingPatch, policyInForce, type PolicyBook, versionsOf } from '../../domain/policy-book';
import type { PolicyVersion } from '../../domain/policy';
import type { JsonObject } from '../../events/json';
import { mergePatch } from '../../events/policy-events';
import { basisPoints, businessDate, id, nonEmptyText, type FundKind } from '../../events/primitives';
import { streamIds } from '../../events/stream-ids';
import type { EventStore } from '../store/event-store';
import { readMonthsAhead } from '../store/read-months-ahead';
import { changeOf } from './changes';
import { InvalidProposal, PeriodClosed } from './errors';
import { fundAggregate } from './fund-commands';
import { type HeldCommandType, type HoldableSpec, type Load, runHoldable } from './maker-checker';
import type { CommandContext, CommandResult, Pipeline } from './pipeline';
import { policyBookAggregate } from './policy-stream';

export const ADOPT_POLICY = 'adoptPolicy';

/** What a proposal holds: either a merge patch, or one LPR fixing whose patch is built over the base at each phase. */
const heldProposal = z.object({
  policyId: id,
  effectiveFrom: businessDate,
  reason: nonEmptyText(1000),
  proposedBy: nonEmptyText(200),
  changes: mergePatch.optional(),
  lprFixing: z.object({ from: businessDate, rateBps: basisPoints }).optional(),
});
type HeldProposal = z.output<typeof heldProposal>;

/** Events of the month index that are month-end artefacts, not commands judged by a policy. */
const NOT_JUDGED = new Set(['PeriodClosed', 'ReconciliationCompleted', 'BankStatementRecorded', 'AlertRaised', 'AlertAcknowledged', 'AlertResolved']);

export interface PolicyCommandDeps {
  store: Pick<EventStore, 'readMonth'>;
  today: () => string;
}

/**
 * Refuses an effectiveFrom in a month already closed for any fund (PeriodClosed, a 409), or on or
 * before the business date of a posted command of a fund kind whose parameters change (would-rejudge,
 * naming the latest such command). The month index is read from effectiveFrom's month to the last
 * month a command may be dated in (today + MAX_DAYS_AHEAD).
 */
const checkRetroactive = async (deps: PolicyCommandDeps, load: Load, effectiveFrom: string, kinds: ReadonlySet<FundKind>): Promise<DomainError | undefined> => {
  const from = monthOf(effectiveFrom);
  const last = monthOf(addDays(deps.today(), MAX_DAYS_AHEAD));
  const kindOf = new Map<string, FundKind | null>();
  let latest: { streamId: string; version: number; type: string; occurredOn: string; recordedAt: string } | undefined;
  for await (const stored of readMonthsAhead(deps.store, monthsBetween(from, last))) {
    const fundId = typeof stored.data.fundId === 'string' ? stored.data.fundId : undefined;
    if (stored.type === 'PeriodClosed' && fundId !== undefined && typeof stored.data.month === 'string' && stored.data.month >= from) throw new PeriodClosed(fundId, stored.data.month);
    if (kinds.size === 0 || NOT_JUDGED.has(stored.type) || fundId === undefined || stored.occurredOn < effectiveFrom) continue;
    if (!kindOf.has(fundId)) kindOf.set(fundId, (await load(streamIds.fund(fundId), fundAggregate(fundId))).state.kind);
    const kind = kindOf.get(fundId);
    if (kind === null || kind === undefined || !kinds.has(kind)) continue;
    if (latest === undefined || `${stored.occurredOn} ${stored.recordedAt}` > `${latest.occurredOn} ${latest.recordedAt}`) latest = stored;
  }
  if (latest === undefined) return undefined;
  return domainError(
    'would-rejudge',
    `${latest.type} on ${latest.streamId} (v${latest.version}) dated ${latest.occurredOn} was judged under the rules this version changes; effectiveFrom must be after ${latest.occurredOn}`,
    { field: 'effectiveFrom', limit: `after ${latest.occurredOn}`, actual: effectiveFrom },
  );
};

/** The version a proposal makes over the book as it is now, or why it cannot. */
const versionOf = (book: PolicyBook, p: HeldProposal): { version: PolicyVersion; basedOn: PolicyVersion; changed: string[]; changes: JsonObject } | DomainError => {
  const versions = versionsOf(book);
  if (versions.some((v) => v.id === p.policyId)) return domainError('already-exists', `policy version ${p.policyId} already exists`, { field: 'policyId' });
  const basedOn = policyInForce(book, p.effectiveFrom);
  if (basedOn === undefined) return domainError('no-policy-in-force', `No policy version is in force on ${p.effectiveFrom} to base a change on`, { field: 'effectiveFrom' });
  let changes = p.changes ?? {};
  if (p.lprFixing !== undefined) {
    // A fixing holds from its date on; a version already adopted from a later date would not carry it.
    const later = versions.find((v) => v.effectiveFrom > p.effectiveFrom);
    if (later !== undefined) return domainError('later-version-in-force', `version ${later.id} is in force from ${later.effectiveFrom}, after this fixing; propose a version from that date with the fixing instead`, { field: 'from', actual: later.id });
    changes = lprFixingPatch(basedOn, p.lprFixing);
  }
  const outcome = buildProposal(basedOn, { policyId: p.policyId, effectiveFrom: p.effectiveFrom, changes });
  if (!outcome.ok) throw new InvalidProposal(outcome.errors);
  return { ...outcome, changes };
};

const proposalSpec = (deps: PolicyCommandDeps, proposedOn: string, p: HeldProposal): HoldableSpec => ({
  held: { name: ADOPT_POLICY, occurredOn: proposedOn, input: heldProposal.encode(p) as JsonObject },
  decide: async (load, phase) => {
    const book = await load(streamIds.policy(), policyBookAggregate);
    const built = versionOf(book.state, p);
    if ('code' in built) return built;
    const refused = await checkRetroactive(deps, load, p.effectiveFrom, kindsJudgedBy(built.changed));
    if (refused !== undefined) return refused;
    const figures = { policyId: p.policyId, effectiveFrom: p.effectiveFrom, basedOn: built.basedOn.id, changed: built.changed, changes: built.changes, reason: p.reason };
    if (phase.kind === 'request') return { hold: { reason: 'a new policy version needs a second person', figures, changes: [] } };
    const adopted = event('PolicyAdopted', {
      policyId: p.policyId,
      effectiveFrom: p.effectiveFrom,
      parameters: built.version,
      basedOn: built.basedOn.id,
      changes: built.changes,
      changed: built.changed,
      reason: p.reason,
      proposedBy: p.proposedBy,
      proposedOn,
      approvedBy: phase.decided.by,
      adoptedOn: deps.today(),
      approvalId: phase.approvalId,
    });
    return { changes: [changeOf(book, [adopted], policyBookAggregate).change], result: { status: 200, body: { ...figures, status: 'adopted' } } };
  },
});

/** How the maker-checker mechanism rebuilds a held proposal. */
export const adoptPolicyHeld = (deps: PolicyCommandDeps): HeldCommandType => ({
  build: (held) => proposalSpec(deps, held.occurredOn, heldProposal.parse(held.input)),
});

export interface ProposeInput {
  policyId: string;
  effectiveFrom: string;
  reason: string;
  changes: JsonObject;
}

export const createPolicyCommands = (pipeline: Pipeline, deps: PolicyCommandDeps) => ({
  /** 202 pending-approval (every version needs a second person); 400 naming each bad field; 409 period-closed or would-rejudge. */
  proposePolicy: (input: ProposeInput, context: CommandContext): Promise<CommandResult> =>
    runHoldable(pipeline, proposalSpec(deps, deps.today(), { ...input, proposedBy: context.meta.actor }), context),

  /** The monthly shortcut: a new 1-year LPR fixing from `from`, as version `lpr-<from>`. */
  proposeLprFixing: (input: { from: string; rateBps: number; reason?: string | undefined }, context: CommandContext): Promise<CommandResult> =>
    runHoldable(
      pipeline,
      proposalSpec(deps, deps.today(), {
        policyId: `lpr-${input.from}`,
        effectiveFrom: input.from,
        reason: input.reason ?? `1-year LPR fixing of ${input.from}: ${input.rateBps} bp`,
        proposedBy: context.meta.actor,
        lprFixing: { from: input.from, rateBps: input.rateBps },
      }),
      context,
    ),
});

export type PolicyCommands = ReturnType<typeof createPolicyCommands>;
