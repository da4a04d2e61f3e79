// The local stack's daily seal and monthly archive: the same jobs as the seal and archive Lambdas,
// writing to <DATA_DIR>/seals/ and <DATA_DIR>/archive/ instead of Object Lock buckets.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { archiveDepsFromEnv } from '../../functions/archive/context';
import { archiveMonth } from '../../functions/archive/month-archive';
import { sealDepsFromEnv } from '../../functions/seal/context';
import { sealDay } from '../../functions/seal/daily-seal';

export const localRecords = (env: NodeJS.ProcessEnv, client: DynamoDBClient) => {
  const sealDeps = sealDepsFromEnv(env, client);
  const archiveDeps = archiveDepsFromEnv(env, client);
  return {
    seal: (date: string) => sealDay(sealDeps, date),
    archive: (month: string) => archiveMonth(archiveDeps, month),
  };
};
