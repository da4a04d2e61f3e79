// The reconciliation alert of a fund's month, decided with the run's outcome and appended in the
// same transaction as its ReconciliationCompleted: a run with discrepancies raises it (once: an
// open alert is not raised again), a later clean run of the same fund and month resolves it.
import { shanghaiToday } from '../../domain/dates';
import { encodeEvent } from '../../events/registry';
import { alertIdFor, raiseAlertChange, resolveAlertChange } from '../commands/alert-commands';
import { createPipeline } from '../commands/pipeline';
import type { EventStore } from '../store/event-store';
import type { StreamAppend } from '../store/types';
import type { FundMonthReport } from './report-schema';

export const reconciliationAlertId = (fundId: string, month: string): string => alertIdFor(fundId, 'reconciliation-discrepancies', month);

/** The alert stream's append for this outcome, or undefined when it changes nothing. */
export async function outcomeAlertAppend(store: EventStore, report: FundMonthReport, cause: { streamId: string; raisedOn: string }): Promise<StreamAppend | undefined> {
  const { load } = createPipeline(store);
  const alertId = reconciliationAlertId(report.fundId, report.month);
  const causedBy = { streamId: cause.streamId, type: 'ReconciliationCompleted' };
  const resolvedOn = shanghaiToday(new Date(report.generatedAt));
  const change = report.clean
    ? await resolveAlertChange(load, alertId, { resolvedOn, reason: `a clean reconciliation of ${report.month} (run ${report.runId})`, cause: causedBy })
    : await raiseAlertChange(load, {
        alertId,
        fundId: report.fundId,
        kind: 'reconciliation-discrepancies',
        level: 'breach',
        summary: `the reconciliation of ${report.month} found ${report.discrepancyCount} discrepancies (run ${report.runId})`,
        raisedOn: cause.raisedOn,
        cause: causedBy,
        month: report.month,
        discrepancyCount: report.discrepancyCount,
      });
  if (change.events.length === 0) return undefined;
  const occurredOn = report.clean ? resolvedOn : cause.raisedOn;
  return { streamId: change.streamId, expectedVersion: change.expectedVersion, events: change.events.map((e) => ({ ...encodeEvent(e), occurredOn })), snapshot: change.snapshot };
}
