// The local stack's daily seal, monthly archive and annual archive: the same jobs as the seal and
// archive Lambdas, writing to <DATA_DIR>/seals/ and <DATA_DIR>/archive/ instead of Object Lock buckets.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { archiveDepsFromEnv } from '../../functions/archive/context';
import { archiveMonth } from '../../functions/archive/month-archive';
import { archiveClosedYear } from '../../functions/archive/year-archive';
import { yearsToArchive } from '../../functions/jobs/archive-job';
import { sealDepsFromEnv } from '../../functions/seal/context';
import { sealDay } from '../../functions/seal/daily-seal';

export const localRecords = (env: NodeJS.ProcessEnv, client: DynamoDBClient) => {
  const sealDeps = sealDepsFromEnv(env, client);
  const archiveDeps = archiveDepsFromEnv(env, client);
  return {
    seal: (date: string) => sealDay(sealDeps, date),
    archive: (month: string) => archiveMonth(archiveDeps, month),
    /** Every year closed for all its funds and not archived yet (of the years the archive job looks at). */
    archiveYears: async (now: Date) => {
      const outcomes = [];
      for (const year of yearsToArchive(now)) outcomes.push(await archiveClosedYear({ ...archiveDeps.year, now: () => now }, year));
      return outcomes;
    },
  };
};
