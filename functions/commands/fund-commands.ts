// Fund-book commands: set up a fund, inject fiscal capital, book interest received and bank charges.
import { decideFund, evolveFund, initialFundState, type FundState } from '../../domain/fund-book';
import { formatYuan } from '../../domain/money';
import type { CapitalSource, FundKind } from '../../events/primitives';
import { streamIds } from '../../events/stream-ids';
import type { Aggregate, CommandContext, CommandResult, Pipeline } from './pipeline';

export const fundAggregate = (fundId: string): Aggregate<FundState> => ({ initial: initialFundState(fundId), evolve: evolveFund });

export interface CashInput {
  amount: bigint;
  occurredOn: string;
  reference: string;
}

export const createFundCommands = (pipeline: Pipeline) => ({
  /**
   * FundCreated is dated on openedOn (default today): the book starts there, so the month end finds
   * it in its opening month. `today` is the day it is created (the answer's createdOn).
   */
  createFund: (input: { fundId: string; kind: FundKind; name: string; openedOn?: string | undefined }, today: string, context: CommandContext): Promise<CommandResult> => {
    const openedOn = input.openedOn ?? today;
    return pipeline.run(
      {
        fundId: input.fundId,
        occurredOn: openedOn,
        dateField: 'openedOn',
        dateRule: 'opening',
        decide: async (load) => {
          const fund = await load(streamIds.fund(input.fundId), fundAggregate(input.fundId));
          // No policy limit applies to opening a fund; the pipeline refuses an openedOn before the first policy version.
          const events = decideFund(fund.state, { type: 'createFund', fundId: input.fundId, kind: input.kind, name: input.name, openedOn, today });
          if (!Array.isArray(events)) return events;
          const state = events.reduce(evolveFund, fund.state);
          return {
            changes: [{ streamId: fund.streamId, expectedVersion: fund.version, events, snapshot: state }],
            result: { status: 201, body: { fundId: input.fundId, kind: input.kind, name: input.name, openedOn, createdOn: today } },
          };
        },
      },
      context,
    );
  },

  injectCapital: (fundId: string, input: CashInput & { source: CapitalSource }, context: CommandContext): Promise<CommandResult> =>
    cashIn(pipeline, fundId, input, { type: 'injectCapital', amount: input.amount, source: input.source, reference: input.reference }, context, { source: input.source }),

  receiveInterest: (fundId: string, input: CashInput, context: CommandContext): Promise<CommandResult> =>
    cashIn(pipeline, fundId, input, { type: 'receiveInterest', amount: input.amount, reference: input.reference }, context, {}),

  /** 银行手续费: booked at once (201), the bank having already taken it; never overdraws the books. */
  bookBankCharge: (fundId: string, input: CashInput & { description: string }, context: CommandContext): Promise<CommandResult> =>
    cashIn(pipeline, fundId, input, { type: 'bookBankCharge', amount: input.amount, reference: input.reference, description: input.description }, context, { description: input.description }),

  /** 期初余额 of a running fund, once, on its openedOn (docs/migration.md). */
  recordOpeningBalance: (fundId: string, input: { cash: bigint; capital: bigint; occurredOn: string }, context: CommandContext): Promise<CommandResult> =>
    pipeline.run(
      {
        fundId,
        occurredOn: input.occurredOn,
        migration: { date: input.occurredOn, field: 'occurredOn' },
        decide: async (load) => {
          const fund = await load(streamIds.fund(fundId), fundAggregate(fundId));
          const events = decideFund(fund.state, { type: 'recordOpeningBalance', cash: input.cash, capital: input.capital });
          if (!Array.isArray(events)) return events;
          const state = events.reduce(evolveFund, fund.state);
          return {
            changes: [{ streamId: fund.streamId, expectedVersion: fund.version, events, snapshot: state }],
            result: { status: 201, body: { fundId, occurredOn: input.occurredOn, cash: formatYuan(state.cash), capital: formatYuan(state.capital) } },
          };
        },
      },
      context,
    ),
});

/** A command that moves only the fund's cash, answered 201 with the cash after it. */
const cashIn = (
  pipeline: Pipeline,
  fundId: string,
  input: CashInput,
  command: Parameters<typeof decideFund>[1],
  context: CommandContext,
  extra: Record<string, string>,
): Promise<CommandResult> =>
  pipeline.run(
    {
      fundId,
      occurredOn: input.occurredOn,
      decide: async (load, policyOf) => {
        const [fund, policy] = await Promise.all([load(streamIds.fund(fundId), fundAggregate(fundId)), policyOf()]);
        const events = decideFund(fund.state, command, policy);
        if (!Array.isArray(events)) return events;
        const state = events.reduce(evolveFund, fund.state);
        return {
          changes: [{ streamId: fund.streamId, expectedVersion: fund.version, events, snapshot: state }],
          result: {
            status: 201,
            body: { fundId, amount: formatYuan(input.amount), occurredOn: input.occurredOn, reference: input.reference, ...extra, cash: formatYuan(state.cash) },
          },
        };
      },
    },
    context,
  );

export type FundCommands = ReturnType<typeof createFundCommands>;
