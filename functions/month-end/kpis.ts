// GET /v1/kpis: the plan's indicators for a year (domain/kpi.ts) from the year's events, read month
// by month from the month index. Only the four event types the indicators use are kept, decoded.
import { type DatedEvent, type KpiReport, computeKpis } from '../../domain/kpi';
import { formatYuan } from '../../events/money';
import { decodeEvent } from '../../events/registry';
import type { EventStore } from '../store/event-store';
import type { JsonObject } from '../store/types';

const KPI_EVENTS = new Set(['GuaranteeIssued', 'GuaranteeDefaulted', 'BridgeLoanDisbursed', 'CommitmentMade']);

export async function kpisForYear(store: Pick<EventStore, 'readMonth'>, year: number, today: string): Promise<KpiReport> {
  const events: DatedEvent[] = [];
  const lastMonth = String(year) === today.slice(0, 4) ? Number(today.slice(5, 7)) : 12;
  for (let m = 1; m <= lastMonth; m++) {
    for await (const stored of store.readMonth(`${year}-${String(m).padStart(2, '0')}`)) {
      if (!KPI_EVENTS.has(stored.type)) continue;
      events.push({ occurredOn: stored.occurredOn, ...decodeEvent(stored) });
    }
  }
  return computeKpis(events, year, { asOf: today });
}

/** Basis points as a percentage with two decimals: 8123 → "81.23". */
export const percent = (bps: number): string => `${Math.trunc(bps / 100)}.${String(Math.abs(bps) % 100).padStart(2, '0')}`;

const amountOrCount = (value: bigint | number): string | number => (typeof value === 'bigint' ? formatYuan(value) : value);

/** The wire form: targets and actuals (yuan strings or counts), progress in %, the alert state of each. */
export function kpisToJson(report: KpiReport): JsonObject {
  const cumulative = (i: KpiReport['newGuaranteeAmount'] | KpiReport['bridgeUses']): JsonObject => ({
    target: amountOrCount(i.target),
    actual: amountOrCount(i.actual),
    progressPercent: percent(i.progressBps),
    expectedPercent: percent(i.expectedBps),
    alert: i.alert,
  });
  const bound = (i: KpiReport['inclusiveShare'], kind: 'floor' | 'ceiling'): JsonObject => ({
    [kind === 'floor' ? 'minPercent' : 'maxPercent']: percent(i.limitBps),
    actualPercent: percent(i.actualBps),
    alert: i.alert,
  });
  return {
    year: report.year,
    asOf: report.asOf,
    policyId: report.policyId,
    indicators: {
      newGuaranteeAmount: cumulative(report.newGuaranteeAmount),
      inclusiveShare: bound(report.inclusiveShare, 'floor'),
      averageFeeRate: bound(report.averageFeeRate, 'ceiling'),
      compensationRate: bound(report.compensationRate, 'ceiling'),
      bridgeUses: { ...cumulative(report.bridgeUses), amountLent: formatYuan(report.bridgeAmount) },
      guidanceLanded: { ...cumulative(report.guidanceLanded), leverage: report.leverage },
      newGreenFunds: { ...cumulative(report.newGreenFunds), max: report.newGreenFunds.max },
    },
  };
}
