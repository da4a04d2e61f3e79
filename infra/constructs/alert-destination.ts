// Alert events to the province's risk-monitoring platform (issue 10 §3, plan §25 金安工程): a rule
// on the bus matching the alert lifecycle events (functions/shared/routing.ts ALERT_EVENT_TYPES)
// delivers them to an HTTPS endpoint through an EventBridge API destination. Off unless the
// `alertWebhookUrl` context names an https URL; the receiver authenticates us by the x-api-key
// header, whose value is read from a Secrets Manager secret the operator creates (context
// `alertWebhookKeySecret`, default fund-ledger/alert-webhook-key) — never from the template.
import { Duration, SecretValue } from 'aws-cdk-lib';
import { ApiDestination, Authorization, Connection, type EventBus, HttpMethod, Rule } from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as z from 'zod';
import { ALERT_EVENT_TYPES, EVENT_BUS } from '../../functions/shared/routing';
import { stageName, type StageConfig } from '../stacks/stage';

export const ALERT_WEBHOOK_CONTEXT = { url: 'alertWebhookUrl', keySecret: 'alertWebhookKeySecret' } as const;
export const DEFAULT_ALERT_KEY_SECRET = 'fund-ledger/alert-webhook-key';

const contextSchema = z.object({
  url: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
  keySecret: z.string().min(1).default(DEFAULT_ALERT_KEY_SECRET),
});

/** The destination's settings from context; undefined (off) when no URL is given. */
export const alertWebhookConfig = (read: (key: string) => unknown): { url: string; keySecret: string } | undefined => {
  const parsed = contextSchema.safeParse({ url: read(ALERT_WEBHOOK_CONTEXT.url) || undefined, keySecret: read(ALERT_WEBHOOK_CONTEXT.keySecret) ?? undefined });
  if (!parsed.success) throw new Error(`context ${ALERT_WEBHOOK_CONTEXT.url}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data.url === undefined ? undefined : { url: parsed.data.url, keySecret: parsed.data.keySecret };
};

export interface AlertDestinationProps {
  stage: StageConfig;
  bus: EventBus;
  url: string;
  keySecret: string;
  /** Where events go that could not be delivered after the retries (the flow's delivery DLQ). */
  deadLetterQueue: Queue;
}

export class AlertDestination extends Construct {
  readonly rule: Rule;
  readonly destination: ApiDestination;

  constructor(scope: Construct, id: string, props: AlertDestinationProps) {
    super(scope, id);
    const connection = new Connection(this, 'Connection', {
      connectionName: stageName(props.stage, 'fund-ledger-alerts'),
      description: 'Risk-monitoring platform endpoint for alert events',
      authorization: Authorization.apiKey('x-api-key', SecretValue.secretsManager(props.keySecret)),
    });
    this.destination = new ApiDestination(this, 'Destination', {
      apiDestinationName: stageName(props.stage, 'fund-ledger-alerts'),
      connection,
      endpoint: props.url,
      httpMethod: HttpMethod.POST,
      rateLimitPerSecond: 10,
    });
    this.rule = new Rule(this, 'Rule', {
      ruleName: stageName(props.stage, 'fund-ledger-alerts-out'),
      eventBus: props.bus,
      eventPattern: { source: [EVENT_BUS.source], detailType: [...ALERT_EVENT_TYPES] },
      targets: [new ApiDestinationTarget(this.destination, { deadLetterQueue: props.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }
}
