// Lambda entry of the daily overdue sweep (EventBridge Scheduler). The scheduled payload names no
// city: the function invokes itself once per city (functions/jobs/city-fan-out.ts) and each city's
// run sweeps that city's loans. The payload may pin the business date ({"today": "YYYY-MM-DD"}) for a
// catch-up run; otherwise it is today in Shanghai.
import { ledgerLogger } from '../shared/ledger-logger';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { shanghaiToday } from '../../domain/dates';
import { businessDate } from '../../events/primitives';
import { once } from '../../domain/once';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createBridgeLoanCommands } from '../commands/bridge-loan-commands';
import { createPipeline } from '../commands/pipeline';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { createReadModelQueries } from '../store/read-models/queries';
import { currentCity } from '../shared/city-scope';
import { type CityRun, logCityRun, runPerCity, scheduledCityOptions } from './city-fan-out';
import { type OverdueSweepResult, sweepOverdue } from './overdue-sweep';

const logger = once(() => ledgerLogger({ serviceName: 'fund-ledger-overdue-sweep' }));
const client = createDynamoClient();
const store = createEventStore({ client, tableName: process.env[ENV.eventsTable] ?? EVENTS_TABLE.name });
const readTableName = process.env[ENV.readTable] ?? READ_TABLE.name;
const queries = createReadModelQueries({ client, tableName: readTableName });
// Only the bridge-loan commands: the whole command set (subsidies, guarantees, approvals) would load
// every domain module and policy schema at init for a job that marks loans overdue.
const commands = createBridgeLoanCommands(createPipeline(store));

const input = z.object({ today: businessDate.optional() }).passthrough();

const perCity = scheduledCityOptions(client, readTableName);

export const handler = async (event: unknown, context: Context): Promise<CityRun<OverdueSweepResult>> => {
  const sweepCity = async (payload: unknown): Promise<OverdueSweepResult> => {
    const parsed = input.safeParse(payload ?? {});
    const today = (parsed.success ? parsed.data.today : undefined) ?? shanghaiToday();
    const result = await sweepOverdue({ queries, commands, today, requestId: context.awsRequestId });
    logger().info('overdue sweep', { city: currentCity(), requestId: context.awsRequestId, today, fundsSwept: result.fundsSwept, candidates: result.candidates, marked: result.marked.length, skipped: result.skipped });
    return result;
  };
  const run = await runPerCity(event, sweepCity, perCity);
  logCityRun(logger(), 'overdue sweep', run);
  return run;
};
