// The synthesized template holds every resource and setting issue 7 asks for, built from the
// shared definitions (tables.ts, routing.ts, schedules.ts, ops.ts) the local stack also uses.
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionOf } from '../../functions/api/route';
import { routedElsewhere } from '../../functions/api/routes';
import { API_FUNCTIONS, CORE_FUNCTIONS } from '../../functions/shared/functions';
import { RECONCILIATION_METRIC, SERVICE_NAMES } from '../../functions/shared/ops';
import { CONSUMERS, EVENT_BUS, PIPE, ROUTES, eventPattern } from '../../functions/shared/routing';
import { SCHEDULES } from '../../functions/shared/schedules';
import { EVENTS_TABLE, READ_TABLE } from '../../functions/shared/tables';
import { PASSWORD_POLICY, TOKEN_VALIDITY } from '../../infra/constructs/http-api';
import { MANAGED_RULE_GROUPS, WAF_LOG_REDACTED_HEADERS, WAF_RATE_LIMITS } from '../../infra/constructs/web-acl';
import { SYNTH_TIMEOUT_MS, defined, ofType, pipeOf, schedulerSchedulesOf, synth, type Synthesized } from './synth';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synth('dev', { nag: false });
  prod = synth('prod', { nag: false });
}, SYNTH_TIMEOUT_MS);

const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }): string =>
  s.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const getAtt = (id: string, attribute = 'Arn'): { 'Fn::GetAtt': [string, string] } => ({ 'Fn::GetAtt': [id, attribute] });
const ALL_FUNCTIONS = CORE_FUNCTIONS;

describe('alert API destination', () => {
  it('is not built without the alertWebhookUrl context', () => {
    expect(ofType(dev.resources, 'AWS::Events::ApiDestination')).toEqual([]);
    expect(ofType(prod.resources, 'AWS::Events::Connection')).toEqual([]);
  });
});

