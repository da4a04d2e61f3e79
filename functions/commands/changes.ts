// Turning decided events into stream changes: the new snapshot is the state folded forward, and
// a stream with nothing to append is left out (it would only add a condition to the transaction).
import type { Decision } from '../../domain/aggregate';
import { type DomainError, isDomainError } from '../../domain/errors';
import type { FundState } from '../../domain/fund-book';
import type { PolicyVersion } from '../../domain/policy';
import type { DomainEvent } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import type { JsonObject } from '../store/types';
import { fundAggregate } from './fund-commands';
import type { Aggregate, CommandContext, CommandResult, CommandSpec, Decision as PipelineDecision, Loaded, Pipeline, PolicyOf, StreamChange } from './pipeline';

export interface Changed<S> {
  change: StreamChange;
  state: S;
}

export const changeOf = <S>(loaded: Loaded<S>, events: DomainEvent[], aggregate: Aggregate<S>): Changed<S> => {
  const state = events.reduce(aggregate.evolve, loaded.state);
  return { change: { streamId: loaded.streamId, expectedVersion: loaded.version, events, snapshot: state }, state };
};

export const nonEmpty = (...changes: StreamChange[]): StreamChange[] => changes.filter((c) => c.events.length > 0);

/** What a command on one sub-aggregate that also moves the fund's cash needs (withFund). */
export interface WithFundSpec<S, K extends string> {
  fundId: string;
  occurredOn: string;
  /** The request's name for occurredOn (CommandSpec.dateField). */
  dateField?: string;
  migration?: CommandSpec['migration'];
  streamId: string;
  aggregate: Aggregate<S>;
  key: K;
  decide: (sub: S, fund: FundState, policy: PolicyVersion) => Decision<K | 'fund'> | DomainError;
  answer: (sub: S, fund: FundState, events: DomainEvent[]) => JsonObject;
  /** Changes to further streams the decided events cause (an alert raised or resolved), in the same transaction. */
  also?: (load: <T>(streamId: string, aggregate: Aggregate<T>) => Promise<Loaded<T>>, events: DomainEvent[]) => Promise<StreamChange[]>;
}

/** The decide step of withFund, on its own so a held command (maker-checker) can run it later. */
export const withFundDecision =
  <S, K extends string>(spec: WithFundSpec<S, K>) =>
  async (load: <T>(streamId: string, aggregate: Aggregate<T>) => Promise<Loaded<T>>, policyOf: PolicyOf): Promise<PipelineDecision | DomainError> => {
    const fAggregate = fundAggregate(spec.fundId);
    const [sub, fund, policy] = await Promise.all([load(spec.streamId, spec.aggregate), load(streamIds.fund(spec.fundId), fAggregate), policyOf()]);
    const decision = spec.decide(sub.state, fund.state, policy);
    if (isDomainError(decision)) return decision;
    const s = changeOf(sub, decision[spec.key], spec.aggregate);
    const f = changeOf(fund, decision.fund, fAggregate);
    const events = [...decision[spec.key], ...decision.fund];
    const also = spec.also === undefined ? [] : await spec.also(load, events);
    return { changes: nonEmpty(s.change, f.change, ...also), result: { status: 201, body: spec.answer(s.state, f.state, events) } };
  };

/**
 * A command on one sub-aggregate that also moves the fund's cash: both streams are loaded, the
 * domain decides both lists of events, and both are appended in the one transaction.
 */
export const withFund = <S, K extends string>(pipeline: Pipeline, spec: WithFundSpec<S, K>, context: CommandContext): Promise<CommandResult> =>
  pipeline.run(
    {
      fundId: spec.fundId,
      occurredOn: spec.occurredOn,
      ...(spec.dateField === undefined ? {} : { dateField: spec.dateField }),
      ...(spec.migration === undefined ? {} : { migration: spec.migration }),
      decide: withFundDecision(spec),
    },
    context,
  );
