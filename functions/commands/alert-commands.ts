// Alert streams (issue 10 §3): the command or job whose fact raises or resolves an alert appends
// the alert's event in the SAME transaction as that fact (the overdue sweep's BridgeLoanWentOverdue
// and AlertRaised; a repayment and AlertResolved; a month-end outcome and its alert step), so an
// alert can neither be lost nor doubled by a retry. The finance bureau acknowledges through the
// pipeline like any command.
import { createHash } from 'node:crypto';
import { type AlertState, alertLevelOf, decideAcknowledge, decideIndicator, decideRaise, decideResolve, evolveAlert, initialAlertState } from '../../domain/alert';
import { isDomainError } from '../../domain/errors';
import { levelOf } from '../../domain/indicator-levels';
import type { AlertKind, IndicatorAlertKind } from '../../events/alert-events';
import type { EventData } from '../../events/registry';
import { streamIds } from '../../events/stream-ids';
import { changeOf } from './changes';
import { ResourceNotFound } from './errors';
import type { Aggregate, CommandContext, CommandResult, Loaded, Pipeline, StreamChange } from './pipeline';

export type Load = <S>(streamId: string, aggregate: Aggregate<S>) => Promise<Loaded<S>>;

export const alertAggregate = (alertId: string): Aggregate<AlertState> => ({ initial: initialAlertState(alertId), evolve: evolveAlert });

/**
 * The alert of one subject (a fund's month, a loan): the same subject always names the same alert,
 * so raising is idempotent and the resolver finds it without a lookup. Short and path-safe.
 */
export const alertIdFor = (fundId: string, kind: AlertKind, subject: string): string =>
  `al-${createHash('sha256').update(`${fundId}\n${kind}\n${subject}`).digest('hex').slice(0, 24)}`;

/** The change raising the alert, empty when it is open already. */
export const raiseAlertChange = async (load: Load, data: EventData<'AlertRaised'>): Promise<StreamChange> => {
  const aggregate = alertAggregate(data.alertId);
  const loaded = await load(streamIds.alert(data.alertId), aggregate);
  return changeOf(loaded, decideRaise(loaded.state, data), aggregate).change;
};

/** The change resolving the alert, empty when there is none open. */
export const resolveAlertChange = async (load: Load, alertId: string, data: Omit<EventData<'AlertResolved'>, 'alertId' | 'fundId'>): Promise<StreamChange> => {
  const aggregate = alertAggregate(alertId);
  const loaded = await load(streamIds.alert(alertId), aggregate);
  return changeOf(loaded, decideResolve(loaded.state, data), aggregate).change;
};

/** One fund's indicator alert: one stream per fund and indicator, each episode raised on it again. */
export const indicatorAlertId = (fundId: string, indicator: IndicatorAlertKind): string => alertIdFor(fundId, indicator, 'indicator');

/** The level a fund's indicator alert stands at now (ok: none open), read from its stream's head. */
export const indicatorAlertLevel = async (load: Load, fundId: string, indicator: IndicatorAlertKind): Promise<'ok' | 'warn' | 'breach'> => {
  const alertId = indicatorAlertId(fundId, indicator);
  return alertLevelOf((await load(streamIds.alert(alertId), alertAggregate(alertId))).state);
};

export interface JudgeIndicatorInput {
  indicator: IndicatorAlertKind;
  /** The indicator's value after the event, in basis points (the alerts reactor's running sums). */
  valueBps: number;
  /** The event that moved it; its business date is the day judged. */
  cause: { streamId: string; version: number; type: string; occurredOn: string };
}

const pct = (bps: number): string => `${(bps / 100).toFixed(2)} %`;

export const createAlertCommands = (pipeline: Pipeline) => ({
  /**
   * Run by the alerts reactor when an indicator it measures stands at another level than its alert
   * (issue 20 §3): judged under the policy version in force on the cause's business date (the
   * pipeline reads and condition-checks the policy head), the alert stream raised, moved or
   * resolved in one transaction. Belongs to no fund's books (no period check: an alert posts nothing).
   */
  judgeIndicator: async (fundId: string, input: JudgeIndicatorInput, context: CommandContext): Promise<CommandResult> => {
    const { indicator, valueBps, cause } = input;
    const alertId = indicatorAlertId(fundId, indicator);
    const streamId = streamIds.alert(alertId);
    const aggregate = alertAggregate(alertId);
    return pipeline.run(
      {
        occurredOn: cause.occurredOn,
        decide: async (load, policyOf) => {
          const [loaded, policy] = await Promise.all([load(streamId, aggregate), policyOf()]);
          const { level, thresholdBps } = levelOf(indicator, valueBps, policy);
          const causeRef = { streamId: cause.streamId, type: cause.type, version: cause.version };
          const summary = `${indicator} of fund ${fundId} is ${pct(valueBps)} on ${cause.occurredOn}: ${level} (threshold ${pct(thresholdBps)}, policy ${policy.id})`;
          const events = decideIndicator(
            loaded.state,
            level,
            { alertId, fundId, kind: indicator, summary, raisedOn: cause.occurredOn, cause: causeRef, valueBps, thresholdBps, policyId: policy.id },
            { resolvedOn: cause.occurredOn, reason: `${indicator} ${pct(valueBps)} on ${cause.occurredOn}: ${level} under policy ${policy.id} (threshold ${pct(thresholdBps)})`, cause: causeRef },
          );
          const { change } = changeOf(loaded, events, aggregate);
          return { changes: events.length === 0 ? [] : [change], result: { status: 200, body: { alertId, fundId, indicator, level, valueBps, thresholdBps, changed: events.length > 0 } } };
        },
      },
      context,
    );
  },

  /** Finance bureau: 201 the first time and every time after (the first who/when stands); unknown → not found. */
  acknowledgeAlert: async (alertId: string, input: { note: string; on: string }, context: CommandContext): Promise<CommandResult> => {
    const streamId = streamIds.alert(alertId);
    const aggregate = alertAggregate(alertId);
    const current = await pipeline.load(streamId, aggregate);
    if (current.state.status === 'none') throw new ResourceNotFound('alert', alertId);
    const { fundId } = current.state;
    return pipeline.run(
      {
        fundId,
        occurredOn: input.on,
        decide: async (load) => {
          const loaded = await load(streamId, aggregate);
          const events = decideAcknowledge(loaded.state, context.meta.actor, input.note);
          if (isDomainError(events)) return events;
          const { change, state } = changeOf(loaded, events, aggregate);
          return { changes: events.length === 0 ? [] : [change], result: { status: 201, body: { alertId, fundId, status: state.status, acknowledged: events.length > 0 } } };
        },
      },
      context,
    );
  },
});
