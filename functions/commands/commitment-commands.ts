// Guidance-fund commands (政府引导基金). Commitments and capital calls touch only the commitment
// stream (memo and accrual postings); paying a call and receiving a distribution move cash.
import { decideCapitalPayment, decideCommitment, decideDistribution, evolveCommitment, initialCommitmentState, unfunded, type CommitmentState } from '../../domain/guidance-fund';
import { formatYuan } from '../../domain/money';
import { streamIds } from '../../events/stream-ids';
import { changeOf, withFund } from './changes';
import { fundAggregate } from './fund-commands';
import { businessDateOf, type Aggregate, type CommandContext, type CommandResult, type Dated, type Pipeline } from './pipeline';

export const commitmentAggregate = (fundId: string, commitmentId: string): Aggregate<CommitmentState> => ({
  initial: initialCommitmentState(fundId, commitmentId),
  evolve: evolveCommitment,
});

export interface MakeCommitmentInput {
  commitmentId: string;
  subFund: { name: string; size: bigint; prioritySector: boolean; green: boolean; manager: { name: string; paidInCapital: bigint } };
  amount: bigint;
  committedOn: string;
  /** A commitment made before the fund's books opened, brought in on openedOn (docs/migration.md). */
  migratedOn?: string | undefined;
}

const summary = (c: CommitmentState) => ({
  fundId: c.fundId,
  commitmentId: c.commitmentId,
  committed: formatYuan(c.amount),
  called: formatYuan(c.called),
  paidIn: formatYuan(c.paidIn),
  unfunded: formatYuan(unfunded(c)),
});

export const createCommitmentCommands = (pipeline: Pipeline) => {
  const single = (fundId: string, commitmentId: string, dated: Dated, command: Parameters<typeof decideCommitment>[1], extra: (c: CommitmentState) => Record<string, string>, context: CommandContext): Promise<CommandResult> =>
    pipeline.run(
      {
        fundId,
        ...dated,
        decide: async (load, policyOf) => {
          const aggregate = commitmentAggregate(fundId, commitmentId);
          const [commitment, fund, policy] = await Promise.all([load(streamIds.commitment(fundId, commitmentId), aggregate), load(streamIds.fund(fundId), fundAggregate(fundId)), policyOf()]);
          const events = decideCommitment(commitment.state, command, policy, fund.state);
          if (!Array.isArray(events)) return events;
          const { change, state } = changeOf(commitment, events, aggregate);
          return { changes: [change], result: { status: 201, body: { ...summary(state), ...extra(state) } } };
        },
      },
      context,
    );

  return {
    makeCommitment: (fundId: string, input: MakeCommitmentInput, context: CommandContext) =>
      single(fundId, input.commitmentId, businessDateOf(input.migratedOn, input.committedOn, 'committedOn'), { type: 'makeCommitment', fundId, ...input }, () => ({ committedOn: input.committedOn }), context),

    callCapital: (fundId: string, commitmentId: string, input: { callId: string; amount: bigint; calledOn: string; dueOn: string; migratedOn?: string | undefined }, context: CommandContext) =>
      single(
        fundId,
        commitmentId,
        businessDateOf(input.migratedOn, input.calledOn, 'calledOn'),
        { type: 'callCapital', ...input },
        () => ({ callId: input.callId, amount: formatYuan(input.amount), calledOn: input.calledOn, dueOn: input.dueOn }),
        context,
      ),

    payCapitalCall: (fundId: string, commitmentId: string, callId: string, input: { paidOn: string; migratedOn?: string | undefined }, context: CommandContext): Promise<CommandResult> =>
      withFund(
        pipeline,
        {
          fundId,
          ...businessDateOf(input.migratedOn, input.paidOn, 'paidOn'),
          streamId: streamIds.commitment(fundId, commitmentId),
          aggregate: commitmentAggregate(fundId, commitmentId),
          key: 'commitment',
          decide: (c, fund, policy) => decideCapitalPayment(c, fund, { type: 'payCapitalCall', callId, paidOn: input.paidOn, migratedOn: input.migratedOn }, policy),
          answer: (c, fund) => ({ ...summary(c), callId, amount: formatYuan(c.calls[callId]?.amount ?? 0n), paidOn: input.paidOn, cash: formatYuan(fund.cash) }),
        },
        context,
      ),

    recordDistribution: (
      fundId: string,
      commitmentId: string,
      input: { distributionId: string; receivedOn: string; returnOfCapital: bigint; gain: bigint },
      context: CommandContext,
    ): Promise<CommandResult> =>
      withFund(
        pipeline,
        {
          fundId,
          occurredOn: input.receivedOn,
          dateField: 'receivedOn',
          streamId: streamIds.commitment(fundId, commitmentId),
          aggregate: commitmentAggregate(fundId, commitmentId),
          key: 'commitment',
          decide: (c, fund, policy) => decideDistribution(c, fund, { type: 'recordDistribution', ...input }, policy),
          answer: (c, fund) => ({
            ...summary(c),
            distributionId: input.distributionId,
            receivedOn: input.receivedOn,
            returnOfCapital: formatYuan(input.returnOfCapital),
            gain: formatYuan(input.gain),
            cash: formatYuan(fund.cash),
          }),
        },
        context,
      ),
  };
};

export type CommitmentCommands = ReturnType<typeof createCommitmentCommands>;
