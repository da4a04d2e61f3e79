// Archive Lambda: EventBridge Scheduler invokes it at 04:00 Asia/Shanghai on the 1st, after month end
// has stored the month's reports (functions/jobs/archive-job.ts says what it does).
import { ledgerLogger } from '../shared/ledger-logger';
import { once } from '../../domain/once';
import { SERVICE_NAMES } from '../shared/ops';
import { archiveDepsFromEnv } from '../archive/context';
import { type ArchiveJobResult, archiveJob } from './archive-job';

const logger = once(() => ledgerLogger({ serviceName: SERVICE_NAMES.archive }));
const deps = archiveDepsFromEnv();

export const handler = async (event: unknown): Promise<ArchiveJobResult> => {
  const result = await archiveJob(event, deps);
  if (result.action === 'verify' && !result.ok) logger().error('archive does not verify', { result });
  else logger().info(result.action === 'archive' ? 'archived' : 'archive verified', { result });
  return result;
};
