// The local stack: DynamoDB Local, the tables, the event flow and the HTTP server running the
// same API handler as the Lambda. Used by `npm start`, the e2e tests and the benchmarks.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ledgerLogger } from '../../functions/shared/ledger-logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { type ApiDeps, createDeps } from '../../functions/api/deps';
import { OPERATION_EXAMPLES } from '../../functions/api/examples';
import { LOCAL_ISSUER, type Role, signLocalToken } from '../../functions/api/auth';
import type { CityId } from '../../events/cities';
import { createDynamoClient } from '../../functions/store/dynamo-client';
import { createReconciliationReports } from '../../functions/store/reconciliation-reports';
import { ENV } from '../../functions/shared/tables';
import { createTables } from './create-tables';
import { startDynamoLocal } from './dynamo-local';
import { type EventFlow, type EventFlowOptions, startEventFlow } from './event-flow';
import { createLocalApi } from './api-gateway';
import { auditFileWriter } from './audit-file';
import { createDashboardFront } from './dashboard-front';
import { startHttpServer } from './http-server';
import { startLocalScheduler } from './local-scheduler';
import { jobCities } from '../../functions/jobs/job-cities';
import { loadOrCreateSecret, newSecret } from './local-auth';
import { localRecords } from './local-records';
import { RECORDS_ENV } from '../../functions/shared/records';
import { sealStoreFromEnv } from '../../functions/seal/context';
import { HASH_ALGORITHM_ENV, type HashAlgorithm, hashAlgorithmFromEnv } from '../../functions/store/hash-algorithm';

export interface LocalStackOptions {
  /** HTTP port; 0 (the default) picks a free one. */
  port?: number;
  /** Persistent data (DynamoDB files, signing key, stream positions); in memory when absent. */
  dataDir?: string;
  /** Run the projectors and reactors (default true). */
  eventFlow?: boolean;
  /** API log level; defaults to POWERTOOLS_LOG_LEVEL or INFO. Tests pass SILENT. */
  logLevel?: LogLevel;
  /** Run the scheduled jobs (overdue sweep, month end) as EventBridge Scheduler would; `npm start` does. */
  schedules?: boolean;
  /** Benches and tests: wraps each consumer's handler (passed to startEventFlow). */
  wrapHandler?: EventFlowOptions['wrapHandler'];
  /** Serve the built dashboard from this directory (web/dist) at `/`, with the local pick-a-role sign-in. */
  dashboardDir?: string;
  /** The chain and seal algorithm (default: HASH_ALGORITHM, else sha256); set in the process environment the functions read. */
  hashAlgorithm?: HashAlgorithm;
}

export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  client: DynamoDBClient;
  eventsTableName: string;
  readTableName: string;
  /** What the API's routes use (store, queries, commands): lets tests and benches act directly. */
  deps: ApiDeps;
  /** Present when the event flow runs. */
  flow: EventFlow | undefined;
  /** A token the stack accepts for `role` (and, for a fund manager, its funds); `subject` names the person, `city` its city (default liaocheng). */
  token(role: Role, funds?: string[], subject?: string, city?: CityId): Promise<string>;
  /** Stops everything in reverse order of start; safe to call twice. */
  stop(): Promise<void>;
}

