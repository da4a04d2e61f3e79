// Operational names shared by the CDK stack (alarms, dashboard) and the functions that emit
// metrics. The month-end job emits ReconciliationDiscrepancies with Powertools Metrics:
//
//   const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAMES.monthEnd });
//   metrics.addMetric(RECONCILIATION_METRIC.name, MetricUnit.Count, discrepancyCount);
//
// Powertools adds the dimension `service` = serviceName by default; the alarm matches exactly
// that dimension, so the serviceName must stay SERVICE_NAMES.monthEnd (the stack also sets it as
// POWERTOOLS_SERVICE_NAME and the namespace as POWERTOOLS_METRICS_NAMESPACE).
import type { FunctionName } from './functions';

export const METRICS_NAMESPACE = 'FundLedger';

/** POWERTOOLS_SERVICE_NAME of each function (also the `service` key in its structured logs). */
export const SERVICE_NAMES: Record<FunctionName, string> = {
  api: 'api',
  apiFiles: 'api-files',
  booksProjector: 'books-projector',
  positionsProjector: 'positions-projector',
  alertsReactor: 'alerts-reactor',
  monthEnd: 'month-end',
  overdueSweep: 'overdue-sweep',
  replay: 'replay',
  seal: 'seal',
  archive: 'archive',
  outboxForwarder: 'outbox-forwarder',
};

/** Emitted once per fund and month by the month-end job: the number of discrepancies found (0 when clean). */
export const RECONCILIATION_METRIC = {
  namespace: METRICS_NAMESPACE,
  name: 'ReconciliationDiscrepancies',
  dimensions: { service: SERVICE_NAMES.monthEnd },
} as const;

/** Emitted by every seal run: streams that diverged from the previous seal, or seal mismatches (0 when clean). */
export const SEAL_METRIC = {
  namespace: METRICS_NAMESPACE,
  name: 'SealDiscrepancies',
  dimensions: { service: SERVICE_NAMES.seal },
} as const;
