// Builds the seal job's dependencies from an environment (the Lambda's, or a local script's): the
// events table, and the seal store in S3 (SEAL_BUCKET_NAME) or, locally, <DATA_DIR>/seals/. Both the
// seals and the archive are per city (functions/store/city-objects.ts): under `<city>/`, the city
// being the current one (withCity) at each call.
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_DATA_DIR, RECORDS_ENV } from '../shared/records';
import { ENV, EVENTS_TABLE } from '../shared/tables';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { hashAlgorithmFromEnv } from '../store/hash-algorithm';
import { cityScopedObjects } from '../store/city-objects';
import { type LockedObjects, fileLockedObjects } from '../store/locked-objects';
import { s3LockedObjects } from '../store/s3-locked-objects';
import type { SealDeps } from './daily-seal';
import { type SealStore, createSealStore } from './seal';

/** Write-once storage for `bucketVariable`'s bucket, else `<DATA_DIR>/<localDir>`; the current city's part of it. */
export const lockedObjectsFromEnv = (bucketVariable: string, localDir: string, env: NodeJS.ProcessEnv = process.env): LockedObjects => {
  const bucket = env[bucketVariable];
  return cityScopedObjects(bucket !== undefined && bucket !== '' ? s3LockedObjects(bucket) : fileLockedObjects(path.join(env[RECORDS_ENV.dataDir] ?? DEFAULT_DATA_DIR, localDir)));
};

export const SEALS_DIR = 'seals';

export const sealStoreFromEnv = (env: NodeJS.ProcessEnv = process.env): SealStore => createSealStore(lockedObjectsFromEnv(RECORDS_ENV.sealBucket, SEALS_DIR, env));

export const sealDepsFromEnv = (env: NodeJS.ProcessEnv = process.env, client: DynamoDBClient = createDynamoClient(env[ENV.dynamoEndpoint])): SealDeps => {
  const eventsTableName = env[ENV.eventsTable] ?? EVENTS_TABLE.name;
  const hashAlgorithm = hashAlgorithmFromEnv(env);
  return {
    client,
    eventsTableName,
    store: createEventStore({ client, tableName: eventsTableName, hashAlgorithm }),
    seals: sealStoreFromEnv(env),
    hashAlgorithm,
  };
};
