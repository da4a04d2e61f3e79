// The level a plan indicator stands at under a policy version (DESIGN §6, issue 20 §3): what the
// alerts reactor measures and the indicator-alert command judges, in basis points.
//
//   bridge-overdue-ratio   overdue bridge principal ÷ fiscal capital  warn ≥ 30 %, breach ≥ bridge.suspendAtOverdueShareBps (40 %)
//   average-guarantee-fee  Σ principal × fee bp ÷ Σ principal         breach > indicators.averageFeeRateMaxBps (1 %)
//   compensation-rate      Σ defaulted principal loss ÷ Σ issued      breach > indicators.compensationRateWarnBps (5 %)
import type { IndicatorAlertKind } from '../events/alert-events';
import { ratioBps } from './money';
import type { PolicyVersion } from './policy';

/** Early warning on the bridge overdue ratio, before lending is suspended at the policy's level. */
export const BRIDGE_OVERDUE_WARN_BPS = 3000;

export type IndicatorLevel = 'ok' | 'warn' | 'breach';

/** Indicator value in bp: the fee indicator's numerator is already in fen × bp. */
export const valueBps = (indicator: IndicatorAlertKind, numerator: bigint, denominator: bigint): number =>
  indicator === 'average-guarantee-fee' ? ratioBps(numerator, denominator * 10_000n) : ratioBps(numerator, denominator);

/** The level a value stands at, and the threshold that level is about. */
export const levelOf = (indicator: IndicatorAlertKind, value: number, policy: PolicyVersion): { level: IndicatorLevel; thresholdBps: number } => {
  switch (indicator) {
    case 'bridge-overdue-ratio': {
      const breach = policy.bridge.suspendAtOverdueShareBps;
      if (value >= breach) return { level: 'breach', thresholdBps: breach };
      return value >= BRIDGE_OVERDUE_WARN_BPS ? { level: 'warn', thresholdBps: BRIDGE_OVERDUE_WARN_BPS } : { level: 'ok', thresholdBps: breach };
    }
    case 'average-guarantee-fee': {
      const max = policy.indicators.averageFeeRateMaxBps;
      return { level: value > max ? 'breach' : 'ok', thresholdBps: max };
    }
    case 'compensation-rate': {
      const max = policy.indicators.compensationRateWarnBps;
      return { level: value > max ? 'breach' : 'ok', thresholdBps: max };
    }
  }
};
