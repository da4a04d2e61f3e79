// Findings of the stricter packs (NIST 800-53 R5, PCI DSS 3.2.1, Serverless) that do not fit this
// design, each with why and on the narrowest construct: the function, the policy, the event source
// mapping, the queue or the bucket it is about. docs/deploy.md ("Rule packs") says what the
// alternative would cost. Everything else those packs asked for is fixed in the constructs.
import type { CfnResource } from 'aws-cdk-lib';
import { Policy } from 'aws-cdk-lib/aws-iam';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { FunctionName } from '../../functions/shared/functions';
import { presentFunctions } from '../constructs/ledger-function';
import type { FundLedgerStack } from './fund-ledger-stack';
import { RUNTIME_REASON } from './nag-suppressions';

const NO_VPC =
  'No VPC by design: the functions reach only AWS APIs (DynamoDB, EventBridge, SQS, S3, Lambda, KMS, X-Ray, CloudWatch) over TLS with IAM, and no resource of the system lives in a VPC. ' +
  'In a VPC they would need interface endpoints for seven services in two AZs (about USD 100/month plus data) or a NAT gateway, and every call would still be authorised by the same IAM policies.';

const INLINE_POLICY =
  'Inline by design: each role is created for one function or service and its policy names only that role\'s exact tables, index, queues, buckets and log group (test/infra/iam.test.ts). ' +
  'A customer-managed policy could be attached to other principals and would add a versioned IAM object per role without narrowing any permission.';

const SYNC_INVOCATION: Partial<Record<FunctionName, string>> = {
  api: 'API Gateway invokes the API function synchronously; a failure is the HTTP response, there is no asynchronous event to park.',
  apiFiles: 'API Gateway invokes the apiFiles function (CSV/XLSX routes) synchronously; a failure is the HTTP response, there is no asynchronous event to park.',
  booksProjector: 'Invoked synchronously by its SQS event source; failed messages go to the queue\'s own DLQ through the redrive policy (maxReceiveCount).',
  positionsProjector: 'Invoked synchronously by its SQS event source; failed messages go to the queue\'s own DLQ through the redrive policy (maxReceiveCount).',
  alertsReactor: 'Invoked synchronously by its SQS event source; failed messages go to the queue\'s own DLQ through the redrive policy (maxReceiveCount).',
  outboxForwarder: 'Invoked synchronously by its DynamoDB stream event source mapping (regions without Pipes); a batch that fails every retry goes to the outbox DLQ, the mapping\'s on-failure destination, on which an alarm fires.',
  replay: 'Invoked synchronously by an operator (aws lambda invoke, RequestResponse), who sees the failure in the answer; nothing invokes it asynchronously.',
};

const suppress = (construct: IConstruct, rules: { id: string; reason: string; appliesTo?: string[] }[]): void =>
  NagSuppressions.addResourceSuppressions(construct, rules);

export const suppressStrictFindings = (stack: FundLedgerStack): void => {
  for (const [name, job] of presentFunctions(stack.functions)) {
    const cfn = job.fn.node.defaultChild as CfnResource;
    suppress(cfn, [
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: NO_VPC },
      { id: 'PCI.DSS.321-LambdaInsideVPC', reason: NO_VPC },
      { id: 'Serverless-LambdaLatestVersion', reason: RUNTIME_REASON },
    ]);
    if (!stack.capabilities.has.lambdaXRay) {
      suppress(cfn, [
        {
          id: 'Serverless-LambdaTracing',
          reason:
            'X-Ray integration with Lambda functions is not available in the AWS China regions (docs/deploy-china.md); each invocation still logs JSON with its request id and the alarms and dashboard still cover errors, throttles and duration.',
        },
      ]);
    }
    const sync = SYNC_INVOCATION[name];
    if (sync !== undefined) {
      suppress(cfn, [
        { id: 'NIST.800.53.R5-LambdaDLQ', reason: sync },
        { id: 'Serverless-LambdaDLQ', reason: sync },
      ]);
    }
  }

  for (const policy of stack.node.findAll().filter((construct): construct is Policy => construct instanceof Policy)) {
    suppress(policy, [
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: INLINE_POLICY },
      { id: 'PCI.DSS.321-IAMNoInlinePolicy', reason: INLINE_POLICY },
    ]);
  }

  for (const mapping of stack.node.findAll().filter((construct): construct is CfnEventSourceMapping => construct instanceof CfnEventSourceMapping)) {
    suppress(mapping, [
      {
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: 'SQS event sources do not support an on-failure destination (only stream and Kafka sources do); the queue\'s redrive policy moves a message that failed maxReceiveCount times to its DLQ, on which an alarm fires.',
      },
    ]);
  }

  const dlqs = [stack.flow.pipeDlq, stack.flow.deliveryDlq, stack.jobs.schedulerDlq, stack.jobs.asyncFailuresDlq, ...Object.values(stack.flow.consumers).map((consumer) => consumer.dlq)];
  for (const queue of dlqs) {
    suppress(queue, [{ id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is itself a dead-letter queue; a DLQ of a DLQ would only hide failures. An alarm fires as soon as it holds a message, and scripts/dlq.ts redrives it.' }]);
  }

  const noReplication =
    'Not replicated to a second region: the objects are under Object Lock (compliance mode in prod), versioned, and the tables they vouch for are in AWS Backup. ' +
    'Cross-region replication to a second locked bucket would double storage and add transfer per GB; docs/deploy.md gives the steps if the bureau\'s rules ask for a second region.';
  const noKms =
    'SSE-S3 on purpose: a KMS key can be scheduled for deletion by an account administrator, which would make records locked for up to 30 years unreadable (crypto-shredding around Object Lock); S3-managed keys cannot be deleted.';
  for (const bucket of [stack.records.seals, stack.records.archive, stack.records.accessLogs]) {
    suppress(bucket, [
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: noReplication },
      { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: noReplication },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: noKms },
      { id: 'PCI.DSS.321-S3DefaultEncryptionKMS', reason: noKms },
    ]);
  }

  // The dashboard's buckets (infra/constructs/dashboard-site.ts).
  const dashboardNoReplication =
    'Not replicated: the assets bucket holds the built dashboard, which `npm run deploy:web` rebuilds from git at any time, and the access-log bucket only its request logs; ' +
    'neither holds a record of the books, and both are versioned.';
  const dashboardNoKms =
    'SSE-S3 on purpose: the assets are the public JavaScript and CSS every browser downloads, and CloudFront standard logging cannot deliver to an SSE-KMS bucket; ' +
    'a KMS key would also have to name the distribution in its policy while the distribution names the bucket (a dependency cycle) without protecting anything secret.';
  for (const bucket of [stack.dashboard.bucket, stack.dashboard.logs]) {
    suppress(bucket, [
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: dashboardNoReplication },
      { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: dashboardNoReplication },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: dashboardNoKms },
      { id: 'PCI.DSS.321-S3DefaultEncryptionKMS', reason: dashboardNoKms },
    ]);
  }
};
