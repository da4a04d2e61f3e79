// The AWS China regions (issue 23 §1): `-c region=cn-northwest-1|cn-north-1` synthesises for the
// aws-cn partition with the alternatives infra/stacks/region-capabilities.ts picks. One synthesis per
// region, with every cdk-nag pack, read by every test here: Ningxia in prod with the deployment
// settings given as context, Beijing in dev without them (they become CloudFormation parameters).
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Function as ViewerFunction, FunctionCode } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/shared/functions';
import { PIPE } from '../../functions/shared/routing';
import { SCHEDULES, type ScheduleName } from '../../functions/shared/schedules';
import { ENV } from '../../functions/shared/tables';
import { HASH_ALGORITHM_ENV } from '../../functions/store/hash-algorithm';
import { OUTBOX_FORWARDER_CONCURRENCY } from '../../infra/constructs/event-flow';
import { SCHEDULE_RETRY } from '../../infra/constructs/jobs';
import { utcCron } from '../../infra/constructs/utc-cron';
import { buildFundLedgerApp } from '../../infra/stacks/fund-ledger-app';
import { CHINA_SETTINGS } from '../../infra/stacks/deployment-settings';
import { CHINA_REGIONS, FEATURES, regionCapabilities } from '../../infra/stacks/region-capabilities';
import { CITY_KEY_PATTERN } from '../../infra/constructs/tenant-data-role';
import { SYNTH_TIMEOUT_MS, ofType, refersTo, statementsOfRole, resourcesOf, actionsOf, synth, type Statement, type Synthesized } from './synth';

/** What a Ningxia deployment passes as context (docs/deploy-china.md). */
const SETTINGS = {
  oidcIssuer: 'https://iam.sd.gov.cn/oidc',
  oidcAudience: 'fund-ledger-dashboard,fund-ledger-api',
  oidcJwksUrl: 'https://iam.sd.gov.cn/oidc/keys',
  oidcRolesClaim: 'roles',
  domainName: 'ledger.czj.liaocheng.gov.cn',
  iamCertificateId: 'ASCAEXAMPLE1234567890',
};

let ningxia: Synthesized;
let beijing: Synthesized;

beforeAll(() => {
  ningxia = synth('prod', { nag: true, context: { region: 'cn-northwest-1', ...SETTINGS } });
  beijing = synth('dev', { nag: true, context: { region: 'cn-north-1' } });
}, SYNTH_TIMEOUT_MS * 2);

const both = (): [string, Synthesized][] => [
  ['cn-northwest-1', ningxia],
  ['cn-north-1', beijing],
];
const json = (s: Synthesized): string => JSON.stringify(s.template.toJSON());
const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }): string =>
  s.stack.getLogicalId((construct.node.defaultChild ?? construct) as Parameters<Stack['getLogicalId']>[0]);

/** Every string in the template with the path of keys that leads to it. */
const strings = (value: unknown, path: string[] = []): { path: string[]; value: string }[] => {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, path));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, [...path, key]));
  return [];
};

