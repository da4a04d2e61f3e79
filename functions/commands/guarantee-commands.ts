// Risk-pool commands (风险补偿资金池). Issue, fee and release touch only the guarantee stream;
// compensation and recovery move the pool's cash and append to the fund stream in the same transaction.
import type { GuaranteeCommand } from '../../domain/risk-pool';
import { decideCompensation, decideGuarantee, decideRecovery, evolveGuarantee, initialGuaranteeState, type GuaranteeState } from '../../domain/risk-pool';
import { formatYuan } from '../../domain/money';
import { streamIds } from '../../events/stream-ids';
import * as z from 'zod';
import { approvalReason } from '../../domain/approval';
import { isDomainError } from '../../domain/errors';
import { positiveYuan } from '../../events/money';
import { businessDate, id } from '../../events/primitives';
import { countyRefusal } from '../shared/city-county';
import { changeOf, withFund, withFundDecision } from './changes';
import { type HeldCommandType, heldFundId, type HoldableSpec, runHoldable } from './maker-checker';
import { fundAggregate } from './fund-commands';
import { businessDateOf, type Aggregate, type CommandContext, type CommandResult, type Dated, type Pipeline } from './pipeline';

export const guaranteeAggregate = (fundId: string, guaranteeId: string): Aggregate<GuaranteeState> => ({
  initial: initialGuaranteeState(fundId, guaranteeId),
  evolve: evolveGuarantee,
});

export type IssueGuaranteeInput = Omit<Extract<GuaranteeCommand, { type: 'issueGuarantee' }>, 'type' | 'fundId'>;

const view = (g: GuaranteeState) => ({
  fundId: g.fundId,
  guaranteeId: g.guaranteeId,
  status: g.status,
  principal: formatYuan(g.principal),
  feeRateBps: g.feeRateBps,
  riskShare: { ...g.riskShare },
  startsOn: g.startsOn,
  maturesOn: g.maturesOn,
  feesCollected: formatYuan(g.feesCollected),
});

/** The guarantee side of a command that also moves the fund's cash (withFund). */
const onGuarantee = (fundId: string, guaranteeId: string, occurredOn: string) => ({
  fundId,
  occurredOn,
  streamId: streamIds.guarantee(fundId, guaranteeId),
  aggregate: guaranteeAggregate(fundId, guaranteeId),
  key: 'guarantee' as const,
});

export const COMPENSATE_DEFAULT = 'compensateDefault';
const compensationInput = z.object({ guaranteeId: id, occurredOn: businessDate, principalLoss: positiveYuan });

/**
 * A compensation as a holdable command: paid at once, or held for a second person when the
 * pool's share reaches the policy's threshold (maker-checker), then paid on approval.
 */
const compensationSpec = (fundId: string, guaranteeId: string, input: { occurredOn: string; principalLoss: bigint }): HoldableSpec => {
  const decide = withFundDecision({
    ...onGuarantee(fundId, guaranteeId, input.occurredOn),
    decide: (g, f, policy) => decideCompensation(g, f, { type: 'compensateDefault', principalLoss: input.principalLoss }, policy),
    answer: (g, f) => ({
      fundId,
      guaranteeId,
      status: g.status,
      principalLoss: formatYuan(g.principalLoss),
      poolShareBps: g.riskShare.poolBps,
      poolAmount: formatYuan(g.poolCompensated),
      cash: formatYuan(f.cash),
    }),
  });
  return {
    held: { name: COMPENSATE_DEFAULT, fundId, occurredOn: input.occurredOn, input: compensationInput.encode({ guaranteeId, ...input }) },
    decide: async (load, phase, policyOf) => {
      const decision = await decide(load, policyOf);
      if (isDomainError(decision) || phase.kind === 'approval') return decision;
      const paid = decision.changes.flatMap((c) => c.events).find((e) => e.type === 'CompensationPaid');
      if (paid?.type !== 'CompensationPaid') return decision;
      const reason = approvalReason(await policyOf(), { command: 'compensateDefault', amount: paid.data.amount });
      if (reason === undefined) return decision;
      const figures = { fundId, guaranteeId, principalLoss: formatYuan(paid.data.principalLoss), poolShareBps: paid.data.poolShareBps, poolAmount: formatYuan(paid.data.amount) };
      return { hold: { reason, figures, changes: [] } };
    },
  };
};

