// What an alert's "value" column says. Ratio indicators carry a value and a threshold in basis
// points; a reconciliation alert carries its count of discrepancies in valueBps; an overdue loan's
// alert has no ratio at all, so it names the loan (the part of its cause stream after the fund).
import { t } from '../i18n/i18n';

export interface AlertFigures {
  indicator: string;
  valueBps: number;
  thresholdBps: number;
  cause?: { streamId: string };
}

const percent = (bps: number): string => `${(bps / 100).toFixed(2)}%`;

export const alertValue = (alert: AlertFigures): string => {
  switch (alert.indicator) {
    case 'reconciliation-discrepancies':
      return t('alert.value.discrepancies', { count: alert.valueBps });
    case 'bridge-loan-overdue': {
      const streamId = alert.cause?.streamId ?? '';
      const loan = streamId.includes(':') ? streamId.slice(streamId.indexOf(':') + 1) : streamId;
      return t('alert.value.overdueLoan', { loan });
    }
    default:
      return `${percent(alert.valueBps)} / ${percent(alert.thresholdBps)}`;
  }
};