describe('the region context', () => {
  it('accepts the two China regions and nothing else, with a usage error naming them', () => {
    expect(CHINA_REGIONS.map((region) => regionCapabilities(region).partition)).toEqual(['aws-cn', 'aws-cn']);
    expect(regionCapabilities(undefined).partition).toBe('aws');
    for (const bad of ['us-east-1', 'cn-east-9', 42]) {
      expect(() => regionCapabilities(bad)).toThrow(/context "region" must be one of cn-north-1, cn-northwest-1/);
    }
    expect(() => buildFundLedgerApp({ context: { stage: 'dev', region: 'cn-south-1', 'aws:cdk:bundling-stacks': [] }, nag: false })).toThrow(/context "region"/);
  });

  it('refuses a malformed deployment setting, naming its key', () => {
    const build = (override: Record<string, string>) => () =>
      buildFundLedgerApp({ context: { stage: 'dev', region: 'cn-north-1', ...SETTINGS, ...override, 'aws:cdk:bundling-stacks': [] }, nag: false });
    expect(build({ oidcIssuer: 'http://iam.sd.gov.cn' })).toThrow(/context "oidcIssuer" must be an https:\/\/ URL/);
    expect(build({ domainName: 'Ledger Liaocheng' })).toThrow(/context "domainName" must be a lower-case DNS name/);
    expect(build({ iamCertificateId: 'arn:aws-cn:iam::1:server-certificate/x' })).toThrow(/context "iamCertificateId" must be an IAM server certificate id/);
  });

  it('pins the stack to its region and the aws-cn partition (the env-agnostic global stack stays unpinned)', () => {
    expect(ningxia.stack.region).toBe('cn-northwest-1');
    expect(beijing.stack.region).toBe('cn-north-1');
    for (const [, s] of both()) expect(s.stack.partition).toBe('aws-cn');
    expect(ningxia.stack.stackName).toBe('FundLedger-prod');
  });
});

