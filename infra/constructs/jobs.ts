// Scheduled and on-demand jobs (DESIGN §3): month-end reconciliation, the overdue sweep, the daily
// seal and the monthly archive run on EventBridge Scheduler in the business time zone; replay runs
// on demand (aws lambda invoke). Scheduler invokes asynchronously: a run that fails Lambda's own
// retries lands in the jobs' async-failure DLQ (and one Scheduler could not deliver in its DLQ).
// The schedules are L1 CfnSchedules so that the scheduler role names exactly the two function
// ARNs (the L2 target grants `<function>:*` as well, which would need a wildcard suppression).
// A fund's year close on the bus also invokes the archive job (an EventBridge rule: a resource
// permission on the function for events.amazonaws.com, no role). Where the region has no Scheduler
// (the AWS China regions, infra/stacks/region-capabilities.ts) each schedule is an EventBridge rule
// on the default bus instead, its cron rewritten to UTC (utc-cron.ts), with the same input, retries
// and DLQ.
// Every city (issue 24 §3): the schedules send `{}`, and each scheduled job's function, invoked without
// a city, invokes itself asynchronously once per city with `{city}` (functions/jobs/city-fan-out.ts);
// so each job's role may invoke its own function (named by ARN, built from the function's name: a
// reference to the function itself would be a cycle through its role). Each city's run is a separate
// asynchronous invocation with Lambda's retries and the jobs' DLQ; the reserved concurrency bounds how
// many cities run at once, Lambda queues the others. `-c jobCities=liaocheng,jinan` narrows the cities
// (JOB_CITIES); by default every city of CITY_IDS, each skipped cheaply when it has no fund.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, type EventBus, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_BUS } from '../../functions/shared/routing';
import type { FunctionName } from '../../functions/shared/functions';
import { SCHEDULES, type ScheduleName } from '../../functions/shared/schedules';
import { JOB_CITIES_ENV, jobCities } from '../../functions/jobs/job-cities';
import { RECORDS_ENV } from '../../functions/shared/records';
import { ENV } from '../../functions/shared/tables';
import type { RegionCapabilities } from '../stacks/region-capabilities';
import { stageName, type StageConfig } from '../stacks/stage';
import { LedgerFunction } from './ledger-function';
import { OBJECT_LOCK_ACTIONS, OBJECT_READ_ACTIONS, OBJECT_WRITE_ACTIONS, grantObjects } from './object-access';
import { deadLetterQueue } from './queues';
import { utcCron } from './utc-cron';
import type { Records } from './records';
import { APPEND_ACTIONS, READ_ACTIONS, READ_MODEL_WRITE_ACTIONS, SCAN_ACTIONS, grantTable } from './table-access';

export interface JobsProps {
  stage: StageConfig;
  capabilities: RegionCapabilities;
  events: Table;
  read: Table;
  monthIndexName: string;
  bus: EventBus;
  logKey: IKey;
  records: Records;
}

/** The jobs that run once per city, each city's run its own asynchronous invocation (the schedules' targets). */
export const PER_CITY_JOBS = ['monthEnd', 'overdueSweep', 'seal', 'archive'] as const satisfies readonly FunctionName[];

/**
 * Their throttles alarm only after this many 5-minute periods in a row: at the schedule's hour the
 * cities beyond the reserved concurrency are throttled by design and wait in Lambda's queue (retried
 * up to every 5 minutes); a city that waits too long lands in the jobs' DLQ, which alarms at once.
 */
export const PER_CITY_THROTTLE_PERIODS = 6;

/** `-c jobCities=liaocheng,jinan`: the cities the scheduled jobs run for (default every city). */
export const JOB_CITIES_CONTEXT = 'jobCities';

/** Reserved concurrency of each job: one run at a time is the design, the second slot lets an operator's run overlap. */
export const JOB_CONCURRENCY = { monthEnd: 2, overdueSweep: 1, replay: 2, seal: 2, archive: 1 } as const;

const kebab = (camel: string): string => camel.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Scheduler retries a failed invocation this often within this age, then parks it in the DLQ. */
export const SCHEDULE_RETRY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } as const;

