// Two-person approval (maker-checker) for any command, over the one pipeline. A holdable command
// decides in two phases: on request it is checked by the rules at once and, when the policy asks
// for a second person, held (its reservations plus ApprovalRequested, answered 202); on approval it
// is decided again with the state as it is then, and its effects commit in the SAME transaction as
// ApprovalGranted, so a refusal (cash spent, cap used up, period closed) leaves the request pending.
import { randomUUID } from 'node:crypto';
import {
  type ApprovalState,
  decideApproval,
  evolveApproval,
  type HeldCommand,
  initialApprovalState,
  requestApproval,
} from '../../domain/approval';
import { type DomainError, isDomainError } from '../../domain/errors';
import { streamIds } from '../../events/stream-ids';
import type { JsonObject } from '../store/types';
import { changeOf } from './changes';
import { ResourceNotFound } from './errors';
import type { Aggregate, CommandContext, CommandResult, Decision, Loaded, Pipeline, PolicyOf, StreamChange } from './pipeline';

export type Load = <S>(streamId: string, aggregate: Aggregate<S>) => Promise<Loaded<S>>;

/** The phase a holdable command decides in, with the approval that holds (or would hold) it; on approval, who decided and why. */
export type Phase = { kind: 'request'; approvalId: string; by: string } | { kind: 'approval'; approvalId: string; decided: Decided };

/** The checker and their note. */
export interface Decided {
  by: string;
  note: string;
}

/** Held: what to record while it waits, and the figures the maker and the checker see. */
export interface Hold {
  hold: { reason: string; figures: JsonObject; changes: StreamChange[] };
}

export interface HoldableSpec {
  /** The command as data: re-run on approval with its business date kept. */
  held: HeldCommand;
  /**
   * The request's id when the command's own id must name it (an adjustment: its adjustmentId is
   * then taken once, whatever becomes of the request); a fresh UUID otherwise.
   */
  approvalId?: string;
  /** The year's closing entries may post into a closed December (CommandSpec.yearEndClosing). */
  yearEndClosing?: true;
  decide(load: Load, phase: Phase, policy: PolicyOf): Promise<Decision | Hold | DomainError>;
}

/** A kind of held command: how to rebuild it from its data, and what a rejection records. */
export interface HeldCommandType {
  build(held: HeldCommand): HoldableSpec;
  onReject?(held: HeldCommand, load: Load, approvalId: string, decided: Decided): Promise<StreamChange[]>;
}

export const approvalAggregate = (approvalId: string): Aggregate<ApprovalState> => ({ initial: initialApprovalState(approvalId), evolve: evolveApproval });

const isHold = (value: Decision | Hold): value is Hold => 'hold' in value;

/** The fund of a held command that posts to one; a fund command held without one is a bug. */
export const heldFundId = (held: HeldCommand): string => {
  if (held.fundId === undefined) throw new Error(`held command ${held.name} names no fund`);
  return held.fundId;
};

/** The wire view of a request, as every read shows it (maker, checker, why). */
const approvalBody = (state: ApprovalState, decided?: { by: string; note: string }): JsonObject => ({
  approvalId: state.approvalId,
  ...(state.fundId === undefined ? {} : { fundId: state.fundId }),
  status: state.status,
  command: state.command === null ? null : { name: state.command.name, occurredOn: state.command.occurredOn },
  figures: state.figures,
  requestedBy: state.requestedBy,
  ...(decided === undefined ? {} : { decidedBy: decided.by, note: decided.note }),
});

