import * as z from 'zod';
import { businessDate, id, month } from './primitives';

// Alert-stream events (alert-<alertId>): the life of one alert, open → acknowledged → resolved,
// published on the bus like every stored event so a risk-monitoring platform (plan §25 金安工程)
// can subscribe. Raised and resolved by the command or job whose fact causes it, in the same
// transaction as that fact; acknowledged by the finance bureau.

/**
 * The plan indicators whose crossing of a policy threshold is an alert (issue 20 §3): judged by the
 * alerts reactor on the business date of the event that moved them, under the policy version in
 * force that day, and kept as alert streams like the others.
 */
export const INDICATOR_ALERT_KINDS = ['bridge-overdue-ratio', 'average-guarantee-fee', 'compensation-rate'] as const;
export type IndicatorAlertKind = (typeof INDICATOR_ALERT_KINDS)[number];

/** Alert kinds kept as event streams. */
export const ALERT_KINDS = [...INDICATOR_ALERT_KINDS, 'reconciliation-discrepancies', 'bridge-loan-overdue'] as const;
export const alertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof alertKind>;

/**
 * The stored event that caused a step (the ReconciliationCompleted, the BridgeLoanRepaid…); an
 * indicator alert also names its version (the event after which the indicator crossed).
 */
const cause = z.object({ streamId: z.string().min(1).max(200), type: z.string().min(1).max(100), version: z.number().int().min(1).optional() });

export const AlertRaised = z.object({
  alertId: id,
  fundId: id,
  kind: alertKind,
  level: z.enum(['warn', 'breach']),
  /** One line a person reads: what is wrong and where to look. */
  summary: z.string().min(1).max(500),
  /** Business date the alert is raised on (the reconciled month's last day, the overdue day). */
  raisedOn: businessDate,
  cause,
  /** reconciliation-discrepancies: the month and how many discrepancies the run found. */
  month: month.optional(),
  discrepancyCount: z.number().int().min(0).optional(),
  /** bridge-loan-overdue: the loan. */
  loanId: id.optional(),
  /** Indicator alerts: the indicator's value and the threshold crossed, in basis points, and the policy version whose threshold it is. */
  valueBps: z.number().int().optional(),
  thresholdBps: z.number().int().min(0).optional(),
  policyId: id.optional(),
});

export const AlertAcknowledged = z.object({
  alertId: id,
  fundId: id,
  /** Who acknowledged (the token subject); when is the event's recordedAt. */
  by: z.string().min(1).max(200),
  note: z.string().max(1000),
});

export const AlertResolved = z.object({
  alertId: id,
  fundId: id,
  resolvedOn: businessDate,
  /** Why it is over, for a person: "clean reconciliation run …", "loan repaid on …". */
  reason: z.string().min(1).max(500),
  cause,
});

export const alertEvents = { AlertRaised, AlertAcknowledged, AlertResolved } as const;