describe('no global-partition ARN, domain or service', () => {
  it.each(['cn-northwest-1', 'cn-north-1'])('%s: every ARN is aws-cn, and no amazonaws.com outside a service principal', (region) => {
    const s = region === 'cn-northwest-1' ? ningxia : beijing;
    const all = strings(s.template.toJSON());
    expect(all.filter(({ value }) => /arn:aws:/.test(value))).toEqual([]);
    expect(all.some(({ value }) => value.startsWith('arn:aws-cn:'))).toBe(true);
    // Service principals are <service>.amazonaws.com in every partition (CDK's region-info); any
    // other amazonaws.com string would be a global endpoint or host.
    const global = all.filter(({ value }) => /amazonaws\.com(?!\.cn)/.test(value) && !/^[a-z0-9-]+(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(value));
    expect(global).toEqual([]);
    for (const { path, value } of all.filter(({ value: v }) => /\.amazonaws\.com$/.test(v))) {
      // A policy's Principal.Service, or a Lambda permission's Principal.
      expect(path.includes('Service') || path.at(-1) === 'Principal', `${value} at ${path.join('.')}`).toBe(true);
    }
  });

  it.each(['cn-northwest-1', 'cn-north-1'])('%s: uses none of the services and features the region lacks', (region) => {
    const s = region === 'cn-northwest-1' ? ningxia : beijing;
    const types = new Set(Object.values(s.resources).map((resource) => resource.Type));
    for (const absent of [
      'AWS::Pipes::Pipe',
      'AWS::Scheduler::Schedule',
      'AWS::Cognito::UserPool',
      'AWS::Cognito::UserPoolDomain',
      'AWS::Cognito::UserPoolRiskConfigurationAttachment',
      'AWS::CloudFront::OriginAccessControl',
      'AWS::CloudFront::Function',
      'AWS::WAFv2::WebACL',
    ]) {
      expect(types.has(absent), absent).toBe(false);
    }
    for (const [id, fn] of ofType(s.resources, 'AWS::Lambda::Function')) {
      expect(fn.Properties?.TracingConfig, id).toBeUndefined();
    }
    expect(json(s)).not.toContain('xray:');
  });

  it('validates the China synth against the region\'s CloudFormation resource schemas: a resource type the region lacks fails it', () => {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new Stack(app, 'Probe', { env: { region: 'cn-north-1' } });
    new ViewerFunction(stack, 'Fn', { code: FunctionCode.fromInline('function handler(e) { return e.request; }') });
    expect(() => app.synth()).toThrow(/AWS::CloudFront::Function/);
    expect(ningxia.stack.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
  });

  it.each(['cn-northwest-1', 'cn-north-1'])('%s: passes every cdk-nag pack, each China-only suppression with its reason', (region) => {
    const s = region === 'cn-northwest-1' ? ningxia : beijing;
    const findings = [...s.annotations.findError('*', Match.stringLikeRegexp('.*')), ...s.annotations.findWarning('*', Match.stringLikeRegexp('(AwsSolutions|NIST|PCI|Serverless).*'))];
    expect(findings.map((finding) => `${finding.id}: ${String(finding.entry.data).slice(0, 100)}`)).toEqual([]);
  });

  it('lets CloudWatch Logs use the logs key under the regional principal in both of its forms', () => {
    expect(json(ningxia)).toContain('"Service":["logs.cn-northwest-1.amazonaws.com","logs.cn-northwest-1.amazonaws.com.cn"]');
  });
});

describe('the outbox forwarder instead of the Pipe', () => {
  it('reads the events table stream as the Pipe did: same start, batch, retries, bisection, DLQ and filter', () => {
    const { stack } = ningxia;
    const outbox = stack.flow.outbox;
    if (outbox.kind !== 'forwarder') throw new Error('expected the forwarder');
    const [, mapping] = ofType(ningxia.resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => JSON.stringify(m.Properties?.EventSourceArn).includes('StreamArn')) ?? [];
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [idOf(ningxia, stack.data.events), 'StreamArn'] },
      FunctionName: { Ref: idOf(ningxia, outbox.function.fn) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: PIPE.batchSize,
      MaximumBatchingWindowInSeconds: PIPE.maxBatchingWindowSeconds,
      MaximumRetryAttempts: 10,
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idOf(ningxia, stack.flow.pipeDlq), 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(PIPE.filterPattern) }] },
    });
  });

  it('runs functions/outbox with the bus name, capped concurrency, and a role naming only the stream, the bus and the DLQ', () => {
    const { stack } = ningxia;
    const outbox = stack.flow.outbox;
    if (outbox.kind !== 'forwarder') throw new Error('expected the forwarder');
    expect(FUNCTIONS.outboxForwarder.entry).toBe('functions/outbox/forward-handler.ts');
    expect(stack.functions.outboxForwarder).toBe(outbox.function);
    const fn = ningxia.resources[idOf(ningxia, outbox.function.fn)];
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: OUTBOX_FORWARDER_CONCURRENCY,
      Environment: { Variables: expect.objectContaining({ [ENV.busName]: { Ref: idOf(ningxia, stack.flow.bus) } }) },
    });
    const statements = statementsOfRole(ningxia.resources, idOf(ningxia, outbox.function.role as unknown as { node: { defaultChild?: unknown } }));
    const named = statements.filter((statement) => !actionsOf(statement).every((action) => action.startsWith('logs:'))).flatMap(resourcesOf);
    for (const resource of named) {
      expect(
        [stack.data.events, stack.flow.bus, stack.flow.pipeDlq].some((target) => refersTo(resource, idOf(ningxia, target))),
        JSON.stringify(resource),
      ).toBe(true);
    }
    expect(statements.flatMap(actionsOf)).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'events:PutEvents', 'sqs:SendMessage']));
    expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:GetItem');
  });

  it('alarms on its errors and on its iterator age (the bus behind the store)', () => {
    const outbox = ningxia.stack.flow.outbox;
    if (outbox.kind !== 'forwarder') throw new Error('expected the forwarder');
    const fnId = idOf(ningxia, outbox.function.fn);
    const alarms = ofType(ningxia.resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
    const on = (metric: string) => alarms.find((alarm) => alarm.MetricName === metric && JSON.stringify(alarm.Dimensions).includes(`"${fnId}"`));
    expect(on('Errors')).toMatchObject({ Threshold: 0 });
    expect(on('IteratorAge')).toMatchObject({ Threshold: ningxia.stack.stage.projectorLagAlarm.toMilliseconds(), Statistic: 'Maximum' });
    expect(alarms.some((alarm) => alarm.Namespace === 'AWS/EventBridge/Pipes')).toBe(false);
  });
});

