// The alerts reactor's judge (issue 20 §3): the indicator-alert command over the event store, run
// under a key made of the event, the indicator and the value measured after it, so a redelivered or
// retried event judges once. The value is in the key because a retry after another stream of the
// fund moved the indicator measures another value at the same event: that is a new judgement
// (against the alert stream as it stands), not a reuse of the key with another request.
import type { IndicatorLevel } from '../../domain/indicator-levels';
import { createAlertCommands, indicatorAlertLevel, type JudgeIndicatorInput } from '../commands/alert-commands';
import { createPipeline } from '../commands/pipeline';
import type { EventStore } from '../store/event-store';
import { sha256Hex } from '../store/hash';
import type { IndicatorJudge } from './alerts';

export const createIndicatorJudge = (store: EventStore, today?: () => string): IndicatorJudge => {
  const pipeline = createPipeline(store, today === undefined ? {} : { today });
  const { judgeIndicator } = createAlertCommands(pipeline);
  return {
    levelOf: (fundId, indicator) => indicatorAlertLevel(pipeline.load, fundId, indicator),
    judge: async (fundId, indicator, valueBps, cause) => {
      const key = `indicator-alert:${fundId}:${indicator}:${cause.streamId}:${cause.version}:${valueBps}`;
      const input: JudgeIndicatorInput = { indicator, valueBps, cause: { streamId: cause.streamId, version: cause.version, type: cause.type, occurredOn: cause.occurredOn } };
      const result = await judgeIndicator(fundId, input, {
        meta: { actor: 'alerts-reactor', role: 'system', requestId: key, correlationId: cause.meta.correlationId, causationId: `${cause.streamId}:${cause.version}` },
        idempotencyKey: key,
        requestHash: sha256Hex(JSON.stringify(input)),
      });
      return (result.body as { level: IndicatorLevel }).level;
    },
  };
};
