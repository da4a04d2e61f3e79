// A local stack whose parts can be killed and restarted one at a time, for the fault runs
// (issue 13 §2): DynamoDB Local on a fixed port with its files on disk, the event flow with a
// consumer that can be made to throw for one event type, and the API behind the local HTTP server.
// Built from the same pieces as infra/local/stack.ts, which keeps them together for `npm start`.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import type { SQSBatchResponse } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { LOCAL_ISSUER, type Role, signLocalToken } from '../../functions/api/auth';
import { type ApiDeps, createDeps } from '../../functions/api/deps';
import { createLocalApi } from '../../infra/local/api-gateway';
import type { ConsumerName } from '../../functions/shared/routing';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import { createTables } from '../../infra/local/create-tables';
import { type DynamoLocal, FAST_START_JVM_OPTIONS, findFreePort, startDynamoLocal } from '../../infra/local/dynamo-local';
import { type EventFlow, startEventFlow } from '../../infra/local/event-flow';
import { startHttpServer } from '../../infra/local/http-server';

export interface FaultStack {
  url: string;
  client: ReturnType<typeof createDynamoClient>;
  eventsTableName: string;
  readTableName: string;
  deps: ApiDeps;
  flow(): EventFlow;
  token(role: Role, funds?: string[]): Promise<string>;
  /** SIGKILLs DynamoDB Local's JVM (no graceful stop) and starts it again on the same port and files. */
  killDynamo(downMs: number): Promise<void>;
  /** Kills the event flow without letting its batches finish, then starts a new one on the same positions. */
  crashFlow(downMs: number): Promise<void>;
  /** While set, the books consumer fails every message of this event type (a poison message). */
  poison: { type: string | undefined; failures: number };
  /** Errors the API answered 500 for, by name and code (a 500 is a defect: the bench names its causes). */
  unhandled: Map<string, number>;
  /** When (epoch ms) each SIGKILL of DynamoDB Local was sent and its restart answered, and whether the kill left a rollback journal. */
  dynamoKills: { at: number; upAt: number; hotJournal: boolean }[];
  stop(): Promise<void>;
}

/** The API's logger in the fault runs: quiet, but it counts what the API could not map to a problem. */
const countingLogger = (unhandled: Map<string, number>): Logger =>
  ({
    info: () => undefined,
    warn: () => undefined,
    error: (_message: string, extra: { error?: Error & { code?: string } }) => {
      const name = `${extra.error?.name ?? 'unknown'}${extra.error?.code === undefined ? '' : ` ${extra.error.code}`}: ${extra.error?.message.slice(0, 120) ?? ''}`;
      unhandled.set(name, (unhandled.get(name) ?? 0) + 1);
    },
  }) as unknown as Logger;

export const startFaultStack = async (dataDir: string): Promise<FaultStack> => {
  // The fast-start JVM keeps each outage to the restart's few seconds on a loaded machine.
  const port = await findFreePort();
  let dynamo: DynamoLocal = await startDynamoLocal({ dataDir: `${dataDir}/dynamodb`, port, jvmOptions: FAST_START_JVM_OPTIONS });
  const client = createDynamoClient(dynamo.endpoint);
  const tables = { eventsTableName: 'fault-events', readTableName: 'fault-read' };
  await createTables(client, tables);
  const secret = randomBytes(32).toString('hex');
  const deps = createDeps({ client, ...tables });
  const unhandled = new Map<string, number>();
  const dynamoKills: { at: number; upAt: number; hotJournal: boolean }[] = [];
  const server = await startHttpServer(createLocalApi({ LOCAL_JWT_SECRET: secret, AUTH_ISSUER: LOCAL_ISSUER }, { logger: countingLogger(unhandled), deps }), 0);
  const poison = { type: undefined as string | undefined, failures: 0 };

  const typeOf = (body: string): string | undefined => {
    try {
      return (JSON.parse(body) as { 'detail-type'?: string })['detail-type'];
    } catch {
      return undefined;
    }
  };
  const startFlow = (): Promise<EventFlow> =>
    startEventFlow({
      dynamoEndpoint: dynamo.endpoint,
      client,
      ...tables,
      dataDir,
      queueOverrides: { visibilityTimeoutSeconds: 1, maxReceiveCount: 3 },
      onError: () => undefined,
      wrapHandler: (consumer: ConsumerName, real) => async (event, context) => {
        if (consumer !== 'books' || poison.type === undefined) return real(event, context);
        const bad = event.Records.filter((record) => typeOf(record.body) === poison.type);
        poison.failures += bad.length;
        const rest = event.Records.filter((record) => !bad.includes(record));
        const answer: SQSBatchResponse = rest.length > 0 ? ((await real({ Records: rest }, context)) ?? { batchItemFailures: [] }) : { batchItemFailures: [] };
        return { batchItemFailures: [...answer.batchItemFailures, ...bad.map((record) => ({ itemIdentifier: record.messageId }))] };
      },
    });
  let flow = await startFlow();
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  return {
    url: server.url,
    client,
    ...tables,
    deps,
    flow: () => flow,
    token: (role, funds = []) => signLocalToken(secret, { role, funds }),
    poison,
    unhandled,
    dynamoKills,
    killDynamo: async (downMs) => {
      const at = Date.now();
      process.kill(-dynamo.pid, 'SIGKILL');
      await dynamo.stop();
      // A rollback journal left behind means SQLite had a transaction open at the kill; it rolls it back on the next open.
      const journal = statSync(`${dataDir}/dynamodb/shared-local-instance.db-journal`, { throwIfNoEntry: false });
      await pause(downMs);
      dynamo = await startDynamoLocal({ dataDir: `${dataDir}/dynamodb`, port, jvmOptions: FAST_START_JVM_OPTIONS });
      dynamoKills.push({ at, upAt: Date.now(), hotJournal: (journal?.size ?? 0) > 0 });
    },
    crashFlow: async (downMs) => {
      await flow.crash();
      await pause(downMs);
      flow = await startFlow();
    },
    stop: async () => {
      await server.stop();
      await flow.stop().catch(() => undefined);
      client.destroy();
      await dynamo.stop();
    },
  };
};