describe('tables', () => {
  it('builds the events table from tables.ts: keys, month GSI, NEW_IMAGE stream, PITR, KMS, on demand', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `dev-${EVENTS_TABLE.name}`,
      KeySchema: [
        { AttributeName: EVENTS_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: EVENTS_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: EVENTS_TABLE.monthIndex.name,
          KeySchema: [
            { AttributeName: EVENTS_TABLE.monthIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: EVENTS_TABLE.monthIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a key id: KMS encryption with the AWS-managed aws/dynamodb key.
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('builds the read-model table with the same standards and no stream', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `dev-${READ_TABLE.name}`,
      KeySchema: [
        { AttributeName: READ_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: READ_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      StreamSpecification: Match.absent(),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('retains tables, user pool, key and logs with deletion protection in prod', () => {
    for (const [, table] of ofType(prod.resources, 'AWS::DynamoDB::Table')) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
    }
    for (const type of ['AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::SQS::Queue']) {
      for (const [id, resource] of ofType(prod.resources, type)) expect(resource.DeletionPolicy, id).toBe('Retain');
    }
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('destroys tables and everything else stateful in dev, without deletion protection', () => {
    for (const [, table] of ofType(dev.resources, 'AWS::DynamoDB::Table')) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    }
    for (const type of ['AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::SQS::Queue']) {
      for (const [id, resource] of ofType(dev.resources, type)) expect(resource.DeletionPolicy, id).toBe('Delete');
    }
  });

  it('prefixes physical names with the stage', () => {
    for (const [, table] of ofType(prod.resources, 'AWS::DynamoDB::Table')) expect(table.Properties?.TableName).toMatch(/^prod-/);
    for (const [, fn] of ofType(prod.resources, 'AWS::Lambda::Function')) expect(fn.Properties?.FunctionName).toMatch(/^prod-/);
    for (const [, queue] of ofType(prod.resources, 'AWS::SQS::Queue')) expect(queue.Properties?.QueueName).toMatch(/^prod-/);
    prod.template.hasResourceProperties('AWS::Events::EventBus', { Name: `prod-${EVENT_BUS.name}` });
  });
});

describe('event flow', () => {
  it('publishes the events table stream to the bus through a Pipe with the shared filter and template', () => {
    const { stack } = dev;
    dev.template.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: getAtt(idOf(dev, stack.data.events), 'StreamArn'),
      Target: getAtt(idOf(dev, stack.flow.bus)),
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(PIPE.filterPattern) }] },
        DynamoDBStreamParameters: {
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: PIPE.batchSize,
          DeadLetterConfig: { Arn: getAtt(idOf(dev, stack.flow.pipeDlq)) },
        },
      },
      TargetParameters: {
        EventBridgeEventBusParameters: { DetailType: PIPE.detailTypePath, Source: EVENT_BUS.source },
        InputTemplate: PIPE.inputTemplate,
      },
    });
  });

  it('passes only inserted event items through the Pipe filter', () => {
    const pipe = ofType(dev.resources, 'AWS::Pipes::Pipe')[0]?.[1];
    const filters = (pipe?.Properties?.SourceParameters as { FilterCriteria: { Filters: { Pattern: string }[] } }).FilterCriteria.Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { SK: { S: [{ prefix: 'E#' }] } } } },
    ]);
  });

  it.each(CONSUMERS)('routes the %s consumer with a rule whose pattern equals routing.ts', (consumer) => {
    const route = ROUTES[consumer];
    const flow = dev.stack.flow.consumers[consumer];
    const rule = dev.resources[idOf(dev, flow.rule)];
    expect(rule?.Properties?.EventPattern).toEqual(eventPattern(route));
    expect(rule?.Properties?.EventBusName).toEqual({ Ref: idOf(dev, dev.stack.flow.bus) });
    expect(rule?.Properties?.Targets).toEqual([
      expect.objectContaining({
        Arn: getAtt(idOf(dev, flow.queue)),
        DeadLetterConfig: { Arn: getAtt(idOf(dev, dev.stack.flow.deliveryDlq)) },
      }),
    ]);
  });

  it.each(CONSUMERS)('gives the %s consumer an encrypted TLS-only queue with the routing settings and a DLQ', (consumer) => {
    const settings = ROUTES[consumer].queue;
    const flow = dev.stack.flow.consumers[consumer];
    const queueId = idOf(dev, flow.queue);
    expect(dev.resources[queueId]?.Properties).toMatchObject({
      QueueName: `dev-${settings.queueName}`,
      VisibilityTimeout: settings.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: getAtt(idOf(dev, flow.dlq)), maxReceiveCount: settings.maxReceiveCount },
    });
    expect(dev.resources[idOf(dev, flow.dlq)]?.Properties).toMatchObject({
      QueueName: `dev-${settings.queueName}-dlq`,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: settings.dlqRetentionDays * 86_400,
    });
    dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each(CONSUMERS)('feeds the %s function from its queue with partial batch failures', (consumer) => {
    const settings = ROUTES[consumer].queue;
    const flow = dev.stack.flow.consumers[consumer];
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(idOf(dev, flow.queue)),
      FunctionName: { Ref: idOf(dev, flow.function.fn) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: settings.batchSize,
      ScalingConfig: { MaximumConcurrency: settings.maxConcurrency },
    });
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `dev-fund-ledger-${consumer}`,
      Timeout: settings.functionTimeoutSeconds,
    });
    expect(settings.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * settings.functionTimeoutSeconds);
  });

  it('encrypts every queue and denies non-TLS access to each', () => {
    const queues = ofType(dev.resources, 'AWS::SQS::Queue');
    // Pipe, delivery, scheduler and jobs' async-failure DLQs, and a queue + DLQ per consumer.
    expect(queues.length).toBe(4 + 2 * CONSUMERS.length);
    for (const [id, queue] of queues) {
      expect(queue.Properties?.SqsManagedSseEnabled, id).toBe(true);
      const policy = ofType(dev.resources, 'AWS::SQS::QueuePolicy').find(([, candidate]) =>
        JSON.stringify(candidate.Properties?.Queues).includes(`"${id}"`),
      );
      expect(JSON.stringify(policy?.[1].Properties?.PolicyDocument), id).toContain('aws:SecureTransport');
    }
  });
});

