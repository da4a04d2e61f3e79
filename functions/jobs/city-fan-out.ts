// How a scheduled job's Lambda runs for every city (issue 24 §3). The schedule sends `{}` (no city):
// the invocation fans out, invoking its own function asynchronously once per city with the same
// payload and `city` set, and returns which cities it handed on. Each of those runs is its own
// invocation: inside withCity(city), after the cheap no-data check; a city whose run fails is retried
// by Lambda and lands in the jobs' DLQ (alarmed) like any failing run, and no other city waits for it
// or is stopped by it. The function's reserved concurrency bounds how many cities run at once: Lambda
// queues the rest and retries them as slots free up. Without a function to invoke (the local stack,
// scripts and tests) the cities run in this process, a few at a time (each-city.ts).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { CityId } from '../../events/cities';
import { withCity } from '../shared/city-scope';
import { type CityOutcome, type EachCityOptions, NO_DATA, citySummary, eachCity } from './each-city';
import { cityHasFunds } from './city-has-data';
import { cityOfPayload, jobCities } from './job-cities';

/** Hands one city's payload to its own invocation. */
export type CityRelay = (payload: Record<string, unknown>) => Promise<void>;

/** An asynchronous invoke ('Event': Lambda queues it and answers 202) of `functionName`. */
export const lambdaRelay =
  (functionName: string, lambda: Pick<LambdaClient, 'send'> = new LambdaClient({})): CityRelay =>
  async (payload) => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    if (answer.StatusCode !== 202) throw new Error(`invoke of ${functionName} answered ${answer.StatusCode ?? 'no status'}`);
  };

/** In Lambda, the function relays to itself (AWS_LAMBDA_FUNCTION_NAME, set by the runtime); elsewhere there is no relay. */
export const selfRelayFromEnv = (env: NodeJS.ProcessEnv = process.env): CityRelay | undefined => {
  const name = env.AWS_LAMBDA_FUNCTION_NAME;
  return name === undefined || name === '' ? undefined : lambdaRelay(name);
};

export type CityRun<T> =
  /** One city's run (the payload named it). */
  | { action: 'city'; outcome: Exclude<CityOutcome<T>, { status: 'failed' }> }
  /** Every city handed to its own invocation. */
  | { action: 'fan-out'; relayed: CityId[] }
  /** Every city run here (no relay). */
  | { action: 'every-city'; outcomes: CityOutcome<T>[] };

export interface PerCityOptions extends EachCityOptions {
  cities: readonly CityId[];
  relay?: CityRelay;
}

export class FanOutIncomplete extends Error {
  constructor(readonly failed: { city: CityId; error: string }[]) {
    super(`could not hand the run to ${failed.map((f) => `${f.city} (${f.error})`).join(', ')}`);
  }
}

export const runPerCity = async <T>(event: unknown, run: (payload: Record<string, unknown>) => Promise<T>, options: PerCityOptions): Promise<CityRun<T>> => {
  const payload = cityOfPayload.parse(event ?? {});
  const { city, fannedOut, ...rest } = payload;
  if (city !== undefined && city !== null) {
    // A failure throws, so Lambda retries this city's run and, after its retries, parks it in the DLQ.
    return withCity(city, async () => {
      if (fannedOut === true && options.hasData !== undefined && !(await options.hasData())) return { action: 'city', outcome: { city, status: 'skipped', reason: NO_DATA } };
      return { action: 'city', outcome: { city, status: 'done', result: await run(payload) } };
    });
  }
  if (options.relay === undefined) return { action: 'every-city', outcomes: await eachCity(options.cities, () => run(rest), options) };
  const relayed: CityId[] = [];
  const failed: { city: CityId; error: string }[] = [];
  for (const each of options.cities) {
    try {
      await options.relay({ ...rest, city: each, fannedOut: true });
      relayed.push(each);
    } catch (error) {
      failed.push({ city: each, error: error instanceof Error ? error.message : String(error) });
    }
  }
  // Every city was tried; one that could not be handed on fails the fan-out, which Lambda retries
  // (the cities already handed on run again: every job is idempotent per city and period).
  if (failed.length > 0) throw new FanOutIncomplete(failed);
  return { action: 'fan-out', relayed };
};

/** One log line per run for the jobs' handlers: a city skipped, the cities handed on, or each city's outcome. */
export const logCityRun = (log: Pick<Logger, 'info' | 'error'>, job: string, run: CityRun<unknown>): void => {
  if (run.action === 'city') {
    if (run.outcome.status === 'skipped') log.info(`${job} skipped`, run.outcome);
  } else if (run.action === 'fan-out') log.info(`${job} handed to every city`, { cities: run.relayed });
  else {
    const summary = citySummary(run.outcomes);
    if (summary.failed.length > 0) log.error(`${job} of every city`, summary);
    else log.info(`${job} of every city`, summary);
  }
};

/** A scheduled job's Lambda: the cities of JOB_CITIES (or all), the no-fund check on its read table, and the relay to itself. */
export const scheduledCityOptions = (client: Pick<DynamoDBClient, 'send'>, readTableName: string, env: NodeJS.ProcessEnv = process.env): PerCityOptions => {
  const relay = selfRelayFromEnv(env);
  return { cities: jobCities(env), hasData: () => cityHasFunds(client, readTableName), ...(relay === undefined ? {} : { relay }) };
};
