// Alert events to an HTTPS endpoint through an EventBridge API destination (issue 10 §3): only
// when the `alertWebhookUrl` context asks for it, matching exactly the alert lifecycle events.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EVENT_TYPES, EVENT_BUS } from '../../functions/shared/routing';
import { alertWebhookConfig, DEFAULT_ALERT_KEY_SECRET } from '../../infra/constructs/alert-destination';
import { SYNTH_TIMEOUT_MS, ofType, synth, type Synthesized } from './synth';

const URL = 'https://risk.example.gov.cn/fund-ledger/alerts';
let withHook: Synthesized;

beforeAll(() => {
  withHook = synth('dev', { context: { alertWebhookUrl: URL } });
}, SYNTH_TIMEOUT_MS);

describe('alert API destination', () => {
  it('is off unless the context names an https URL', () => {
    expect(alertWebhookConfig(() => undefined)).toBeUndefined();
    expect(alertWebhookConfig((key) => (key === 'alertWebhookUrl' ? '' : undefined))).toBeUndefined();
    expect(() => alertWebhookConfig((key) => (key === 'alertWebhookUrl' ? 'http://risk.example/alerts' : undefined))).toThrow(/https/);
    expect(alertWebhookConfig((key) => (key === 'alertWebhookUrl' ? URL : undefined))).toEqual({ url: URL, keySecret: DEFAULT_ALERT_KEY_SECRET });
  });

  it('posts the alert lifecycle events of the bus to the endpoint, with retries and the delivery DLQ, and passes cdk-nag', () => {
    const { template, resources, stack } = withHook;
    template.hasResourceProperties('AWS::Events::ApiDestination', { InvocationEndpoint: URL, HttpMethod: 'POST' });
    template.hasResourceProperties('AWS::Events::Connection', { AuthorizationType: 'API_KEY' });
    const rules = ofType(resources, 'AWS::Events::Rule').filter(([, rule]) => JSON.stringify(rule.Properties?.Targets ?? []).includes('ApiDestination'));
    expect(rules).toHaveLength(1);
    const properties = rules[0]?.[1].Properties as { EventPattern: unknown; Targets: { RetryPolicy?: unknown; DeadLetterConfig?: unknown }[] };
    expect(properties.EventPattern).toEqual({ source: [EVENT_BUS.source], 'detail-type': [...ALERT_EVENT_TYPES] });
    expect(properties.Targets[0]).toMatchObject({ RetryPolicy: { MaximumRetryAttempts: 8 }, DeadLetterConfig: expect.anything() });
    expect(stack.alertDestination).toBeDefined();
    // The default synth (stack.test.ts) builds none: alertDestination stays undefined there.
  });
});