describe('functions', () => {
  it.each(ALL_FUNCTIONS)('runs %s on Node.js 22, arm64, with active tracing and its table environment', (name) => {
    const { stack } = dev;
    const fn = dev.resources[idOf(dev, stack.functions[name].fn)];
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: idOf(dev, stack.functions[name].logGroup) } },
      Environment: {
        Variables: expect.objectContaining({
          EVENTS_TABLE_NAME: { Ref: idOf(dev, stack.data.events) },
          POWERTOOLS_SERVICE_NAME: SERVICE_NAMES[name],
        }),
      },
    });
    if (name !== 'replay' && name !== 'seal') {
      expect((fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.READ_TABLE_NAME).toEqual({
        Ref: idOf(dev, stack.data.read),
      });
    }
  });

  it('tells the replay job the bus name', () => {
    const fn = dev.resources[idOf(dev, dev.stack.jobs.replay.fn)];
    expect((fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.EVENT_BUS_NAME).toEqual({
      Ref: idOf(dev, dev.stack.flow.bus),
    });
  });

  it('keeps function logs a week in dev and a year in prod', () => {
    dev.template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/dev-fund-ledger-month-end', RetentionInDays: 7 });
    // The API's logs hold its audit log: six months even in dev (test/infra/audit-log.test.ts).
    dev.template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/dev-fund-ledger-api', RetentionInDays: 180 });
    prod.template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/prod-fund-ledger-api', RetentionInDays: 365 });
    for (const [id, group] of ofType(prod.resources, 'AWS::Logs::LogGroup')) expect(group.Properties?.RetentionInDays, id).toBe(365);
  });
});

