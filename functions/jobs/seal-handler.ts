// Seal Lambda: EventBridge Scheduler invokes it at 00:05 Asia/Shanghai (functions/shared/schedules.ts)
// to seal the day that ended; operators invoke it to seal a missed day or verify a seal
// (functions/jobs/seal-job.ts). Any divergence or mismatch is logged as an error and counted in
// SealDiscrepancies, on which an alarm fires.
import { ledgerLogger } from '../shared/ledger-logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { once } from '../../domain/once';
import { SEAL_METRIC, SERVICE_NAMES } from '../shared/ops';
import { sealDepsFromEnv } from '../seal/context';
import { type SealJobResult, discrepanciesOf, sealJob } from './seal-job';

const logger = once(() => ledgerLogger({ serviceName: SERVICE_NAMES.seal }));
const metrics = once(() => new Metrics({ namespace: SEAL_METRIC.namespace, serviceName: SERVICE_NAMES.seal }));
const deps = sealDepsFromEnv();

export const handler = async (event: unknown): Promise<SealJobResult> => {
  const result = await sealJob(event, deps);
  const discrepancies = discrepanciesOf(result);
  metrics().addMetric(SEAL_METRIC.name, MetricUnit.Count, discrepancies);
  metrics().publishStoredMetrics();
  if (discrepancies > 0) logger().error('the books no longer match a seal', { result });
  else if (result.action === 'seal') logger().info('sealed', { date: result.date, status: result.status, streams: result.streams, root: result.root, bytes: result.bytes });
  else logger().info('seals verified', { dates: result.dates, streamsChecked: result.streamsChecked });
  return result.action === 'seal' ? result : { ...result, mismatches: result.mismatches.slice(0, 100) };
};
