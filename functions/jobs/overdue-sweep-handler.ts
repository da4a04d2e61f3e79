// Lambda entry of the daily overdue sweep (EventBridge Scheduler). The scheduled payload may pin
// the business date ({"today": "YYYY-MM-DD"}) for a catch-up run; otherwise it is today in Shanghai.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { shanghaiToday } from '../../domain/dates';
import { businessDate } from '../../events/primitives';
import { ENV, EVENTS_TABLE, READ_TABLE } from '../shared/tables';
import { createCommands } from '../commands';
import { createDynamoClient } from '../store/dynamo-client';
import { createEventStore } from '../store/event-store';
import { createReadModelQueries } from '../store/read-models/queries';
import { sweepOverdue } from './overdue-sweep';

const logger = new Logger({ serviceName: 'fund-ledger-overdue-sweep' });
const client = createDynamoClient();
const store = createEventStore({ client, tableName: process.env[ENV.eventsTable] ?? EVENTS_TABLE.name });
const queries = createReadModelQueries({ client, tableName: process.env[ENV.readTable] ?? READ_TABLE.name });
const commands = createCommands(store);

const input = z.object({ today: businessDate.optional() }).passthrough();

export const handler = async (event: unknown, context: Context) => {
  const parsed = input.safeParse(event ?? {});
  const today = (parsed.success ? parsed.data.today : undefined) ?? shanghaiToday();
  const result = await sweepOverdue({ queries, commands, today, requestId: context.awsRequestId });
  logger.info('overdue sweep', { requestId: context.awsRequestId, today, fundsSwept: result.fundsSwept, candidates: result.candidates, marked: result.marked.length, skipped: result.skipped });
  return result;
};