export class Jobs extends Construct {
  readonly monthEnd: LedgerFunction;
  readonly overdueSweep: LedgerFunction;
  readonly replay: LedgerFunction;
  readonly seal: LedgerFunction;
  readonly archive: LedgerFunction;
  /** YearClosingPosted on the bus → the archive job with the close's date. */
  readonly yearClosedRule: Rule;
  readonly schedulerDlq: Queue;
  /** Asynchronous invocations of a job that failed every retry (Lambda's on-failure DLQ). */
  readonly asyncFailuresDlq: Queue;
  /** The schedules: Scheduler schedules, or (no Scheduler in the region) EventBridge rules. */
  readonly schedules: { kind: 'scheduler'; schedules: Record<ScheduleName, CfnSchedule> } | { kind: 'rules'; rules: Record<ScheduleName, Rule> };

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const { stage, events, read, bus, monthIndexName, records } = props;
    const tables = { [ENV.eventsTable]: events.tableName, [ENV.readTable]: read.tableName };
    this.asyncFailuresDlq = deadLetterQueue(this, 'AsyncFailuresDlq', {
      queueName: stageName(stage, 'fund-ledger-jobs-dlq'),
      retention: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    const common = { logRetention: stage.logRetention, removalPolicy: stage.removalPolicy, logKey: props.logKey };
    const scheduled = { ...common, asyncFailures: this.asyncFailuresDlq };
    // Validated at synth (a misspelt city fails here, not at 01:00 on the 1st).
    const cities: string | undefined = this.node.tryGetContext(JOB_CITIES_CONTEXT);
    const perCity: Record<string, string> = cities === undefined ? {} : { [JOB_CITIES_ENV]: jobCities({ [JOB_CITIES_ENV]: cities }).join(',') };
    const sealBucket = { [RECORDS_ENV.sealBucket]: records.seals.bucketName };

    this.monthEnd = new LedgerFunction(this, 'MonthEnd', {
      ...scheduled,
      name: 'monthEnd',
      functionName: stageName(stage, 'fund-ledger-month-end'),
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: { ...tables, ...sealBucket, ...perCity },
      reservedConcurrency: JOB_CONCURRENCY.monthEnd,
    });
    // Replays the month (GSI1) and each fund's history, appends ReconciliationCompleted, and
    // stores the report with the read models it compares against.
    grantTable(this.monthEnd.role, { table: events, actions: [...READ_ACTIONS, ...APPEND_ACTIONS], indexes: [monthIndexName] });
    grantTable(this.monthEnd.role, { table: read, actions: [...READ_ACTIONS, ...SCAN_ACTIONS, ...READ_MODEL_WRITE_ACTIONS] });
    // Checks that the month's seals verify.
    grantObjects(this.monthEnd.role, records.seals, OBJECT_READ_ACTIONS);

    this.overdueSweep = new LedgerFunction(this, 'OverdueSweep', {
      ...scheduled,
      reservedConcurrency: JOB_CONCURRENCY.overdueSweep,
      name: 'overdueSweep',
      functionName: stageName(stage, 'fund-ledger-overdue-sweep'),
      timeout: Duration.minutes(5),
      environment: { ...tables, ...perCity },
    });
    // Finds open loans past due in the positions read model, then appends the overdue events.
    grantTable(this.overdueSweep.role, { table: events, actions: [...READ_ACTIONS, ...APPEND_ACTIONS] });
    grantTable(this.overdueSweep.role, { table: read, actions: [...READ_ACTIONS, ...SCAN_ACTIONS] });

    this.replay = new LedgerFunction(this, 'Replay', {
      ...common,
      name: 'replay',
      functionName: stageName(stage, 'fund-ledger-replay'),
      timeout: Duration.minutes(15),
      environment: { ...tables, [ENV.busName]: bus.eventBusName },
      reservedConcurrency: JOB_CONCURRENCY.replay,
    });
    // Reads a stream, a fund (scan of stream heads) or a month (GSI1) and re-publishes it.
    grantTable(this.replay.role, { table: events, actions: [...READ_ACTIONS, ...SCAN_ACTIONS], indexes: [monthIndexName] });
    bus.grantPutEventsTo(this.replay.role);

    this.seal = new LedgerFunction(this, 'Seal', {
      ...scheduled,
      name: 'seal',
      functionName: stageName(stage, 'fund-ledger-seal'),
      timeout: Duration.minutes(15),
      memorySize: 1024,
      // The read table only for the no-fund check of a city (functions/jobs/city-has-data.ts).
      environment: { ...tables, ...sealBucket, ...perCity },
      reservedConcurrency: JOB_CONCURRENCY.seal,
    });
    // Scans the stream heads, reads events to verify, and writes (never deletes) seals.
    grantTable(this.seal.role, { table: events, actions: [...READ_ACTIONS, ...SCAN_ACTIONS] });
    grantTable(this.seal.role, { table: read, actions: ['dynamodb:Query'] });
    grantObjects(this.seal.role, records.seals, [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS]);

    this.archive = new LedgerFunction(this, 'Archive', {
      ...scheduled,
      name: 'archive',
      functionName: stageName(stage, 'fund-ledger-archive'),
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: { ...tables, ...sealBucket, [RECORDS_ENV.archiveBucket]: records.archive.bucketName, ...perCity },
      reservedConcurrency: JOB_CONCURRENCY.archive,
    });
    // Reads the month (GSI1) and its stored reports, names the seal, writes the archive with retention.
    // A closed year's annual accounts are stored once in the read table (ANNUAL#<year>, a conditional
    // PutItem) by whoever builds them first, the API or this job, and archived permanently.
    grantTable(this.archive.role, { table: events, actions: READ_ACTIONS, indexes: [monthIndexName] });
    grantTable(this.archive.role, { table: read, actions: [...READ_ACTIONS, 'dynamodb:PutItem'] });
    grantObjects(this.archive.role, records.seals, OBJECT_READ_ACTIONS);
    grantObjects(this.archive.role, records.archive, [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS, ...OBJECT_LOCK_ACTIONS]);

    this.schedulerDlq = deadLetterQueue(this, 'SchedulerDlq', {
      queueName: stageName(stage, 'fund-ledger-scheduler-dlq'),
      retention: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    const targets: Record<ScheduleName, LedgerFunction> = { monthEnd: this.monthEnd, overdueSweep: this.overdueSweep, dailySeal: this.seal, monthlyArchive: this.archive };
    // Each scheduled job hands each city's run to a new invocation of itself.
    for (const job of Object.values(targets)) {
      const self = Stack.of(this).formatArn({ service: 'lambda', resource: 'function', resourceName: job.functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      job.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [self] }));
    }
    this.schedules = props.capabilities.has.scheduler
      ? { kind: 'scheduler', schedules: this.schedulerSchedules(stage, targets) }
      : { kind: 'rules', rules: this.scheduleRules(stage, targets) };

    // A year's annual accounts are archived when its close is posted (issue 21 §4), not a month
    // later: each fund's 结转 (YearClosingPosted, dated 12-31) invokes the archive job with its date;
    // the job archives once every fund of the year has closed it and does nothing before (or after).
    this.yearClosedRule = new Rule(this, 'YearClosedArchiveRule', {
      ruleName: stageName(stage, 'fund-ledger-year-closed-archive'),
      description: 'A fund closed its year: archive the annual accounts once every fund has (permanent class)',
      eventBus: bus,
      eventPattern: { source: [EVENT_BUS.source], detailType: ['YearClosingPosted'] },
    });
    this.yearClosedRule.addTarget(
      new LambdaFunction(this.archive.fn, {
        // The city whose fund closed (absent on messages from before cities: every city is checked).
        event: RuleTargetInput.fromObject({ closedOn: EventField.fromPath('$.detail.occurredOn'), city: EventField.fromPath('$.detail.city') }),
        retryAttempts: SCHEDULE_RETRY.maximumRetryAttempts,
        deadLetterQueue: this.schedulerDlq,
      }),
    );
  }

  private schedulerSchedules(stage: StageConfig, targets: Record<ScheduleName, LedgerFunction>): Record<ScheduleName, CfnSchedule> {
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invokes the scheduled jobs only (month end, overdue sweep, seal, archive)',
    });
    role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: Object.values(targets).map((job) => job.fn.functionArn) }),
    );
    role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.schedulerDlq.queueArn] }));

    const schedules: Partial<Record<ScheduleName, CfnSchedule>> = {};
    for (const name of Object.keys(SCHEDULES) as ScheduleName[]) {
      const definition = SCHEDULES[name];
      schedules[name] = new CfnSchedule(this, `${name.charAt(0).toUpperCase()}${name.slice(1)}Schedule`, {
        name: stageName(stage, `fund-ledger-${kebab(name)}`),
        description: definition.description,
        scheduleExpression: definition.expression,
        scheduleExpressionTimezone: definition.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: targets[name].fn.functionArn,
          roleArn: role.roleArn,
          // The jobs derive their period from their own clock in the business time zone.
          input: '{}',
          retryPolicy: { ...SCHEDULE_RETRY },
          deadLetterConfig: { arn: this.schedulerDlq.queueArn },
        },
      });
    }
    return schedules as Record<ScheduleName, CfnSchedule>;
  }

  /** The same schedules as EventBridge rules (UTC cron), where the region has no Scheduler. */
  private scheduleRules(stage: StageConfig, targets: Record<ScheduleName, LedgerFunction>): Record<ScheduleName, Rule> {
    const rules: Partial<Record<ScheduleName, Rule>> = {};
    for (const name of Object.keys(SCHEDULES) as ScheduleName[]) {
      const definition = SCHEDULES[name];
      rules[name] = new Rule(this, `${name.charAt(0).toUpperCase()}${name.slice(1)}Rule`, {
        ruleName: stageName(stage, `fund-ledger-${kebab(name)}`),
        description: `${definition.description} (UTC cron of the ${definition.timeZone} time)`,
        schedule: Schedule.expression(utcCron(definition.expression)),
        targets: [
          new LambdaFunction(targets[name].fn, {
            // The jobs derive their period from their own clock in the business time zone.
            event: RuleTargetInput.fromObject({}),
            retryAttempts: SCHEDULE_RETRY.maximumRetryAttempts,
            maxEventAge: Duration.seconds(SCHEDULE_RETRY.maximumEventAgeInSeconds),
            deadLetterQueue: this.schedulerDlq,
          }),
        ],
      });
    }
    return rules as Record<ScheduleName, Rule>;
  }
}
