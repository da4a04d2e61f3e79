// The outbox and its consumers (DESIGN §3): events table stream -> EventBridge Pipe -> custom
// bus -> one rule per consumer -> SQS queue with DLQ -> projector Lambda. Everything about
// routing (bus, source, patterns, queue settings, Pipe filter and template) comes from
// functions/shared/routing.ts, which the local event flow reads too. Where the region offers no
// Pipes (the AWS China regions, infra/stacks/region-capabilities.ts) the outbox forwarder takes the
// Pipe's place: a Lambda on the stream (event source mapping with the Pipe's filter, batch, retries,
// bisection and DLQ) running the Pipe's template as code (functions/shared/outbox-record.ts).
import { Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONSUMERS, EVENT_BUS, PIPE, ROUTES, dlqName, eventPattern, type ConsumerName, type ConsumerRoute } from '../../functions/shared/routing';
import { ENV } from '../../functions/shared/tables';
import type { RegionCapabilities } from '../stacks/region-capabilities';
import { stageName, type StageConfig } from '../stacks/stage';
import { LedgerFunction } from './ledger-function';
import { deadLetterQueue, workQueue } from './queues';
import { APPEND_ACTIONS, READ_ACTIONS, READ_MODEL_WRITE_ACTIONS, grantTable } from './table-access';

export interface EventFlowProps {
  stage: StageConfig;
  capabilities: RegionCapabilities;
  events: Table;
  read: Table;
  logKey: IKey;
}

export interface Consumer {
  route: ConsumerRoute;
  rule: Rule;
  queue: Queue;
  dlq: Queue;
  function: LedgerFunction;
}

/** Stream shards read at once by the outbox forwarder, and then some: one batch per shard at a time keeps each stream's order. */
export const OUTBOX_FORWARDER_CONCURRENCY = 5;

/** What publishes stored events to the bus: the Pipe, or (no Pipes in the region) the forwarder function. */
export type Outbox = { kind: 'pipe'; pipe: CfnPipe } | { kind: 'forwarder'; function: LedgerFunction; mapping: EventSourceMapping };

export class EventFlow extends Construct {
  readonly bus: EventBus;
  readonly outbox: Outbox;
  /** Stream records the outbox could not publish after its retries (the Pipe's or the forwarder's DLQ). */
  readonly pipeDlq: Queue;
  /** Events a rule matched but could not deliver to its queue (after EventBridge's retries). */
  readonly deliveryDlq: Queue;
  readonly consumers: Record<ConsumerName, Consumer>;

  constructor(scope: Construct, id: string, props: EventFlowProps) {
    super(scope, id);
    const { stage, events, read } = props;
    const dlqRetention = Duration.days(14);

    this.bus = new EventBus(this, 'Bus', { eventBusName: stageName(stage, EVENT_BUS.name) });

    this.pipeDlq = deadLetterQueue(this, 'PipeDlq', {
      queueName: stageName(stage, 'fund-ledger-pipe-dlq'),
      retention: dlqRetention,
      removalPolicy: stage.removalPolicy,
    });
    this.outbox = props.capabilities.has.pipes
      ? { kind: 'pipe', pipe: this.outboxPipe(stage, events) }
      : { kind: 'forwarder', ...this.outboxForwarder(props) };

    this.deliveryDlq = deadLetterQueue(this, 'DeliveryDlq', {
      queueName: stageName(stage, 'fund-ledger-delivery-dlq'),
      retention: dlqRetention,
      removalPolicy: stage.removalPolicy,
    });

    const consumers: Partial<Record<ConsumerName, Consumer>> = {};
    for (const name of CONSUMERS) consumers[name] = this.consumer(ROUTES[name], props);
    this.consumers = consumers as Record<ConsumerName, Consumer>;
  }

