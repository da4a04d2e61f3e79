// Subsidy-budget commands (财政补贴资金): request a grant (held for a second person when the policy
// says so), grant it on approval, claw it back. A grant takes the subsidy's stream, the fund's
// stream (cash) and, for a per-firm cap, the cap's counter stream, all in one transaction: two
// approvals racing for the last of a cap or of the cash conflict on a head, and the loser re-decides.
import { approvalReason } from '../../domain/approval';
import { isDomainError } from '../../domain/errors';
import type { FundState } from '../../domain/fund-book';
import { formatYuan } from '../../domain/money';
import { computeSubsidy } from '../../domain/subsidy';
import {
  assessClaim,
  type CapCounter,
  decideClawback,
  decideGrant,
  decideRejection,
  decideSubsidyRequest,
  evolveCapCounter,
  evolveSubsidy,
  type Figures,
  initialCapCounter,
  initialSubsidyState,
  type SubsidyRequest,
  type SubsidyState,
} from '../../domain/subsidy-grant';
import type { HeldCommand } from '../../domain/approval';
import type { DomainEvent } from '../../events/registry';
import { type SubsidyRequestInput, subsidyRequest } from '../../events/subsidy-events';
import { streamIds } from '../../events/stream-ids';
import type { JsonObject } from '../store/types';
import { changeOf, nonEmpty } from './changes';
import { fundAggregate } from './fund-commands';
import { type HeldCommandType, heldFundId, type HoldableSpec, type Load, runHoldable } from './maker-checker';
import type { Aggregate, CommandContext, CommandResult, Pipeline } from './pipeline';

export const subsidyAggregate = (fundId: string, subsidyId: string): Aggregate<SubsidyState> => ({ initial: initialSubsidyState(fundId, subsidyId), evolve: evolveSubsidy });
export const capAggregate: Aggregate<CapCounter> = { initial: initialCapCounter(), evolve: evolveCapCounter };

export const GRANT_SUBSIDY = 'grantSubsidy';

const toRequest = (input: SubsidyRequestInput): SubsidyRequest => ({
  subsidyId: input.subsidyId,
  firm: input.firm,
  occurredOn: input.occurredOn,
  claim: { programme: input.programme, details: input.details } as SubsidyRequest['claim'],
});

/** What the maker and the checker see: the amount, and when a cap cut it, the uncut figure and which cap. */
const figuresBody = (fundId: string, input: SubsidyRequestInput, figures: Figures): JsonObject => ({
  fundId,
  subsidyId: input.subsidyId,
  programme: input.programme,
  firm: { ...input.firm },
  occurredOn: input.occurredOn,
  amount: formatYuan(figures.amount),
  ...(figures.cut === undefined
    ? {}
    : { uncutAmount: formatYuan(figures.cut.uncutAmount), cap: { scope: figures.cut.scope, limit: formatYuan(figures.cut.limit), alreadyGranted: formatYuan(figures.cut.used) } }),
  basis: figures.computed.basis,
});

const subsidyBody = (s: SubsidyState, fund: FundState): JsonObject => ({
  fundId: s.fundId,
  subsidyId: s.subsidyId,
  programme: s.programme,
  status: s.status,
  amountGranted: formatYuan(s.granted),
  clawedBack: formatYuan(s.clawedBack),
  cash: formatYuan(fund.cash),
});

