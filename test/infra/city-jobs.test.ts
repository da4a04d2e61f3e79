// Issue 24 §3 in the stack: the scheduled jobs run once per city. The schedules (Scheduler in the
// global partition, EventBridge rules in the China regions) still send `{}`; each job's function then
// invokes itself once per city (functions/jobs/city-fan-out.ts), so each job's role may invoke exactly
// its own function and no other; the seal job may read the read table's fund list (the no-fund check);
// a fund's year close hands its city to the archive job; `-c jobCities=…` narrows the cities, checked at synth.
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoreFunctionName } from '../../functions/shared/functions';
import { JOB_CITIES_ENV } from '../../functions/jobs/job-cities';
import { ENV } from '../../functions/shared/tables';
import { PER_CITY_JOBS, PER_CITY_THROTTLE_PERIODS } from '../../infra/constructs/jobs';
import { SYNTH_TIMEOUT_MS, actionsOf, resourcesOf, schedulerSchedulesOf, statementsOfRole, synth, type Synthesized } from './synth';

const JOBS = PER_CITY_JOBS;

let dev: Synthesized;
let ningxia: Synthesized;
let pilot: Synthesized;

beforeAll(() => {
  dev = synth('dev', { nag: false });
  ningxia = synth('dev', { nag: false, context: { region: 'cn-northwest-1' } });
  pilot = synth('dev', { nag: false, context: { jobCities: 'liaocheng, jinan' } });
}, SYNTH_TIMEOUT_MS * 3);

const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }): string =>
  s.stack.getLogicalId((construct.node.defaultChild ?? construct) as Parameters<Stack['getLogicalId']>[0]);
const fnProps = (s: Synthesized, name: CoreFunctionName) => s.resources[idOf(s, s.stack.functions[name].fn)]?.Properties ?? {};
const invokeResources = (s: Synthesized, name: CoreFunctionName): unknown[] =>
  statementsOfRole(s.resources, idOf(s, s.stack.functions[name].role as unknown as { node: { defaultChild?: unknown } }))
    .filter((statement) => actionsOf(statement).some((action) => action.startsWith('lambda:')))
    .flatMap((statement) => (expect(actionsOf(statement)).toEqual(['lambda:InvokeFunction']), resourcesOf(statement)));

describe('the scheduled jobs fan out to every city', () => {
  it.each(JOBS)('%s may invoke exactly its own function, named by its ARN in the stack partition and region', (name) => {
    const own = (s: Synthesized) => `:function:${fnProps(s, name).FunctionName as string}`;
    expect(invokeResources(dev, name)).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, own(dev)]] }]);
    // The China stack is pinned to its region: the aws-cn partition, resolved at synth.
    expect(invokeResources(ningxia, name)).toEqual([{ 'Fn::Join': ['', ['arn:aws-cn:lambda:cn-northwest-1:', { Ref: 'AWS::AccountId' }, own(ningxia)]] }]);
  });

  it('the schedules still send {} (no city: every city), in the global partition and in the China regions', () => {
    for (const schedule of Object.values(schedulerSchedulesOf(dev.stack))) expect(schedule.target).toMatchObject({ input: '{}' });
    const rules = ningxia.stack.jobs.schedules.kind === 'rules' ? ningxia.stack.jobs.schedules.rules : undefined;
    expect(rules).toBeDefined();
    for (const rule of Object.values(rules ?? {})) {
      const targets = ningxia.resources[idOf(ningxia, rule)]?.Properties?.Targets as { Input: string }[];
      expect(targets.map((target) => target.Input)).toEqual(['{}']);
    }
  });

  it('a fund\'s year close hands its city to the archive job', () => {
    const rule = dev.resources[idOf(dev, dev.stack.jobs.yearClosedRule)]?.Properties?.Targets as { InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }[];
    expect(Object.values(rule[0]?.InputTransformer.InputPathsMap ?? {}).sort()).toEqual(['$.detail.city', '$.detail.occurredOn']);
    expect(rule[0]?.InputTransformer.InputTemplate).toMatch(/"city":<detail-city>/);
  });

  it('the seal job knows the read table and may query it (the no-fund check of a city), and write nothing there', () => {
    const environment = (fnProps(dev, 'seal').Environment as { Variables: Record<string, unknown> }).Variables;
    expect(environment[ENV.readTable]).toEqual({ Ref: idOf(dev, dev.stack.data.read) });
    const readId = idOf(dev, dev.stack.data.read);
    const onRead = statementsOfRole(dev.resources, idOf(dev, dev.stack.jobs.seal.role as unknown as { node: { defaultChild?: unknown } }))
      .filter((statement) => JSON.stringify(statement.Resource).includes(`"${readId}"`))
      .flatMap(actionsOf);
    expect(onRead).toEqual(['dynamodb:Query']);
  });

  it.each(JOBS)('the throttles of %s alarm only when they last 30 minutes: cities beyond the reserved concurrency wait in Lambda\'s queue by design', (name) => {
    const id = idOf(dev, dev.stack.functions[name].fn);
    const alarm = Object.values(dev.resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.MetricName === 'Throttles' && JSON.stringify(r.Properties?.Dimensions).includes(`"${id}"`));
    expect(alarm?.Properties).toMatchObject({ Threshold: 0, EvaluationPeriods: PER_CITY_THROTTLE_PERIODS, Period: 300 });
    const api = idOf(dev, dev.stack.functions.api.fn);
    const apiAlarm = Object.values(dev.resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.MetricName === 'Throttles' && JSON.stringify(r.Properties?.Dimensions).includes(`"${api}"`));
    expect(apiAlarm?.Properties).toMatchObject({ EvaluationPeriods: 1 });
  });

  it('-c jobCities narrows the cities of every scheduled job; by default none is set (every city)', () => {
    for (const name of JOBS) {
      expect((fnProps(pilot, name).Environment as { Variables: Record<string, unknown> }).Variables[JOB_CITIES_ENV], name).toBe('liaocheng,jinan');
      expect((fnProps(dev, name).Environment as { Variables: Record<string, unknown> }).Variables[JOB_CITIES_ENV], name).toBeUndefined();
    }
    expect(() => synth('dev', { nag: false, context: { jobCities: 'liaocheng,jinnan' } })).toThrow(/JOB_CITIES=liaocheng,jinnan/);
  }, SYNTH_TIMEOUT_MS);
});
