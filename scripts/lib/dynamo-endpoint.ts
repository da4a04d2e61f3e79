// Which DynamoDB an operator script talks to: --endpoint, else the running local stack's DynamoDB
// Local ($DATA_DIR/dynamodb-endpoint.txt, default .data), else DYNAMODB_ENDPOINT, else AWS
// (credentials and region from the environment). Table names come from EVENTS_TABLE_NAME /
// READ_TABLE_NAME, else the defaults (a deployed stage's names are stage-prefixed: set them).
import { existsSync, readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../../functions/shared/tables';

export interface ScriptTables {
  /** undefined: AWS. */
  endpoint: string | undefined;
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
}

export const scriptTables = (flagEndpoint?: string): ScriptTables => {
  const localFile = `${process.env.DATA_DIR ?? '.data'}/dynamodb-endpoint.txt`;
  const endpoint = flagEndpoint ?? (existsSync(localFile) ? readFileSync(localFile, 'utf8').trim() : undefined) ?? (process.env[ENV.dynamoEndpoint] || undefined);
  return {
    endpoint,
    // '' rather than undefined: no endpoint means AWS, not createDynamoClient's environment default.
    client: createDynamoClient(endpoint ?? ''),
    eventsTableName: process.env[ENV.eventsTable] ?? EVENTS_TABLE.name,
    readTableName: process.env[ENV.readTable] ?? READ_TABLE.name,
  };
};

/** `--endpoint URL` anywhere in argv, and the other arguments. */
export const splitEndpoint = (argv: string[]): { endpoint: string | undefined; rest: string[] } => {
  const at = argv.indexOf('--endpoint');
  if (at < 0) return { endpoint: undefined, rest: argv };
  return { endpoint: z.url().parse(argv[at + 1]), rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
};