describe('HTTP API and Cognito', () => {
  const routes = (s: Synthesized): Record<string, Record<string, unknown>> =>
    Object.fromEntries(
      ofType(s.resources, 'AWS::ApiGatewayV2::Route').map(([, route]) => [route.Properties?.RouteKey as string, route.Properties ?? {}]),
    );

  /** The integration a route's target names, as the id of the function it invokes. */
  const functionBehind = (s: Synthesized, route: Record<string, unknown>): string | undefined => {
    const target = JSON.stringify(route.Target);
    const integration = ofType(s.resources, 'AWS::ApiGatewayV2::Integration').find(([id]) => target.includes(`"${id}"`));
    return API_FUNCTIONS.find((name) => JSON.stringify(integration?.[1].Properties?.IntegrationUri).includes(`"${idOf(s, s.stack.functions[name].fn)}"`));
  };

  it('protects ANY /v1/{proxy+} with the Cognito JWT authorizer and leaves health and OpenAPI public, on the main API function', () => {
    const byKey = routes(dev);
    expect(byKey['ANY /v1/{proxy+}']).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.any(String) } });
    expect(byKey['GET /health']?.AuthorizationType).toBe('NONE');
    expect(byKey['GET /v1/openapi.json']?.AuthorizationType).toBe('NONE');
    for (const key of ['ANY /v1/{proxy+}', 'GET /health', 'GET /v1/openapi.json']) expect(functionBehind(dev, byKey[key] ?? {}), key).toBe('api');
  });

  it("routes each route the table assigns to another function (exact method and path) to that function, behind the JWT authorizer, and nothing else", () => {
    const byKey = routes(dev);
    const elsewhere = routedElsewhere.map((route) => `${route.method} ${route.path}`);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(Object.keys(byKey).sort()).toEqual(['ANY /v1/{proxy+}', 'GET /health', 'GET /v1/openapi.json', ...elsewhere].sort());
    for (const route of routedElsewhere) {
      const key = `${route.method} ${route.path}`;
      expect(byKey[key], key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: byKey['ANY /v1/{proxy+}']?.AuthorizerId });
      expect(functionBehind(dev, byKey[key] ?? {}), key).toBe(functionOf(route));
    }
  });

  it('trusts tokens of the user pool for its clients (the API’s and the dashboard’s), and gives the same issuer and audiences to every API function', () => {
    const { stack } = dev;
    const pool = idOf(dev, defined(stack.http.userPool, 'user pool'));
    const client = idOf(dev, defined(stack.http.client, 'API client'));
    const dashboardClient = idOf(dev, defined(stack.dashboard.client, 'dashboard client'));
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: client }, { Ref: dashboardClient }], Issuer: getAtt(pool, 'ProviderURL') },
    });
    for (const name of API_FUNCTIONS) {
      const fn = dev.resources[idOf(dev, stack.http.functions[name].fn)];
      expect((fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables, name).toMatchObject({
        AUTH_ISSUER: getAtt(pool, 'ProviderURL'),
        AUTH_AUDIENCE: { 'Fn::Join': ['', [{ Ref: client }, ',', { Ref: dashboardClient }]] },
        AUTH_JWKS_URL: { 'Fn::Join': ['', [getAtt(pool, 'ProviderURL'), '/.well-known/jwks.json']] },
      });
    }
  });

  it('writes JSON access logs and throttles the default stage', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: getAtt(idOf(dev, dev.stack.http.accessLogs)), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('has no self sign-up, a strong password policy and the custom:funds and custom:city attributes', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'funds', AttributeDataType: 'String', Mutable: true }), Match.objectLike({ Name: 'city', AttributeDataType: 'String' })]),
    });
  });

  it('creates a group per role, the province included', () => {
    const groups = ofType(dev.resources, 'AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties?.GroupName);
    expect(groups.sort()).toEqual(['auditor', 'finance-bureau', 'fund-manager', 'province']);
  });

  it('does not let users write their own custom:funds or custom:city through the app client', () => {
    const client = dev.resources[idOf(dev, defined(dev.stack.http.client, 'API client'))];
    expect(client?.Properties?.WriteAttributes).toEqual(['name']);
    expect(client?.Properties?.GenerateSecret).toBe(false);
    expect(client?.Properties?.AllowedOAuthFlows).toBeUndefined();
  });

  it('requires TOTP MFA and enforced threat protection in prod only', () => {
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL' });
  });

  it('outputs the API URL', () => {
    dev.template.hasOutput('ApiUrl', {});
    dev.template.hasOutput('UserPoolId', {});
    dev.template.hasOutput('UserPoolClientId', {});
  });
});

describe('schedules', () => {
  it('runs month-end at 01:00 Asia/Shanghai on the 1st, the overdue sweep daily at 00:30, the seal daily at 00:05 and the archive at 04:00 on the 1st', () => {
    expect(SCHEDULES.monthEnd.expression).toBe('cron(0 1 1 * ? *)');
    expect(SCHEDULES.overdueSweep.expression).toBe('cron(30 0 * * ? *)');
    expect(SCHEDULES.dailySeal.expression).toBe('cron(5 0 * * ? *)');
    expect(SCHEDULES.monthlyArchive.expression).toBe('cron(0 4 1 * ? *)');
    const { stack } = dev;
    const jobs = [['monthEnd', stack.jobs.monthEnd], ['overdueSweep', stack.jobs.overdueSweep], ['dailySeal', stack.jobs.seal], ['monthlyArchive', stack.jobs.archive]] as const;
    for (const [name, job] of jobs) {
      const schedule = dev.resources[idOf(dev, schedulerSchedulesOf(stack)[name] as unknown as { node: { defaultChild?: unknown } })];
      expect(schedule?.Properties).toMatchObject({
        ScheduleExpression: SCHEDULES[name].expression,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: getAtt(idOf(dev, job.fn)),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: getAtt(idOf(dev, stack.jobs.schedulerDlq)) },
        },
      });
    }
    expect(ofType(dev.resources, 'AWS::Scheduler::Schedule')).toHaveLength(4);
  });
});

