// cdk-nag (issues 7 and 15): AwsSolutions, NIST 800-53 R5, PCI DSS 3.2.1 and Serverless run at every
// synth; zero unsuppressed errors or warnings in either stage, every suppression carries a specific
// reason (and, for IAM5, the exact resource), and what issue 15 asked to fix stays fixed, not suppressed.
// Each stage is synthesized once, with all four packs, and every test reads that one synthesis.
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type StageName } from '../../infra/stacks/stage';
import { SYNTH_TIMEOUT_MS, synth, type Synthesized } from './synth';

const synthesized: Partial<Record<StageName, Synthesized>> = {};

beforeAll(() => {
  for (const stage of STAGES) synthesized[stage] = synth(stage, { nag: true });
}, SYNTH_TIMEOUT_MS * 2);

interface Suppression {
  id: string;
  reason: string;
  applies_to?: unknown[];
}

const suppressionsOf = (s: Synthesized): { resource: string; suppression: Suppression }[] =>
  Object.entries(s.template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress?: Suppression[] } } }>)
    .flatMap(([resource, body]) => (body.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((suppression) => ({ resource, suppression })));

const PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'] as const;

describe.each(STAGES)('cdk-nag in %s', (stage) => {
  const get = (): Synthesized => synthesized[stage] as Synthesized;

  it.each(PACKS)('reports no unsuppressed %s error', (pack) => {
    const errors = get().annotations.findError('*', Match.stringLikeRegexp(`${pack.replace(/\./g, '\\.')}-.*`));
    expect(errors.map((error) => `${error.id}: ${String(error.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it.each(PACKS)('reports no unsuppressed %s warning', (pack) => {
    const warnings = get().annotations.findWarning('*', Match.stringLikeRegexp(`${pack.replace(/\./g, '\\.')}-.*`));
    expect(warnings.map((warning) => `${warning.id}: ${String(warning.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it('gives every suppression a specific reason', () => {
    const suppressions = suppressionsOf(get());
    expect(suppressions.length).toBeGreaterThan(0);
    for (const { resource, suppression } of suppressions) {
      expect(suppression.reason.length, `${resource} ${suppression.id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('suppresses wildcard findings (IAM5) only for X-Ray, or for the objects of the seal and archive buckets, with the exact resource in appliesTo', () => {
    const iam5 = suppressionsOf(get()).filter(({ suppression }) => suppression.id === 'AwsSolutions-IAM5');
    const { stack } = get();
    const bucketIds = [stack.records.seals, stack.records.archive].map((bucket) => stack.getLogicalId(bucket.node.defaultChild as CfnElement));
    for (const { resource, suppression } of iam5) {
      const policy = get().resources[resource];
      const statements = (policy?.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
      if (JSON.stringify(suppression.applies_to) === JSON.stringify(['Resource::*'])) {
        expect(statements.flatMap((statement) => statement.Action).every((action) => action.startsWith('xray:')), resource).toBe(true);
        continue;
      }
      const bucketId = bucketIds.find((id) => JSON.stringify(suppression.applies_to) === JSON.stringify([`Resource::<${id}.Arn>/*`]));
      expect(bucketId, `${resource}: ${JSON.stringify(suppression.applies_to)}`).toBeDefined();
      // The wildcard statements touch objects only, and never delete or bypass the lock.
      const wildcard = statements.filter((statement) => JSON.stringify(statement.Resource).includes('/*'));
      for (const action of wildcard.flatMap((statement) => statement.Action)) expect(action, resource).toMatch(/^s3:(GetObject|PutObject|PutObjectRetention|PutObjectLegalHold)$/);
    }
  });

  it('fixes, never suppresses, what protects public money: encrypted logs, concurrency, backups, redrive of work queues, DLQs of async jobs', () => {
    const suppressed = suppressionsOf(get());
    const ids = new Set(suppressed.map(({ suppression }) => suppression.id.replace(/^[^-]+-/, '')));
    for (const rule of ['CloudWatchLogGroupEncrypted', 'CloudWatchLogGroupRetentionPeriod', 'LambdaConcurrency', 'DynamoDBInBackupPlan', 'LambdaAsyncFailureDestination']) expect(ids, rule).not.toContain(rule);
    const { stack } = get();
    const asyncJobs = [stack.jobs.monthEnd, stack.jobs.overdueSweep, stack.jobs.seal, stack.jobs.archive].map((job) => stack.getLogicalId(job.fn.node.defaultChild as CfnElement));
    const dlqSuppressed = suppressed.filter(({ suppression }) => suppression.id.endsWith('-LambdaDLQ')).map(({ resource }) => resource);
    for (const id of asyncJobs) expect(dlqSuppressed, id).not.toContain(id);
    const redriveSuppressed = suppressed.filter(({ suppression }) => suppression.id === 'Serverless-SQSRedrivePolicy').map(({ resource }) => resource);
    for (const consumer of Object.values(stack.flow.consumers)) expect(redriveSuppressed).not.toContain(stack.getLogicalId(consumer.queue.node.defaultChild as CfnElement));
  });

  it('suppresses in the stricter packs only the rules docs/deploy.md explains', () => {
    const strict = new Set(suppressionsOf(get()).map(({ suppression }) => suppression.id).filter((id) => !id.startsWith('AwsSolutions-')));
    expect([...strict].sort()).toEqual([
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-LambdaDLQ',
      'NIST.800.53.R5-LambdaInsideVPC',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'PCI.DSS.321-IAMNoInlinePolicy',
      'PCI.DSS.321-LambdaInsideVPC',
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3DefaultEncryptionKMS',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaEventSourceMappingDestination',
      'Serverless-LambdaLatestVersion',
      'Serverless-SQSRedrivePolicy',
    ]);
  });

  it('suppresses no IAM4 (managed policies) at all: roles are built from named statements', () => {
    expect(suppressionsOf(get()).filter(({ suppression }) => suppression.id === 'AwsSolutions-IAM4')).toEqual([]);
  });
});

describe('cdk-nag stage differences', () => {
  it('suppresses the Cognito MFA and Plus-tier findings in dev only; prod satisfies them', () => {
    const ids = (stage: StageName): string[] => suppressionsOf(synthesized[stage] as Synthesized).map(({ suppression }) => suppression.id);
    expect(ids('dev')).toEqual(expect.arrayContaining(['AwsSolutions-COG2', 'AwsSolutions-COG8']));
    expect(ids('prod')).not.toContain('AwsSolutions-COG2');
    expect(ids('prod')).not.toContain('AwsSolutions-COG8');
  });
});
