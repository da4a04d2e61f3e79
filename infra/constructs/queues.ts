// Queues share one standard: SSE-SQS encryption (EventBridge rules, Pipes and Scheduler can
// deliver into it without KMS key-policy plumbing), TLS-only access, and a DLQ of their own.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  queueName: string;
  retention: Duration;
  removalPolicy: RemovalPolicy;
}

/** A queue that only ever holds failures; an alarm fires as soon as it holds one. */
export const deadLetterQueue = (scope: Construct, id: string, props: DeadLetterQueueProps): Queue =>
  new Queue(scope, id, {
    queueName: props.queueName,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: props.retention,
    removalPolicy: props.removalPolicy,
  });

export interface WorkQueueProps {
  queueName: string;
  visibilityTimeout: Duration;
  deadLetterQueue: Queue;
  maxReceiveCount: number;
  removalPolicy: RemovalPolicy;
}

export const workQueue = (scope: Construct, id: string, props: WorkQueueProps): Queue =>
  new Queue(scope, id, {
    queueName: props.queueName,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: props.visibilityTimeout,
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    removalPolicy: props.removalPolicy,
  });