describe('operations', () => {
  const alarms = (s: Synthesized) => ofType(s.resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
  const dimensionsRef = (alarm: Record<string, unknown>): string => JSON.stringify(alarm.Dimensions);

  it('encrypts the alarm topic with a rotating customer-managed key CloudWatch may use', () => {
    const key = idOf(dev, dev.stack.node.findChild('Operations').node.findChild('AlarmTopicKey') as { node: { defaultChild?: unknown } });
    dev.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(key) });
    dev.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });

  it('sends every alarm to the topic, fires above zero and treats missing data as fine', () => {
    const topic = { Ref: idOf(dev, dev.stack.operations.topic) };
    for (const alarm of alarms(dev)) {
      expect(alarm.AlarmActions, String(alarm.AlarmName)).toEqual([topic]);
      expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('alarms on the depth of every dead-letter queue', () => {
    const { flow, jobs } = dev.stack;
    const dlqs = [flow.pipeDlq, flow.deliveryDlq, jobs.schedulerDlq, ...Object.values(flow.consumers).map((consumer) => consumer.dlq)];
    for (const dlq of dlqs) {
      const id = idOf(dev, dlq);
      const alarm = alarms(dev).find((candidate) => candidate.MetricName === 'ApproximateNumberOfMessagesVisible' && dimensionsRef(candidate).includes(`"${id}"`));
      expect(alarm, id).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 0 });
    }
  });

  it.each(ALL_FUNCTIONS)('alarms on errors and throttles of %s', (name) => {
    const id = idOf(dev, dev.stack.functions[name].fn);
    for (const metric of ['Errors', 'Throttles']) {
      const alarm = alarms(dev).find((candidate) => candidate.MetricName === metric && dimensionsRef(candidate).includes(`"${id}"`));
      expect(alarm, `${name} ${metric}`).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 0, Statistic: 'Sum' });
    }
  });

  it.each(CONSUMERS)('alarms when the %s projector lags (age of the oldest queued message)', (consumer) => {
    const id = idOf(dev, dev.stack.flow.consumers[consumer].queue);
    const alarm = alarms(dev).find((candidate) => candidate.MetricName === 'ApproximateAgeOfOldestMessage' && dimensionsRef(candidate).includes(`"${id}"`));
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 300, Statistic: 'Maximum' });
  });

  it('alarms on Pipe failures and on reconciliation discrepancies with the names in ops.ts', () => {
    expect(alarms(dev).find((alarm) => alarm.Namespace === 'AWS/EventBridge/Pipes')).toMatchObject({
      MetricName: 'ExecutionFailed',
      Dimensions: [{ Name: 'PipeName', Value: { Ref: idOf(dev, pipeOf(dev.stack) as unknown as { node: { defaultChild?: unknown } }) } }],
    });
    expect(alarms(dev).find((alarm) => alarm.MetricName === RECONCILIATION_METRIC.name)).toMatchObject({
      Namespace: RECONCILIATION_METRIC.namespace,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAMES.monthEnd }],
      Threshold: 0,
    });
  });

  it('builds a dashboard', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'dev-fund-ledger' });
  });
});

