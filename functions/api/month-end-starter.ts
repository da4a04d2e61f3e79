// How POST /v1/reconciliations starts a month-end run. In the cloud the API may neither write the
// read table (reports live there) nor outlive API Gateway's 29 s, so it hands the run to the
// month-end function (asynchronous invoke, answered 'accepted'); the local stack and the tests have
// no such function and run the very same runMonthEnd in process ('completed', with the summary).
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MonthEndRequest } from '../jobs/month-end';
import { type MonthEndDeps, type MonthEndSummary, runMonthEnd } from '../month-end/reconcile';
import type { EventStore } from '../store/event-store';
import { createReconciliationReports } from '../store/reconciliation-reports';
import type { ReadModelQueries } from '../store/read-models/queries';
import { currentCity } from '../shared/city-scope';

/** The payload functions/jobs/month-end.ts accepts besides the scheduler's `{}`. */
export interface MonthEndStart {
  month: string;
  /** Derived from the Idempotency-Key: a retried request re-runs under the same id and appends nothing twice. */
  runId: string;
  actor: string;
}

export type MonthEndStartResult = { status: 'completed'; summary: MonthEndSummary } | { status: 'accepted' };

export interface MonthEndStarter {
  start(run: MonthEndStart): Promise<MonthEndStartResult>;
}

export const lambdaMonthEnd = (functionName: string, lambda: Pick<LambdaClient, 'send'> = new LambdaClient({})): MonthEndStarter => ({
  start: async (run) => {
    // Typed as what the job parses, so the two cannot drift apart.
    const payload: MonthEndRequest & MonthEndStart = { month: run.month, runId: run.runId, actor: run.actor, city: currentCity() };
    // 'Event': Lambda queues the run and answers 202 at once; it retries a failed run twice itself.
    const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    if (answer.StatusCode !== 202) throw new Error(`month-end invoke of ${functionName} answered ${answer.StatusCode ?? 'no status'}`);
    return { status: 'accepted' };
  },
});

export interface InProcessMonthEndDeps {
  store: EventStore;
  queries: ReadModelQueries;
  readTable: { client: DynamoDBClient; tableName: string };
  /** The local stack's seals (<DATA_DIR>/seals/): month end checks the month's seals against the events. */
  seals?: MonthEndDeps['seals'];
}

export const inProcessMonthEnd = ({ store, queries, readTable, seals }: InProcessMonthEndDeps): MonthEndStarter => {
  const reports = createReconciliationReports(readTable);
  return { start: async (run) => ({ status: 'completed', summary: await runMonthEnd({ store, queries, reports, ...(seals === undefined ? {} : { seals }) }, run) }) };
};
