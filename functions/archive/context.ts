// Builds the archive job's dependencies from an environment: the events table and the stored
// reconciliation reports, the seals (to name the one vouching for the month) and the archive
// storage: ARCHIVE_BUCKET_NAME in the cloud, <DATA_DIR>/archive/ locally. The same deps archive a
// closed year's annual accounts (year-archive.ts): the funds, the stored accounts (ANNUAL#<year>).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RECORDS_ENV } from '../shared/records';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { hashAlgorithmFromEnv } from '../store/hash-algorithm';
import { createAnnualReports } from '../store/annual-reports';
import { createReconciliationReports } from '../store/reconciliation-reports';
import { createReadModelQueries } from '../store/read-models/queries';
import { lockedObjectsFromEnv, sealStoreFromEnv } from '../seal/context';
import type { ArchiveDeps } from './month-archive';
import type { ClosedYearArchiveDeps } from './year-archive';

export const ARCHIVE_DIR = 'archive';

export type ArchiveJobDeps = ArchiveDeps & { year: ClosedYearArchiveDeps };

export const archiveDepsFromEnv = (env: NodeJS.ProcessEnv = process.env, client: DynamoDBClient = createDynamoClient(env[ENV.dynamoEndpoint])): ArchiveJobDeps => {
  const readTable = { client, tableName: env[ENV.readTable] ?? READ_TABLE.name };
  const store = createEventStore({ client, tableName: env[ENV.eventsTable] ?? EVENTS_TABLE.name, hashAlgorithm: hashAlgorithmFromEnv(env) });
  const queries = createReadModelQueries(readTable);
  const seals = sealStoreFromEnv(env);
  const objects = lockedObjectsFromEnv(RECORDS_ENV.archiveBucket, ARCHIVE_DIR, env);
  return {
    store,
    reports: createReconciliationReports(readTable),
    journal: queries,
    policy: store,
    seals,
    objects,
    year: { store, queries, reports: createAnnualReports(readTable), seals, objects },
  };
};