describe('sign-in controls (GB/T 22239-2019 8.1.4.1, issue 23 §3)', () => {
  it.each(['dev', 'prod'] as const)('%s: 14+ characters of four kinds, temporary passwords for one day, no reuse of the last 5', (stage) => {
    (stage === 'dev' ? dev : prod).template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: PASSWORD_POLICY.minLength,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 1,
          PasswordHistorySize: PASSWORD_POLICY.passwordHistorySize,
        },
      },
    });
    expect(PASSWORD_POLICY.minLength).toBeGreaterThanOrEqual(12);
  });

  it('ends every session within 30 minutes of sign-in (ID and access tokens), and a CLI refresh within a working day', () => {
    const clients = ofType(prod.resources, 'AWS::Cognito::UserPoolClient');
    expect(clients.length).toBe(2);
    for (const [id, client] of clients) {
      expect(client.Properties, id).toMatchObject({
        IdTokenValidity: TOKEN_VALIDITY.idToken.toMinutes(),
        AccessTokenValidity: TOKEN_VALIDITY.accessToken.toMinutes(),
        RefreshTokenValidity: TOKEN_VALIDITY.refreshToken.toMinutes(),
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      });
    }
    expect(TOKEN_VALIDITY.idToken.toMinutes()).toBe(30);
  });

  it('in prod blocks high-risk sign-ins, asks MFA at medium risk and refuses breached passwords (Plus-tier threat protection); dev has none', () => {
    prod.template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      AccountTakeoverRiskConfiguration: {
        Actions: {
          HighAction: { EventAction: 'BLOCK', Notify: false },
          MediumAction: { EventAction: 'MFA_REQUIRED', Notify: false },
          LowAction: { EventAction: 'NO_ACTION', Notify: false },
        },
      },
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' }, EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'] },
    });
    dev.template.resourceCountIs('AWS::Cognito::UserPoolRiskConfigurationAttachment', 0);
  });
});

describe('WAF in front of the public entry points (issue 23 §3)', () => {
  const acls = (s: Synthesized) => Object.fromEntries(ofType(s.resources, 'AWS::WAFv2::WebACL').map(([id, acl]) => [acl.Properties?.Scope as string, { id, acl }]));

  it('rate-limits each client IP, then runs the common and known-bad-inputs rule sets (upload size only counted), on both ACLs', () => {
    const byScope = acls(prod);
    expect(Object.keys(byScope).sort()).toEqual(['CLOUDFRONT', 'REGIONAL']);
    for (const [scope, limit] of [['CLOUDFRONT', WAF_RATE_LIMITS.dashboard], ['REGIONAL', WAF_RATE_LIMITS.signIn]] as const) {
      const rules = byScope[scope]?.acl.Properties?.Rules as { Name: string; Statement: Record<string, unknown>; Action?: unknown }[];
      expect(rules.map((rule) => rule.Name)).toEqual(['RateLimitPerIp', ...MANAGED_RULE_GROUPS]);
      expect(rules[0]).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: limit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } } });
      expect(rules[1]?.Statement).toMatchObject({ ManagedRuleGroupStatement: { VendorName: 'AWS', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } });
    }
  });

  it('attaches the CLOUDFRONT ACL to the distribution only where AWS accepts one (us-east-1), and the regional one to the user pool', () => {
    const { id } = acls(prod).CLOUDFRONT ?? { id: '' };
    const conditions = prod.template.toJSON().Conditions as Record<string, unknown>;
    const [conditionId] = Object.entries(conditions).find(([, body]) => JSON.stringify(body).includes('us-east-1')) ?? [];
    expect(prod.resources[id]).toMatchObject({ Condition: conditionId });
    prod.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::If': [conditionId, { 'Fn::GetAtt': [id, 'Arn'] }, { Ref: 'AWS::NoValue' }] } }),
    });
    prod.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': [idOf(prod, defined(prod.stack.http.userPool, 'user pool')), 'Arn'] },
      WebACLArn: { 'Fn::GetAtt': [acls(prod).REGIONAL?.id, 'Arn'] },
    });
  });

  it('logs every request the ACLs see, encrypted, without the bearer token or cookies', () => {
    const logging = ofType(prod.resources, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.length).toBe(2);
    for (const [, config] of logging) {
      expect(config.Properties?.RedactedFields).toEqual(WAF_LOG_REDACTED_HEADERS.map((header) => ({ SingleHeader: { Name: header } })));
    }
    for (const [, group] of ofType(prod.resources, 'AWS::Logs::LogGroup').filter(([, g]) => String(g.Properties?.LogGroupName).startsWith('aws-waf-logs-'))) {
      expect(group.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': [idOf(prod, prod.stack.logKey), 'Arn'] });
    }
  });
});