/** Runs a holdable command: at once when the policy needs no second person, else held (202). */
export const runHoldable = (pipeline: Pipeline, spec: HoldableSpec, context: CommandContext): Promise<CommandResult> =>
  pipeline.run(
    {
      fundId: spec.held.fundId,
      occurredOn: spec.held.occurredOn,
      ...(spec.yearEndClosing === undefined ? {} : { yearEndClosing: spec.yearEndClosing }),
      decide: async (load, policy) => {
        const approvalId = spec.approvalId ?? randomUUID();
        const outcome = await spec.decide(load, { kind: 'request', approvalId, by: context.meta.actor }, policy);
        if (isDomainError(outcome) || !isHold(outcome)) return outcome;
        const aggregate = approvalAggregate(approvalId);
        const approval = await load(streamIds.approval(approvalId), aggregate);
        const { reason, figures, changes } = outcome.hold;
        const events = requestApproval(approval.state, { approvalId, command: spec.held, reason, figures, requestedBy: context.meta.actor });
        if (isDomainError(events)) return events;
        return {
          changes: [...changes, changeOf(approval, events, aggregate).change],
          result: { status: 202, body: { approvalId, status: 'pending-approval', reason, ...figures } },
        };
      },
    },
    context,
  );

export const createApprovalCommands = (pipeline: Pipeline, types: Readonly<Record<string, HeldCommandType>>) => {
  /** The request and its held command; the approval id alone names the stream. */
  const find = async (approvalId: string): Promise<{ held: HeldCommand; type: HeldCommandType }> => {
    const { state } = await pipeline.load(streamIds.approval(approvalId), approvalAggregate(approvalId));
    if (state.command === null) throw new ResourceNotFound('approval', approvalId);
    const type = types[state.command.name];
    if (type === undefined) throw new Error(`approval ${approvalId} holds an unknown command ${state.command.name}`);
    return { held: state.command, type };
  };

  const decision = (approvalId: string, load: Load, by: string, note: string, kind: 'approve' | 'reject') => {
    const aggregate = approvalAggregate(approvalId);
    return load(streamIds.approval(approvalId), aggregate).then((approval) => {
      const events = decideApproval(approval.state, { type: kind, by, note });
      return isDomainError(events) ? events : changeOf(approval, events, aggregate);
    });
  };

  return {
    /** The checker approves: the held command runs now, in one transaction with the approval. */
    approve: async (approvalId: string, input: { note: string }, context: CommandContext): Promise<CommandResult> => {
      const { held, type } = await find(approvalId);
      const spec = type.build(held);
      return pipeline.run(
        {
          fundId: held.fundId,
          occurredOn: held.occurredOn,
          ...(spec.yearEndClosing === undefined ? {} : { yearEndClosing: spec.yearEndClosing }),
          decide: async (load, policy) => {
            const approved = await decision(approvalId, load, context.meta.actor, input.note, 'approve');
            if (isDomainError(approved)) return approved;
            const outcome = await spec.decide(load, { kind: 'approval', approvalId, decided: { by: context.meta.actor, note: input.note } }, policy);
            if (isDomainError(outcome)) return outcome;
            if (isHold(outcome)) throw new Error(`held command ${held.name} asked to be held again on approval`);
            return {
              changes: [...outcome.changes, approved.change],
              result: { status: 200, body: { ...approvalBody(approved.state, { by: context.meta.actor, note: input.note }), result: outcome.result.body } },
            };
          },
        },
        context,
      );
    },

    /** The checker rejects: nothing moves; the rejection is dated the day it is decided. */
    reject: async (approvalId: string, input: { note: string }, today: string, context: CommandContext): Promise<CommandResult> => {
      const { held, type } = await find(approvalId);
      return pipeline.run(
        {
          fundId: held.fundId,
          occurredOn: today,
          decide: async (load) => {
            const rejected = await decision(approvalId, load, context.meta.actor, input.note, 'reject');
            if (isDomainError(rejected)) return rejected;
            const extra = type.onReject === undefined ? [] : await type.onReject(held, load, approvalId, { by: context.meta.actor, note: input.note });
            return {
              changes: [...extra, rejected.change],
              result: { status: 200, body: approvalBody(rejected.state, { by: context.meta.actor, note: input.note }) },
            };
          },
        },
        context,
      );
    },
  };
};

export type ApprovalCommands = ReturnType<typeof createApprovalCommands>;
