// GET /v1/kpis: the plan's indicators for a year (domain/kpi.ts) from the year's events, read month
// by month from the month index. Only the event types the indicators use are kept, decoded.
import { monthsBetween } from '../../domain/dates';
import { type DatedEvent, type KpiReport, computeKpis } from '../../domain/kpi';
import { versionsOf } from '../../domain/policy-book';
import { readPolicyBook } from '../commands/policy-stream';
import { computeSubsidyIndicators, type CountAmount, type SubsidyIndicators } from '../../domain/subsidy-kpi';
import { formatYuan } from '../../events/money';
import { decodeEvent } from '../../events/registry';
import type { EventStore } from '../store/event-store';
import { readMonthsAhead } from '../store/read-months-ahead';
import type { ReadModelQueries } from '../store/read-models/queries';
import type { JsonObject } from '../store/types';

const KPI_EVENTS = new Set([
  'GuaranteeIssued',
  'GuaranteeDefaulted',
  'BridgeLoanDisbursed',
  'CommitmentMade',
  // A reversal (冲正) takes its original back out of the indicators (domain/kpi.ts).
  'EntryReversed',
  // The subsidy budget: appropriations and the grants' lifecycle.
  'CapitalInjected',
  'SubsidyRequested',
  'SubsidyGranted',
  'SubsidyRejected',
  'SubsidyClawedBack',
]);

export type KpisWithSubsidies = KpiReport & { subsidies: SubsidyIndicators };

/** `subsidyFunds`: the funds of kind subsidy-budget, whose capital injections are the year's budget. */
export async function kpisForYear(store: Pick<EventStore, 'readMonth' | 'readHead' | 'readStream'>, year: number, today: string, subsidyFunds: ReadonlySet<string> = new Set()): Promise<KpisWithSubsidies> {
  const events: DatedEvent[] = [];
  const lastMonth = String(year) === today.slice(0, 4) ? today.slice(0, 7) : `${year}-12`;
  for await (const stored of readMonthsAhead(store, monthsBetween(`${year}-01`, lastMonth))) {
    if (!KPI_EVENTS.has(stored.type)) continue;
    events.push({ occurredOn: stored.occurredOn, ...decodeEvent(stored) });
  }
  const policies = versionsOf(await readPolicyBook(store));
  const report = computeKpis(events, year, { asOf: today, policies });
  const policy = policies.find((v) => v.id === report.policyId);
  if (policy === undefined) throw new Error(`policy ${report.policyId} vanished`);
  return { ...report, subsidies: computeSubsidyIndicators(events, year, { asOf: report.asOf, subsidyFunds, policy }) };
}

/** The ledger's indicators of a year as GET /v1/kpis reports them: the subsidy-budget funds' appropriations are the budget. */
export async function ledgerKpis(deps: { store: Pick<EventStore, 'readMonth' | 'readHead' | 'readStream'>; queries: Pick<ReadModelQueries, 'listFunds'> }, year: number, today: string): Promise<KpisWithSubsidies> {
  const subsidyFunds = new Set((await deps.queries.listFunds()).filter((f) => f.kind === 'subsidy-budget').map((f) => f.fundId));
  return kpisForYear(deps.store, year, today, subsidyFunds);
}

const countAmount = (c: CountAmount): JsonObject => ({ count: c.count, amount: formatYuan(c.amount) });

/** Granted, pending and clawed back per programme against the year's budget. */
export function subsidiesToJson(s: SubsidyIndicators): JsonObject {
  return {
    budget: formatYuan(s.budget),
    granted: formatYuan(s.granted),
    pending: countAmount(s.pending),
    clawedBack: formatYuan(s.clawedBack),
    usedPercent: percent(s.usedBps),
    byProgramme: Object.fromEntries(
      Object.entries(s.byProgramme).map(([programme, p]) => [
        programme,
        {
          granted: countAmount(p.granted),
          pending: countAmount(p.pending),
          rejected: countAmount(p.rejected),
          clawedBack: countAmount(p.clawedBack),
          budget: p.budget === null ? null : formatYuan(p.budget),
          usedPercent: p.usedBps === null ? null : percent(p.usedBps),
        },
      ]),
    ),
  };
}

/** Basis points as a percentage with two decimals: 8123 → "81.23". */
export const percent = (bps: number): string => `${Math.trunc(bps / 100)}.${String(Math.abs(bps) % 100).padStart(2, '0')}`;

const amountOrCount = (value: bigint | number | null): string | number | null => (value === null ? null : typeof value === 'bigint' ? formatYuan(value) : value);

/** The wire form: targets and actuals (yuan strings or counts), progress in %, the alert state of each. */
export function kpisToJson(report: KpiReport | KpisWithSubsidies): JsonObject {
  const cumulative = (i: KpiReport['newGuaranteeAmount'] | KpiReport['bridgeUses']): JsonObject => ({
    target: amountOrCount(i.target),
    actual: amountOrCount(i.actual),
    progressPercent: i.progressBps === null ? null : percent(i.progressBps),
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
    // Which version the year's plan targets come from; ownTargets false: the year has none (the dashboard says so).
    targets: { year: report.year, ownTargets: report.targetsPolicyId !== null, policyId: report.targetsPolicyId },
    indicators: {
      newGuaranteeAmount: cumulative(report.newGuaranteeAmount),
      inclusiveShare: bound(report.inclusiveShare, 'floor'),
      averageFeeRate: bound(report.averageFeeRate, 'ceiling'),
      compensationRate: bound(report.compensationRate, 'ceiling'),
      bridgeUses: { ...cumulative(report.bridgeUses), amountLent: formatYuan(report.bridgeAmount) },
      guidanceLanded: { ...cumulative(report.guidanceLanded), leverage: report.leverage },
      newGreenFunds: { ...cumulative(report.newGreenFunds), max: report.newGreenFunds.max },
    },
    ...('subsidies' in report ? { subsidies: subsidiesToJson(report.subsidies) } : {}),
  };
}
