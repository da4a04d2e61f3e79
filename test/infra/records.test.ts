// Issue 15 in the prod template (synthesized once): encrypted logs, reserved concurrency, DLQs of
// asynchronous jobs, AWS Backup with Vault Lock, the Object Lock buckets of seals and archives, no
// TTL anywhere, and the least privilege of the seal, archive and backup roles.
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORE_FUNCTIONS, type CoreFunctionName } from '../../functions/shared/functions';
import { EVENT_BUS, ROUTES } from '../../functions/shared/routing';
import { archiveRequest } from '../../functions/jobs/archive-job';
import { RECORDS_ENV } from '../../functions/shared/records';
import { SEAL_METRIC } from '../../functions/shared/ops';
import { JOB_CONCURRENCY } from '../../infra/constructs/jobs';
import { stageConfig } from '../../infra/stacks/stage';
import { SYNTH_TIMEOUT_MS, actionsOf, defined, ofType, refersTo, resourcesOf, statementsOfRole, synth, type Synthesized } from './synth';

let prod: Synthesized;
beforeAll(() => {
  prod = synth('prod', { nag: false });
}, SYNTH_TIMEOUT_MS);

const idOf = (construct: { node: { defaultChild?: unknown } }): string => prod.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const props = (construct: { node: { defaultChild?: unknown } }): Record<string, unknown> => prod.resources[idOf(construct)]?.Properties ?? {};
const roleStatements = (role: { node: { defaultChild?: unknown } }) => statementsOfRole(prod.resources, idOf(role));
const ALL = CORE_FUNCTIONS;