/** The API is quiet, for the scheduled jobs, when it has had no request for this long. */
const QUIET_MS = 5_000;

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    // Reverse order: the HTTP server stops taking requests before the store goes away.
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch {
        // Keep stopping the rest: a half-stopped stack must not leave java behind.
      }
    }
  };
  try {
    const secret = options.dataDir === undefined ? newSecret() : loadOrCreateSecret(options.dataDir);
    const dynamo = await startDynamoLocal(options.dataDir === undefined ? {} : { dataDir: path.join(options.dataDir, 'dynamodb') });
    stops.push(() => dynamo.stop());
    if (options.dataDir !== undefined) {
      // scripts/rebuild.ts finds the running stack's DynamoDB Local through this file.
      const endpointFile = path.join(options.dataDir, 'dynamodb-endpoint.txt');
      writeFileSync(endpointFile, dynamo.endpoint);
      stops.push(async () => rmSync(endpointFile, { force: true }));
    }
    const client = createDynamoClient(dynamo.endpoint);
    stops.push(async () => client.destroy());
    const { eventsTableName, readTableName } = await createTables(client);

    const env: NodeJS.ProcessEnv = {
      [ENV.dynamoEndpoint]: dynamo.endpoint,
      [ENV.eventsTable]: eventsTableName,
      [ENV.readTable]: readTableName,
      LOCAL_JWT_SECRET: secret,
      AUTH_ISSUER: LOCAL_ISSUER,
      [HASH_ALGORITHM_ENV]: options.hashAlgorithm ?? hashAlgorithmFromEnv(),
    };
    // The projector handlers the flow loads read their tables from the process environment.
    Object.assign(process.env, env);

    let flow: EventFlow | undefined;
    if (options.eventFlow !== false) {
      flow = await startEventFlow({
        dynamoEndpoint: dynamo.endpoint,
        client,
        eventsTableName,
        readTableName,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(process.env.ALERT_WEBHOOK_URL === undefined ? {} : { alertWebhookUrl: process.env.ALERT_WEBHOOK_URL }),
        ...(options.wrapHandler === undefined ? {} : { wrapHandler: options.wrapHandler }),
      });
      const started = flow;
      stops.push(() => started.stop());
    }

    // Seals and archives live in the data directory; an in-memory stack keeps none.
    const recordsEnv = options.dataDir === undefined ? undefined : { ...env, [RECORDS_ENV.dataDir]: options.dataDir };
    const deps: ApiDeps = {
      // One process serves every API command here, so what it remembers of a stream is nearly always what the store holds.
      ...createDeps({ client, eventsTableName, readTableName, decideFromMemory: true, ...(recordsEnv === undefined ? {} : { seals: sealStoreFromEnv(recordsEnv) }) }),
      operationExamples: () => OPERATION_EXAMPLES,
    };
    const logger = ledgerLogger({ serviceName: 'fund-ledger-api', logLevel: options.logLevel ?? (process.env.POWERTOOLS_LOG_LEVEL as LogLevel | undefined) ?? 'INFO' });
    const front =
      options.dashboardDir === undefined
        ? undefined
        : createDashboardFront({
            distDir: options.dashboardDir,
            signToken: (role, funds, subject, city) => signLocalToken(secret, { role, funds, ...(subject === undefined ? {} : { subject }), ...(city === undefined ? {} : { city }) }),
            listFunds: () => deps.queries.listFunds(),
          });
    // The audit log lives beside the data it describes; an in-memory stack keeps none.
    const auditFile = options.dataDir === undefined ? undefined : auditFileWriter(options.dataDir);
    if (auditFile !== undefined) stops.push(async () => auditFile.close());
    const api = createLocalApi(env, { logger, deps, ...(auditFile === undefined ? {} : { audit: auditFile }) });
    let lastRequestAt = 0;
    const noteRequest: typeof api = (event) => {
      lastRequestAt = Date.now();
      return api(event);
    };
    const server = await startHttpServer(noteRequest, options.port ?? 0, undefined, front);
    stops.push(() => server.stop());

    if (options.schedules === true) {
      const reports = createReconciliationReports({ client, tableName: readTableName });
      const scheduler = startLocalScheduler({
        deps,
        hasMonthReport: async (month) => (await reports.listMonth(month)).length > 0,
        log: (message, details) => logger.info(message, details),
        cities: jobCities(),
        quiet: () => Date.now() - lastRequestAt >= QUIET_MS,
        ...(recordsEnv === undefined ? {} : { records: localRecords(recordsEnv, client) }),
      });
      stops.push(() => scheduler.stop());
    }

    return {
      url: server.url,
      dynamoEndpoint: dynamo.endpoint,
      client,
      eventsTableName,
      readTableName,
      deps,
      flow,
      token: (role, funds = [], subject, city) => signLocalToken(secret, { role, funds, ...(subject === undefined ? {} : { subject }), ...(city === undefined ? {} : { city }) }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