/** The grant as a holdable command: its figures are computed afresh in each phase. */
const grantSpec = (fundId: string, input: SubsidyRequestInput): HoldableSpec => ({
  held: { name: GRANT_SUBSIDY, fundId, occurredOn: input.occurredOn, input: subsidyRequest.encode(input) as JsonObject },
  decide: async (load, phase, policyOf) => {
    const policy = await policyOf();
    const request = toRequest(input);
    const fAggregate = fundAggregate(fundId);
    const sAggregate = subsidyAggregate(fundId, input.subsidyId);
    const computed = computeSubsidy(request.claim, request.firm.creditCode, request.occurredOn, policy);
    const capKey = isDomainError(computed) ? undefined : computed.cap?.key;
    const [fund, subsidy, cap] = await Promise.all([
      load(streamIds.fund(fundId), fAggregate),
      load(streamIds.subsidy(fundId, input.subsidyId), sAggregate),
      capKey === undefined ? Promise.resolve(undefined) : load(streamIds.grantCap(capKey), capAggregate),
    ]);
    const figures = assessClaim(fund.state, request, cap?.state.used ?? 0n, policy);
    if (isDomainError(figures)) return figures;
    const reason = phase.kind === 'request' ? approvalReason(policy, { command: 'grantSubsidy' }) : undefined;
    let loaded = subsidy;
    const requestedEvents: DomainEvent[] = [];
    if (phase.kind === 'request') {
      const requested = decideSubsidyRequest(subsidy.state, fund.state, request, figures, reason === undefined ? undefined : phase.approvalId);
      if (isDomainError(requested)) return requested;
      if (reason !== undefined) return { hold: { reason, figures: figuresBody(fundId, input, figures), changes: [changeOf(subsidy, requested, sAggregate).change] } };
      // No second person needed: requested and granted in the one command.
      requestedEvents.push(...requested);
      loaded = { ...subsidy, state: requested.reduce(evolveSubsidy, subsidy.state) };
    }
    const granted = decideGrant(loaded.state, fund.state, figures, phase.kind === 'approval' ? phase.approvalId : undefined);
    if (isDomainError(granted)) return granted;
    const s = changeOf(subsidy, [...requestedEvents, ...granted.subsidy], sAggregate);
    const f = changeOf(fund, granted.fund, fAggregate);
    const c = cap === undefined ? [] : [changeOf(cap, granted.cap, capAggregate).change];
    return {
      changes: nonEmpty(s.change, f.change, ...c),
      result: { status: phase.kind === 'request' ? 201 : 200, body: { ...subsidyBody(s.state, f.state), ...figuresBody(fundId, input, figures) } },
    };
  },
});

const parseHeld = (held: HeldCommand): SubsidyRequestInput => subsidyRequest.parse(held.input);

/** How the maker-checker mechanism rebuilds a held grant, and what a rejection records. */
export const grantSubsidyHeld: HeldCommandType = {
  build: (held) => grantSpec(heldFundId(held), parseHeld(held)),
  onReject: async (held: HeldCommand, load: Load, approvalId: string) => {
    const input = parseHeld(held);
    const fundId = heldFundId(held);
    const aggregate = subsidyAggregate(fundId, input.subsidyId);
    const subsidy = await load(streamIds.subsidy(fundId, input.subsidyId), aggregate);
    const events = decideRejection(subsidy.state, approvalId);
    return isDomainError(events) ? [] : nonEmpty(changeOf(subsidy, events, aggregate).change);
  },
};

export const createSubsidyCommands = (pipeline: Pipeline) => ({
  requestSubsidy: (fundId: string, input: SubsidyRequestInput, context: CommandContext): Promise<CommandResult> => runHoldable(pipeline, grantSpec(fundId, input), context),

  clawBackSubsidy: (fundId: string, subsidyId: string, input: { occurredOn: string; amount: bigint; reason: string }, context: CommandContext): Promise<CommandResult> =>
    pipeline.run(
      {
        fundId,
        occurredOn: input.occurredOn,
        decide: async (load) => {
          const fAggregate = fundAggregate(fundId);
          const sAggregate = subsidyAggregate(fundId, subsidyId);
          const [fund, subsidy] = await Promise.all([load(streamIds.fund(fundId), fAggregate), load(streamIds.subsidy(fundId, subsidyId), sAggregate)]);
          const capKey = subsidy.state.capKey;
          const cap = capKey === undefined ? undefined : await load(streamIds.grantCap(capKey), capAggregate);
          const decided = decideClawback(subsidy.state, input);
          if (isDomainError(decided)) return decided;
          const s = changeOf(subsidy, decided.subsidy, sAggregate);
          const f = changeOf(fund, decided.fund, fAggregate);
          const c = cap === undefined ? [] : [changeOf(cap, decided.cap, capAggregate).change];
          return {
            changes: nonEmpty(s.change, f.change, ...c),
            result: { status: 201, body: { ...subsidyBody(s.state, f.state), amount: formatYuan(input.amount), reason: input.reason, occurredOn: input.occurredOn } },
          };
        },
      },
      context,
    ),
});

export type SubsidyCommands = ReturnType<typeof createSubsidyCommands>;