/** How the maker-checker mechanism rebuilds a held compensation. */
export const compensateDefaultHeld: HeldCommandType = {
  build: (held) => {
    const { guaranteeId, ...input } = compensationInput.parse(held.input);
    return compensationSpec(heldFundId(held), guaranteeId, input);
  },
};

export const createGuaranteeCommands = (pipeline: Pipeline) => {
  /** Issue, fee, release: the guarantee stream only; the fund is read to check its kind. */
  const single = (fundId: string, guaranteeId: string, dated: Dated, command: Parameters<typeof decideGuarantee>[1], context: CommandContext): Promise<CommandResult> =>
    pipeline.run(
      {
        fundId,
        ...dated,
        decide: async (load, policyOf) => {
          // A county is the city's (events accept every city's codes; the city is this command's).
          const countyRefused = command.type === 'issueGuarantee' ? countyRefusal(command.borrower.county) : undefined;
          if (countyRefused !== undefined) return countyRefused;
          const aggregate = guaranteeAggregate(fundId, guaranteeId);
          const [guarantee, fund, policy] = await Promise.all([load(streamIds.guarantee(fundId, guaranteeId), aggregate), load(streamIds.fund(fundId), fundAggregate(fundId)), policyOf()]);
          const events = decideGuarantee(guarantee.state, command, policy, fund.state);
          if (!Array.isArray(events)) return events;
          const { change, state } = changeOf(guarantee, events, aggregate);
          return { changes: [change], result: { status: 201, body: view(state) } };
        },
      },
      context,
    );

  return {
    issueGuarantee: (fundId: string, input: IssueGuaranteeInput, context: CommandContext) =>
      single(fundId, input.guaranteeId, businessDateOf(input.migratedOn, input.startsOn, 'startsOn'), { type: 'issueGuarantee', fundId, ...input, riskShare: input.riskShare }, context),

    collectGuaranteeFee: (fundId: string, guaranteeId: string, input: { occurredOn: string; amount: bigint }, context: CommandContext) =>
      single(fundId, guaranteeId, { occurredOn: input.occurredOn }, { type: 'collectGuaranteeFee', amount: input.amount }, context),

    releaseGuarantee: (fundId: string, guaranteeId: string, input: { occurredOn: string }, context: CommandContext) =>
      single(fundId, guaranteeId, { occurredOn: input.occurredOn }, { type: 'releaseGuarantee' }, context),

    compensateDefault: (fundId: string, guaranteeId: string, input: { occurredOn: string; principalLoss: bigint }, context: CommandContext) =>
      runHoldable(pipeline, compensationSpec(fundId, guaranteeId, input), context),

    recordRecovery: (fundId: string, guaranteeId: string, input: { occurredOn: string; amount: bigint; costs: bigint }, context: CommandContext) =>
      withFund(
        pipeline,
        {
          ...onGuarantee(fundId, guaranteeId, input.occurredOn),
          decide: (g, f, policy) => decideRecovery(g, f, { type: 'recordRecovery', grossAmount: input.amount, costs: input.costs }, policy),
          answer: (g, f, events) => {
            const recorded = events.find((e) => e.type === 'GuaranteeRecoveryRecorded');
            const poolAmount = recorded?.type === 'GuaranteeRecoveryRecorded' ? recorded.data.poolAmount : 0n;
            return {
              fundId,
              guaranteeId,
              amount: formatYuan(input.amount),
              costs: formatYuan(input.costs),
              poolShareBps: g.riskShare.poolBps,
              poolAmount: formatYuan(poolAmount),
              recoveredToPool: formatYuan(g.recoveredToPool),
              cash: formatYuan(f.cash),
            };
          },
        },
        context,
      ),
  };
};

export type GuaranteeCommands = ReturnType<typeof createGuaranteeCommands>;
