// Operations (DESIGN §8): every alarm goes to one encrypted SNS topic, and one dashboard shows
// the API, the functions, the queues and the month-end outcome. Alarms fire on the first sign
// of trouble (> 0) because each of these numbers is zero in a healthy system.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  SingleValueWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PER_CITY_JOBS, PER_CITY_THROTTLE_PERIODS } from './jobs';
import type { FunctionName } from '../../functions/shared/functions';
import { RECONCILIATION_METRIC, SEAL_METRIC } from '../../functions/shared/ops';
import { stageName, type StageConfig } from '../stacks/stage';
import { type LedgerFunction, presentFunctions } from './ledger-function';

export interface OperationsProps {
  stage: StageConfig;
  functions: Partial<Record<FunctionName, LedgerFunction>>;
  /** Every dead-letter queue, by a short label. */
  deadLetterQueues: Record<string, Queue>;
  /** Projector work queues, by consumer. */
  projectorQueues: Record<string, Queue>;
  /** What publishes stored events: the Pipe (by name), or the forwarder function where the region has no Pipes. */
  outbox: { pipeName: string } | { forwarder: LedgerFunction };
  api: HttpApi;
}

export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { stage } = props;
    // A customer-managed key: CloudWatch can publish to an encrypted topic only if the key
    // policy lets it use the key, which the AWS-managed aws/sns key cannot.
    const key = new Key(this, 'AlarmTopicKey', {
      alias: `alias/${stageName(stage, 'fund-ledger-alarms')}`,
      description: 'Encrypts the fund-ledger alarm topic',
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: stageName(stage, 'fund-ledger-alarms'),
      displayName: 'Fund ledger alarms',
      masterKey: key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm => {
      const created = new Alarm(this, alarmId, {
        alarmName: stageName(stage, `fund-ledger-${alarmId}`),
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    const minute = Duration.minutes(1);
    for (const [label, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`dlq-${label}`, queue.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }), 0,
        `Messages are waiting in the ${label} dead-letter queue: inspect and redrive them`);
    }
    for (const [name, job] of presentFunctions(props.functions)) {
      alarm(`errors-${name}`, job.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 0, `${name} reported errors`);
      const perCity = (PER_CITY_JOBS as readonly string[]).includes(name);
      alarm(`throttles-${name}`, job.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 0,
        perCity ? `${name} was throttled for ${PER_CITY_THROTTLE_PERIODS * 5} minutes: cities have waited that long for a slot (the DLQ alarm names a city that waited too long)` : `${name} was throttled`,
        perCity ? PER_CITY_THROTTLE_PERIODS : 1);
    }
    const lag = stage.projectorLagAlarm.toSeconds();
    for (const [consumer, queue] of Object.entries(props.projectorQueues)) {
      alarm(`lag-${consumer}`, queue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }), lag,
        `The ${consumer} projector is more than ${lag} s behind the store`, 2);
    }
    // The Pipe's failures; the forwarder's errors and throttles are alarmed with every function's
    // above, and its iterator age says how far the bus is behind the store.
    const outboxWidget = 'pipeName' in props.outbox
      ? { title: 'Outbox Pipe failures', metric: new Metric({ namespace: 'AWS/EventBridge/Pipes', metricName: 'ExecutionFailed', dimensionsMap: { PipeName: props.outbox.pipeName }, period: Duration.minutes(5), statistic: 'Sum' }) }
      : { title: 'Outbox forwarder iterator age (ms)', metric: props.outbox.forwarder.fn.metric('IteratorAge', { period: minute, statistic: 'Maximum' }) };
    if ('pipeName' in props.outbox) alarm('pipe-failures', outboxWidget.metric, 0, 'The outbox Pipe failed to publish stored events to the bus');
    else alarm('outbox-lag', outboxWidget.metric, stage.projectorLagAlarm.toMilliseconds(), `The outbox forwarder is more than ${stage.projectorLagAlarm.toSeconds()} s behind the events table stream`, 2);
    /** The hourly maximum of a job's own count metric (ops.ts), whose dimensions the job emits exactly. */
    const jobCount = (metric: { namespace: string; name: string; dimensions: Record<string, string> }): Metric =>
      new Metric({ namespace: metric.namespace, metricName: metric.name, dimensionsMap: { ...metric.dimensions }, period: Duration.hours(1), statistic: 'Maximum' });
    const discrepancies = jobCount(RECONCILIATION_METRIC);
    alarm('reconciliation-discrepancies', discrepancies, 0, 'Month-end reconciliation found discrepancies: read the report');
    alarm('seal-discrepancies', jobCount(SEAL_METRIC), 0, 'The books no longer match a daily seal (a stream was rewritten): read the seal job log and run npm run verify');

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: stageName(stage, 'fund-ledger') });
    const fns = presentFunctions(props.functions);
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [props.api.metricCount(), props.api.metricClientError(), props.api.metricServerError()],
        right: [props.api.metricLatency({ statistic: 'p99' })],
        width: 12,
      }),
      new GraphWidget({ title: 'Function errors', left: fns.map(([, job]) => job.fn.metricErrors()), width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Function duration p99', left: fns.map(([, job]) => job.fn.metricDuration({ statistic: 'p99' })), width: 12 }),
      new GraphWidget({ title: 'Function throttles', left: fns.map(([, job]) => job.fn.metricThrottles()), width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Projector lag (age of oldest message, s)',
        left: Object.values(props.projectorQueues).map((queue) => queue.metricApproximateAgeOfOldestMessage()),
        width: 12,
      }),
      new GraphWidget({
        title: 'Dead-letter queues',
        left: Object.values(props.deadLetterQueues).map((queue) => queue.metricApproximateNumberOfMessagesVisible()),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: outboxWidget.title, left: [outboxWidget.metric], width: 12 }),
      new SingleValueWidget({ title: 'Reconciliation discrepancies (last run)', metrics: [discrepancies], width: 12 }),
    );
  }
}