  private outboxPipe(stage: StageConfig, events: Table): CfnPipe {
    const streamArn = events.tableStreamArn;
    if (streamArn === undefined) throw new Error('the events table must have a stream');
    // The role names the stream, the bus and the Pipe's DLQ, nothing else.
    const role = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Pipe: events table stream to the event bus',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'], resources: [this.pipeDlq.queueArn] }));

    const pipe = new CfnPipe(this, 'Pipe', {
      name: stageName(stage, 'fund-ledger-outbox'),
      description: 'Publishes every stored event (event items only) to the event bus',
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // TRIM_HORIZON: the table and the Pipe are created together, and an event stored
          // before the Pipe was ready must still be published.
          startingPosition: 'TRIM_HORIZON',
          batchSize: PIPE.batchSize,
          maximumBatchingWindowInSeconds: PIPE.maxBatchingWindowSeconds,
          maximumRetryAttempts: 10,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: this.pipeDlq.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(PIPE.filterPattern) }] },
      },
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { detailType: PIPE.detailTypePath, source: EVENT_BUS.source },
        inputTemplate: PIPE.inputTemplate,
      },
    });
    pipe.node.addDependency(role);
    return pipe;
  }

  /** The Pipe's job as a function: same source, filter, batch, retries, bisection and DLQ. */
  private outboxForwarder({ stage, events, logKey }: EventFlowProps): { function: LedgerFunction; mapping: EventSourceMapping } {
    const streamArn = events.tableStreamArn;
    if (streamArn === undefined) throw new Error('the events table must have a stream');
    const fn = new LedgerFunction(this, 'OutboxForwarder', {
      name: 'outboxForwarder',
      functionName: stageName(stage, 'fund-ledger-outbox'),
      timeout: Duration.seconds(30),
      environment: { [ENV.busName]: this.bus.eventBusName },
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
      logKey,
      reservedConcurrency: OUTBOX_FORWARDER_CONCURRENCY,
    });
    // The role names the stream, the bus and the DLQ (granted by SqsDlq), nothing else: as the Pipe's.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
    const mapping = new EventSourceMapping(this, 'OutboxMapping', {
      target: fn.fn,
      eventSourceArn: streamArn,
      // As the Pipe: the table and the mapping are created together, and an event stored before
      // the mapping was ready must still be published.
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: PIPE.batchSize,
      maxBatchingWindow: Duration.seconds(PIPE.maxBatchingWindowSeconds),
      retryAttempts: 10,
      bisectBatchOnError: true,
      parallelizationFactor: 1,
      onFailure: new SqsDlq(this.pipeDlq),
      // The Pipe's filter, so non-event items cost no invocation; the function applies it again.
      filters: [FilterCriteria.filter(PIPE.filterPattern)],
    });
    return { function: fn, mapping };
  }

  private consumer(route: ConsumerRoute, { stage, events, read, logKey }: EventFlowProps): Consumer {
    const id = route.consumer.charAt(0).toUpperCase() + route.consumer.slice(1);
    const settings = route.queue;
    const dlq = deadLetterQueue(this, `${id}Dlq`, {
      queueName: stageName(stage, dlqName(settings)),
      retention: Duration.days(settings.dlqRetentionDays),
      removalPolicy: stage.removalPolicy,
    });
    const queue = workQueue(this, `${id}Queue`, {
      queueName: stageName(stage, settings.queueName),
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      deadLetterQueue: dlq,
      maxReceiveCount: settings.maxReceiveCount,
      removalPolicy: stage.removalPolicy,
    });
    const rule = new Rule(this, `${id}Rule`, {
      ruleName: stageName(stage, route.ruleName),
      eventBus: this.bus,
      eventPattern: eventPattern(route),
      targets: [new SqsQueue(queue, { deadLetterQueue: this.deliveryDlq, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });

    const fn = new LedgerFunction(this, `${id}Function`, {
      name: route.function,
      functionName: stageName(stage, `fund-ledger-${route.consumer}`),
      timeout: Duration.seconds(settings.functionTimeoutSeconds),
      environment: { [ENV.eventsTable]: events.tableName, [ENV.readTable]: read.tableName },
      logRetention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
      logKey,
      // Exactly what the event source may use: a flood of events cannot take more of the account
      // or of the read table's capacity than maxConcurrency projector runs.
      reservedConcurrency: settings.maxConcurrency,
    });
    // Projectors fetch gaps from the store (read only) and write effects + cursors to read models.
    // The alerts reactor also appends: it judges indicators into alert streams (issue 20 §3).
    grantTable(fn.role, { table: events, actions: route.consumer === 'alerts' ? [...READ_ACTIONS, ...APPEND_ACTIONS] : READ_ACTIONS });
    grantTable(fn.role, { table: read, actions: [...READ_ACTIONS, ...READ_MODEL_WRITE_ACTIONS] });
    fn.fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: settings.batchSize,
        maxBatchingWindow: settings.maxBatchingWindowSeconds > 0 ? Duration.seconds(settings.maxBatchingWindowSeconds) : undefined,
        maxConcurrency: settings.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return { route, rule, queue, dlq, function: fn };
  }
}