describe('logs, concurrency and failures', () => {
  it('encrypts every log group with the rotating logs key and keeps it the stage\'s retention', () => {
    const key = idOf(prod.stack.logKey);
    const groups = ofType(prod.resources, 'AWS::Logs::LogGroup');
    // One per function, the API's access log, and one per WAF web ACL (dashboard, sign-in).
    expect(groups.length).toBe(ALL.length + 1 + 2);
    for (const [id, group] of groups) {
      expect(group.Properties?.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
      expect(group.Properties?.RetentionInDays, id).toBe(365);
    }
    expect(props(prod.stack.logKey).EnableKeyRotation).toBe(true);
    expect(JSON.stringify(props(prod.stack.logKey).KeyPolicy)).toContain('kms:EncryptionContext:aws:logs:arn');
  });

  it('reserves concurrency for every function, at least what each projector\'s event source may use', () => {
    for (const name of ALL) expect(props(prod.stack.functions[name].fn).ReservedConcurrentExecutions, name).toBeGreaterThan(0);
    for (const route of Object.values(ROUTES)) {
      expect(props(defined(prod.stack.functions[route.function], route.function).fn).ReservedConcurrentExecutions).toBeGreaterThanOrEqual(route.queue.maxConcurrency);
    }
    expect(props(prod.stack.jobs.seal.fn).ReservedConcurrentExecutions).toBe(JOB_CONCURRENCY.seal);
  });

  it('gives every asynchronously invoked job a dead-letter queue the job may send to, and alarms on it', () => {
    const dlq = idOf(prod.stack.jobs.asyncFailuresDlq);
    for (const job of [prod.stack.jobs.monthEnd, prod.stack.jobs.overdueSweep, prod.stack.jobs.seal, prod.stack.jobs.archive]) {
      expect(props(job.fn).DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
      expect(roleStatements(job.role).filter((s) => actionsOf(s).includes('sqs:SendMessage')).flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': [dlq, 'Arn'] }]);
    }
    const alarms = ofType(prod.resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => JSON.stringify(alarm.Properties?.Dimensions));
    expect(alarms.some((dimensions) => dimensions.includes(`"${dlq}"`))).toBe(true);
  });
});

describe('backups no one can erase', () => {
  it('backs up both tables daily (35 days) and monthly (10 years) into a vault locked in compliance mode', () => {
    const plans = ofType(prod.resources, 'AWS::Backup::BackupPlan');
    expect(plans).toHaveLength(1);
    const rules = (plans[0]?.[1].Properties?.BackupPlan as { BackupPlanRule: { RuleName: string; ScheduleExpression: string; Lifecycle: { DeleteAfterDays: number } }[] }).BackupPlanRule;
    expect(rules.map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays])).toEqual([
      ['Daily', 'cron(0 18 * * ? *)', 35],
      ['Monthly', 'cron(0 18 1 * ? *)', 3653],
    ]);
    // changeableFor set = compliance mode: after 3 days nobody can remove the lock or delete early.
    expect(props(prod.stack.backups.vault).LockConfiguration).toEqual({ MinRetentionDays: 35, ChangeableForDays: 3 });
    expect(prod.resources[idOf(prod.stack.backups.vault)]?.DeletionPolicy).toBe('Retain');
    const selection = ofType(prod.resources, 'AWS::Backup::BackupSelection')[0]?.[1];
    expect(JSON.stringify(selection?.Properties)).toContain(idOf(prod.stack.data.events));
    expect(JSON.stringify(selection?.Properties)).toContain(idOf(prod.stack.data.read));
    expect(stageConfig('dev').backupVaultLock).toBe(false);
  });

  it('lets the backup role back up exactly the two tables, without an AWS managed policy', () => {
    expect(props(prod.stack.backups.role).ManagedPolicyArns).toBeUndefined();
    const statements = roleStatements(prod.stack.backups.role);
    expect(statements.flatMap(actionsOf).sort()).toEqual(['dynamodb:CreateBackup', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource', 'dynamodb:StartAwsBackupJob']);
    expect(statements.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': [idOf(prod.stack.data.events), 'Arn'] }, { 'Fn::GetAtt': [idOf(prod.stack.data.read), 'Arn'] }]);
  });
});

describe('seals and archives under Object Lock', () => {
  it('locks the seal and archive buckets in compliance mode for 10 years in prod, versioned, TLS-only, private, retained', () => {
    for (const bucket of [prod.stack.records.seals, prod.stack.records.archive]) {
      expect(props(bucket)).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3653 } } },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: idOf(prod.stack.records.accessLogs) } },
      });
      expect(prod.resources[idOf(bucket)]?.DeletionPolicy).toBe('Retain');
    }
    expect(stageConfig('dev').recordsLock.mode).toBe('GOVERNANCE');
  });

  it('tells the seal, archive and month-end jobs their buckets', () => {
    const env = (job: { fn: { node: { defaultChild?: unknown } } }) => (props(job.fn).Environment as { Variables: Record<string, unknown> }).Variables;
    const { jobs, records } = prod.stack;
    expect(env(jobs.seal)[RECORDS_ENV.sealBucket]).toEqual({ Ref: idOf(records.seals) });
    expect(env(jobs.monthEnd)[RECORDS_ENV.sealBucket]).toEqual({ Ref: idOf(records.seals) });
    expect(env(jobs.archive)[RECORDS_ENV.archiveBucket]).toEqual({ Ref: idOf(records.archive) });
  });

  it('lets only the seal job write seals and only the archive job write archives (with retention), and no role delete either', () => {
    const s3 = (name: CoreFunctionName, bucket: { node: { defaultChild?: unknown } }) =>
      new Set(roleStatements(prod.stack.functions[name].role as never).filter((s) => resourcesOf(s).some((r) => refersTo(r, idOf(bucket)))).flatMap(actionsOf));
    const { seals, archive } = prod.stack.records;
    expect([...s3('seal', seals)].sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect([...s3('monthEnd', seals)].sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect([...s3('archive', seals)].sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect([...s3('archive', archive)].sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention']);
    for (const name of ALL.filter((n) => n !== 'seal' && n !== 'monthEnd' && n !== 'archive')) expect(s3(name, seals).size, name).toBe(0);
    const every = ofType(prod.resources, 'AWS::IAM::Policy').flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: never[] }).Statement.flatMap(actionsOf));
    expect(every.filter((action) => /^s3:(Delete|BypassGovernance|PutBucketObjectLockConfiguration|PutLifecycle)/.test(action))).toEqual([]);
  });

  it('lets the seal job read events but write none', () => {
    const onEvents = roleStatements(prod.stack.jobs.seal.role as never).filter((s) => resourcesOf(s).some((r) => refersTo(r, idOf(prod.stack.data.events)))).flatMap(actionsOf);
    expect(onEvents).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:Scan']));
    expect(onEvents.filter((action) => /Put|Update|Delete|BatchWrite/.test(action))).toEqual([]);
  });

  it('lets the archive job store a closed year\'s annual accounts once in the read table (PutItem, no update or delete) and write no event', () => {
    const on = (table: { node: { defaultChild?: unknown } }) =>
      roleStatements(prod.stack.jobs.archive.role as never).filter((s) => resourcesOf(s).some((r) => refersTo(r, idOf(table)))).flatMap(actionsOf);
    expect(on(prod.stack.data.read).filter((action) => /Put|Update|Delete|BatchWrite/.test(action))).toEqual(['dynamodb:PutItem']);
    expect(on(prod.stack.data.events).filter((action) => /Put|Update|Delete|BatchWrite/.test(action))).toEqual([]);
  });

  it('archives a year when its close is posted: YearClosingPosted on the bus invokes the archive job with the close\'s date', () => {
    const rule = props(prod.stack.jobs.yearClosedRule) as { EventPattern?: unknown; Targets?: { Arn?: unknown; Input?: unknown; InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate?: string }; DeadLetterConfig?: unknown; RetryPolicy?: unknown }[] };
    expect(rule.EventPattern).toEqual({ source: [EVENT_BUS.source], 'detail-type': ['YearClosingPosted'] });
    const [target] = rule.Targets ?? [];
    expect(JSON.stringify(target?.Arn)).toContain(idOf(prod.stack.jobs.archive.fn));
    // The job reads {"closedOn": "YYYY-12-31"} (archiveRequest); the date is the event's business date.
    const paths = target?.InputTransformer?.InputPathsMap ?? {};
    const [name] = Object.entries(paths).find(([, jsonPath]) => jsonPath === '$.detail.occurredOn') ?? [];
    expect(name).toBeDefined();
    // And the city of the fund that closed (issue 24: the archive job archives that city's year).
    const [city] = Object.entries(paths).find(([, jsonPath]) => jsonPath === '$.detail.city') ?? [];
    expect(JSON.parse((target?.InputTransformer?.InputTemplate ?? '').replace(`<${name}>`, '"2024-12-31"').replace(`<${city}>`, '"jinan"'))).toEqual({ closedOn: '2024-12-31', city: 'jinan' });
    expect(archiveRequest.parse({ closedOn: '2024-12-31' }).closedOn).toBe('2024-12-31');
    expect(target?.DeadLetterConfig).toBeDefined();
  });

  it('alarms when the books no longer match a seal', () => {
    const alarm = ofType(prod.resources, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties?.MetricName === SEAL_METRIC.name);
    expect(alarm?.[1].Properties).toMatchObject({ Namespace: SEAL_METRIC.namespace, Threshold: 0, Dimensions: [{ Name: 'service', Value: 'seal' }] });
  });
});

describe('retention', () => {
  it('sets no TTL on any table: events, statements and reports are never expired', () => {
    const tables = ofType(prod.resources, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(2);
    for (const [id, table] of tables) expect(table.Properties?.TimeToLiveSpecification, id).toBeUndefined();
    // The accounting records' buckets never expire anything; the access-log and dashboard buckets
    // (static assets and their logs) are not records and may keep a lifecycle.
    const recordBuckets = new Set([idOf(prod.stack.records.seals), idOf(prod.stack.records.archive)]);
    const records = ofType(prod.resources, 'AWS::S3::Bucket').filter(([id]) => recordBuckets.has(id));
    expect(records).toHaveLength(2);
    for (const [id, bucket] of records) expect(bucket.Properties?.LifecycleConfiguration, id).toBeUndefined();
  });
});