describe('EventBridge rules instead of Scheduler schedules', () => {
  it('fires each job at the same Asia/Shanghai time, written as UTC cron', () => {
    // 01:00 Shanghai on the 1st = 17:00 UTC on the last day of the month before; 00:30 = 16:30 UTC the day before.
    expect(utcCron(SCHEDULES.monthEnd.expression)).toBe('cron(0 17 L * ? *)');
    expect(utcCron(SCHEDULES.overdueSweep.expression)).toBe('cron(30 16 * * ? *)');
    expect(utcCron(SCHEDULES.dailySeal.expression)).toBe('cron(5 16 * * ? *)');
    expect(utcCron(SCHEDULES.monthlyArchive.expression)).toBe('cron(0 20 L * ? *)');
    const { jobs } = ningxia.stack;
    if (jobs.schedules.kind !== 'rules') throw new Error('expected rules');
    const targets: Record<ScheduleName, { node: { defaultChild?: unknown } }> = { monthEnd: jobs.monthEnd.fn, overdueSweep: jobs.overdueSweep.fn, dailySeal: jobs.seal.fn, monthlyArchive: jobs.archive.fn };
    for (const name of Object.keys(SCHEDULES) as ScheduleName[]) {
      const rule = ningxia.resources[idOf(ningxia, jobs.schedules.rules[name])];
      expect(rule?.Properties, name).toMatchObject({
        ScheduleExpression: utcCron(SCHEDULES[name].expression),
        State: 'ENABLED',
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [idOf(ningxia, targets[name]), 'Arn'] },
            Input: '{}',
            RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY.maximumRetryAttempts, MaximumEventAgeInSeconds: SCHEDULE_RETRY.maximumEventAgeInSeconds },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [idOf(ningxia, jobs.schedulerDlq), 'Arn'] } },
          },
        ],
      });
    }
    expect(ofType(ningxia.resources, 'AWS::IAM::Role').some(([, role]) => JSON.stringify(role.Properties).includes('scheduler.amazonaws.com'))).toBe(false);
  });

  it('refuses a cron shape it cannot shift exactly', () => {
    expect(() => utcCron('cron(0 1 15 * ? *)')).toThrow(/only cron/);
    expect(() => utcCron('cron(0 25 * * ? *)')).toThrow(/no such time/);
    expect(utcCron('cron(0 9 1 * ? *)')).toBe('cron(0 1 1 * ? *)');
  });
});

describe("sign-in through the province's identity platform (统一身份认证)", () => {
  it('puts a JWT authorizer on the OIDC issuer and audiences given as context, and the same to every API function', () => {
    ningxia.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: SETTINGS.oidcIssuer, Audience: SETTINGS.oidcAudience.split(',') },
    });
    for (const fn of Object.values(ningxia.stack.http.functions)) {
      expect(ningxia.resources[idOf(ningxia, fn.fn)]?.Properties?.Environment).toMatchObject({
        Variables: { AUTH_ISSUER: SETTINGS.oidcIssuer, AUTH_JWKS_URL: SETTINGS.oidcJwksUrl, AUTH_AUDIENCE: SETTINGS.oidcAudience, AUTH_ROLES_CLAIM: SETTINGS.oidcRolesClaim, AUTH_CITY_CLAIM: 'city' },
      });
    }
    expect(ningxia.stack.http.userPool).toBeUndefined();
    expect(Object.keys(ningxia.template.toJSON().Outputs)).not.toContain('UserPoolId');
  });

  it('takes the settings not given as context from CloudFormation parameters at deploy', () => {
    const parameters = beijing.template.toJSON().Parameters as Record<string, { Type: string }>;
    for (const setting of Object.values(CHINA_SETTINGS)) expect(parameters[setting.parameter]?.Type, setting.parameter).toBe('String');
    beijing.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: { Ref: CHINA_SETTINGS.oidcIssuer.parameter }, Audience: [{ Ref: CHINA_SETTINGS.oidcAudience.parameter }] },
    });
    expect(ningxia.template.toJSON().Parameters?.OidcIssuer).toBeUndefined();
  });

  it("tells the dashboard to sign in at the platform ('oidc' in /config.json)", () => {
    const config = JSON.stringify(ningxia.stack.resolve(ningxia.stack.dashboard.configJson));
    expect(config).toContain('\\"kind\\":\\"oidc\\"');
    // web/src/auth/code-flow.ts signs in with the dashboard's client: the first of oidcAudience.
    expect(config).toContain('\\"clientId\\":\\"fund-ledger-dashboard\\"');
    expect(config).toContain(`\\"issuer\\":\\"${SETTINGS.oidcIssuer}\\"`);
    expect(ningxia.stack.dashboard.client).toBeUndefined();
  });
});

