// Month-end Lambda: EventBridge Scheduler invokes it at 01:00 Asia/Shanghai on the 1st
// (functions/shared/schedules.ts) with no month and no city: it invokes itself once per city
// (functions/jobs/city-fan-out.ts), and each city's run reconciles that city's month just ended. An
// operator may invoke it with {"month": "2026-10", "runId": "...", "city": "jinan"} to re-run a month
// (no city: every city), and the API invokes it asynchronously with {"month", "runId", "actor", "city"}
// for POST /v1/reconciliations.
import { ledgerLogger } from '../shared/ledger-logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { once } from '../../domain/once';
import { currentCity } from '../shared/city-scope';
import { RECONCILIATION_METRIC, SEAL_METRIC, SERVICE_NAMES } from '../shared/ops';
import { RECORDS_ENV } from '../shared/records';
import { sealStoreFromEnv } from '../seal/context';
import { monthEndDeps, tablesFromEnv } from '../month-end/context';
import type { MonthEndSummary } from '../month-end/reconcile';
import { type CityRun, logCityRun, runPerCity, scheduledCityOptions } from './city-fan-out';
import { monthEndJob } from './month-end';

const logger = once(() => ledgerLogger({ serviceName: SERVICE_NAMES.monthEnd }));
const metrics = once(() => new Metrics({ namespace: RECONCILIATION_METRIC.namespace, serviceName: SERVICE_NAMES.monthEnd }));
const tables = tablesFromEnv();
// The seal bucket is set in the cloud; month end then checks that the month's seals (the city's) verify.
const seals = process.env[RECORDS_ENV.sealBucket] === undefined ? undefined : sealStoreFromEnv();
const sealMetrics = once(() => new Metrics({ namespace: SEAL_METRIC.namespace, serviceName: SERVICE_NAMES.seal }));
const perCity = scheduledCityOptions(tables.client, tables.readTableName);

const reconcileCity = async (event: unknown): Promise<MonthEndSummary> => {
  const city = currentCity();
  const deps = monthEndDeps(tables, {
    ...(seals === undefined ? {} : { seals }),
    onReport: (report) => {
      // One data point per fund; the alarm (dimension service only) fires on any value above 0.
      metrics().addMetadata('city', city);
      metrics().addMetadata('fundId', report.fundId);
      metrics().addMetadata('month', report.month);
      metrics().addMetric(RECONCILIATION_METRIC.name, MetricUnit.Count, report.discrepancyCount);
      metrics().publishStoredMetrics();
      if (!report.clean) logger().warn('reconciliation discrepancies', { city, fundId: report.fundId, month: report.month, discrepancyCount: report.discrepancyCount, kinds: report.discrepancies.map((d) => d.kind) });
    },
  });
  const summary = await monthEndJob(event, deps);
  if (summary.seals !== undefined) {
    sealMetrics().addMetric(SEAL_METRIC.name, MetricUnit.Count, summary.seals.mismatchedStreams.length + summary.seals.sealProblems.length);
    sealMetrics().publishStoredMetrics();
    if (!summary.seals.ok) logger().error('the month no longer matches its seals', { city, month: summary.month, seals: summary.seals });
  }
  logger().info('month-end done', { city, month: summary.month, runId: summary.runId, eventsReplayed: summary.eventsReplayed, funds: summary.funds.length });
  return summary;
};

export const handler = async (event: unknown): Promise<CityRun<MonthEndSummary>> => {
  const run = await runPerCity(event, reconcileCity, perCity);
  logCityRun(logger(), 'month-end', run);
  return run;
};
