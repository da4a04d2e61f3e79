// Gives an integration or e2e test file its own in-memory DynamoDB Local with fresh tables.
// Call useDynamoLocal() at the top level of the file; read the fields inside tests/hooks.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createTables } from '../../infra/local/create-tables';
import { type DynamoLocal, startDynamoLocal } from '../../infra/local/dynamo-local';
import { createDynamoClient } from '../../functions/store/dynamo-client';

export interface DynamoLocalContext {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly eventsTableName: string;
  readonly readTableName: string;
}

export const useDynamoLocal = (): DynamoLocalContext => {
  let local: DynamoLocal | undefined;
  let client: DynamoDBClient | undefined;
  // Unique names per file, so a file can never read another file's data even on a shared endpoint.
  const suffix = randomUUID().slice(0, 8);
  const eventsTableName = `events-${suffix}`;
  const readTableName = `read-${suffix}`;

  beforeAll(async () => {
    local = await startDynamoLocal({});
    client = createDynamoClient(local.endpoint);
    await createTables(client, { eventsTableName, readTableName });
  });

  afterAll(async () => {
    client?.destroy();
    await local?.stop();
  });

  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useDynamoLocal: ${name} is only available inside tests and hooks`);
    return value;
  };

  return {
    get client() {
      return started(client, 'client');
    },
    get endpoint() {
      return started(local, 'endpoint').endpoint;
    },
    eventsTableName,
    readTableName,
  };
};