describe('tenant isolation in China (issue 24 §2)', () => {
  it('confines every API function to its city there too: session tags are offered in aws-cn and dynamodb:LeadingKeys is the same condition', () => {
    for (const [region, s] of both()) {
      for (const [name, tenant] of Object.entries(s.stack.http.tenantRoles)) {
        const roleId = idOf(s, tenant.role);
        const statements = statementsOfRole(s.resources, roleId) as (Statement & { Condition?: Record<string, unknown> })[];
        expect(statements.length, `${region} ${name}`).toBeGreaterThan(0);
        for (const statement of statements) expect(statement.Condition?.['ForAllValues:StringLike'], `${region} ${name}`).toEqual({ 'dynamodb:LeadingKeys': [CITY_KEY_PATTERN] });
        const trust = s.resources[roleId]?.Properties?.AssumeRolePolicyDocument as { Statement: Statement[] };
        expect(trust.Statement.flatMap(actionsOf).sort(), `${region} ${name}`).toEqual(['sts:AssumeRole', 'sts:TagSession']);
        const fn = s.stack.http.functions[name as keyof typeof s.stack.http.functions];
        expect((s.resources[idOf(s, fn.fn)]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables[ENV.tenantRoleArn]).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      }
    }
  });
});

describe('the dashboard on CloudFront in China', () => {
  it('serves the ICP-filed domain with the IAM server certificate (no default domain, no ACM) and reads S3 through an OAI', () => {
    ningxia.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [SETTINGS.domainName],
        ViewerCertificate: { IamCertificateId: SETTINGS.iamCertificateId, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
        HttpVersion: 'http2',
        IPV6Enabled: false,
        Origins: Match.arrayWith([Match.objectLike({ S3OriginConfig: { OriginAccessIdentity: Match.anyValue() } })]),
        DefaultCacheBehavior: Match.not(Match.objectLike({ FunctionAssociations: Match.anyValue() })),
      }),
    });
    ningxia.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    expect(ningxia.stack.dashboard.url).toBe(`https://${SETTINGS.domainName}/`);
    expect(ningxia.stack.webAcls).toBeUndefined();
  });
});

describe('the chain and seal algorithm in China', () => {
  it('is SM3 on every function of both regions when the context names none (GB/T 39786-2021)', () => {
    for (const [, synthesized] of both()) {
      const algorithms = ofType(synthesized.resources, 'AWS::Lambda::Function').map(
        ([, fn]) => (fn.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.[HASH_ALGORITHM_ENV],
      );
      expect(algorithms.length).toBeGreaterThan(3);
      expect(new Set(algorithms)).toEqual(new Set(['sm3']));
    }
  });
});

describe('the capability table', () => {
  it('names, for every China gap, its finding, its alternative and an AWS source', () => {
    const china = regionCapabilities('cn-north-1');
    for (const [feature, entry] of Object.entries(FEATURES)) {
      expect(china.has[feature as keyof typeof FEATURES], feature).toBe(false);
      expect(entry.alternative.length, feature).toBeGreaterThan(20);
      expect(entry.sources.length, feature).toBeGreaterThan(0);
    }
    expect(Object.values(regionCapabilities(undefined).has).every(Boolean)).toBe(true);
  });
});
