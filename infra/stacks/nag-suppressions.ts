// cdk-nag findings that are accepted by design, each with the reason it is safe. Everything
// else must be fixed, not suppressed: test/infra/nag.test.ts fails on any unsuppressed finding,
// and every suppression is attached to the narrowest construct (and `appliesTo`) possible.
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Policy } from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { presentFunctions } from '../constructs/ledger-function';
import type { FundLedgerStack } from './fund-ledger-stack';

const XRAY_REASON =
  'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions ' +
  '(Service Authorization Reference, AWS X-Ray), so the policy CDK adds for Tracing.ACTIVE must name "*". ' +
  'This policy holds only those two X-Ray actions; no data action has a wildcard resource.';

export const RUNTIME_REASON =
  'Node.js 22 (nodejs22.x) is the runtime the project targets (issue 7) and is in AWS standard support; ' +
  'the local stack, CI and the bundle target are pinned to it. Moving to nodejs24.x is a deliberate upgrade, not drift.';

const OBJECTS_REASON =
  'S3 object actions (GetObject, PutObject, PutObjectRetention/LegalHold) need object ARNs, and seal and archive keys (dates, months) are not known at deploy time, ' +
  'so the policy names `<bucket ARN>/*` of exactly one write-once bucket; no role may delete objects or bypass Object Lock.';

/** Policies with a statement on the objects of the bucket with this logical id. */
const policiesNaming = (stack: Stack, bucketId: string): Policy[] =>
  stack.node
    .findAll()
    .filter((construct): construct is Policy => construct instanceof Policy)
    .filter((policy) => JSON.stringify(stack.resolve(policy.document.toJSON())).includes(`"${bucketId}"`));

/** X-Ray-only inline policies of a function, the only place a `*` resource may appear. */
const xrayOnlyPolicies = (stack: Stack): Policy[] =>
  stack.node
    .findAll()
    .filter((construct): construct is Policy => construct instanceof Policy)
    .filter((policy) => {
      const statements = stack.resolve(policy.document.toJSON()) as { Statement?: { Action: string | string[] }[] } | undefined;
      const actions = (statements?.Statement ?? []).flatMap((statement) => statement.Action);
      return actions.length > 0 && actions.every((action) => action.startsWith('xray:'));
    });

/** The dashboard's CloudFront distribution (infra/constructs/dashboard-site.ts). */
const suppressDashboardFindings = (stack: FundLedgerStack): void => {
  const { has } = stack.capabilities;
  NagSuppressions.addResourceSuppressions(stack.dashboard.distribution, [
    {
      id: 'AwsSolutions-CFR4',
      reason: has.cloudFrontDefaultDomain
        ? "The distribution uses CloudFront's default *.cloudfront.net certificate, for which CloudFront fixes the minimum TLS policy; " +
          'a custom domain with an ACM certificate (and TLSv1.2_2021) is the production setup described in docs/deploy.md.'
        : 'The custom domain\'s IAM server certificate is set with MinimumProtocolVersion TLSv1.2_2021 through a property override (the L2 takes ACM certificates only, which CloudFront in China cannot use); cdk-nag reads the L2 props.',
    },
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the same API is reachable without CloudFront, so restricting the static dashboard alone would protect nothing; ' +
        'access is decided by sign-in and the API authorizer.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason: has.cloudFrontWaf
        ? 'The web ACL (infra/constructs/web-acl.ts) is attached through a CloudFormation condition: CLOUDFRONT-scope ACLs exist only in us-east-1, so a stack deployed elsewhere has none (docs/deploy.md "WAF").'
        : 'AWS WAF is regional only in the AWS China regions: no web ACL can attach to a distribution there (docs/deploy-china.md).',
    },
    ...(has.cloudFrontOriginAccessControl
      ? []
      : [
          {
            id: 'AwsSolutions-CFR7',
            reason:
              'Origin access control is not offered in the AWS China regions (AWS::CloudFront::OriginAccessControl is not in their CloudFormation schemas): the bucket is read through an origin access identity, ' +
              'which the bucket policy alone allows; all public access stays blocked.',
          },
        ]),
  ]);
};

export const suppressKnownFindings = (stack: FundLedgerStack): void => {
  suppressDashboardFindings(stack);
  for (const policy of xrayOnlyPolicies(stack)) {
    NagSuppressions.addResourceSuppressions(policy, [{ id: 'AwsSolutions-IAM5', reason: XRAY_REASON, appliesTo: ['Resource::*'] }]);
  }
  for (const [, job] of presentFunctions(stack.functions)) {
    NagSuppressions.addResourceSuppressions(job.fn, [{ id: 'AwsSolutions-L1', reason: RUNTIME_REASON }]);
  }

  // Queues that are themselves the DLQ of a Pipe, of rule targets or of schedules: SQS3 only
  // recognises DLQs named in another queue's redrive policy.
  const standaloneDlqs = [
    [stack.flow.pipeDlq, 'the outbox Pipe (DynamoDB stream source deadLetterConfig)'],
    [stack.flow.deliveryDlq, 'the bus rules\' SQS targets (EventBridge target DeadLetterConfig)'],
    [stack.jobs.schedulerDlq, 'the EventBridge Scheduler schedules (target DeadLetterConfig)'],
  ] as const;
  for (const [queue, owner] of standaloneDlqs) {
    NagSuppressions.addResourceSuppressions(queue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: `This queue is the dead-letter queue of ${owner}; a DLQ of a DLQ would only hide failures. An alarm fires when it holds any message.`,
      },
    ]);
  }

  // Object actions on the seal and archive buckets must name `<bucket>/*`: keys are dates and months
  // not known at deploy time. Confined to one bucket each, and no delete action (object-access.ts).
  for (const bucket of [stack.records.seals, stack.records.archive]) {
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
    const appliesTo = [`Resource::<${bucketId}.Arn>/*`];
    for (const policy of policiesNaming(stack, bucketId)) {
      NagSuppressions.addResourceSuppressions(policy, [{ id: 'AwsSolutions-IAM5', reason: OBJECTS_REASON, appliesTo }]);
    }
  }

  for (const route of stack.http.publicRoutes) {
    NagSuppressions.addResourceSuppressions(route, [
      {
        id: 'AwsSolutions-APIG4',
        reason: 'Public by design: the health check (for load balancers and uptime probes) and the OpenAPI document carry no fund data; every /v1/{proxy+} route requires the Cognito JWT.',
      },
    ]);
  }

  if (stack.stage.name === 'dev' && stack.http.userPool !== undefined) {
    NagSuppressions.addResourceSuppressions(stack.http.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason: 'dev only: MFA is optional so that test users can be created from the CLI (docs/deploy.md); prod requires TOTP MFA.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'dev only: the Plus feature plan (threat protection) is billed per active user and dev holds synthetic test users; prod uses Plus with threat protection enforced.',
      },
    ]);
  }
};
