// A WAFv2 web ACL for a public entry point (issue 23 §3, 等保 intrusion prevention): a rate limit per
// client IP, then AWS's managed common rule set (OWASP-style injection, traversal, bad bots) and
// known-bad-inputs set (Log4Shell, Java deserialisation and the like). Used where WAF can attach
// (docs/deploy.md "WAF"): the dashboard's CloudFront distribution (CLOUDFRONT scope, which AWS
// accepts only in us-east-1, so that ACL exists only when the stack is deployed there: a
// CloudFormation condition, the stack staying env-agnostic) and the Cognito user pool's sign-in
// endpoints (REGIONAL). An HTTP API cannot take a web ACL at all (WAF protects REST APIs, not HTTP
// APIs), and in the AWS China regions WAF is regional only, so nothing attaches there
// (region-capabilities.ts, docs/deploy-china.md).
import { Aws, CfnCondition, type CfnResource, Fn } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { stageName, type StageConfig } from '../stacks/stage';

/** The managed rule groups every ACL runs after the rate limit, in this order. */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

/**
 * Rules of the common set that only count: bank statements and registers are uploaded through
 * /v1/* as files far above the set's 8 KB body limit (SizeRestrictions_BODY), which the API bounds
 * itself (functions/api/upload.ts).
 */
export const COUNT_ONLY_RULES = ['SizeRestrictions_BODY'] as const;

/** Requests per client IP per 5 minutes before it is blocked (a bureau's office shares one egress IP). */
export const WAF_RATE_LIMITS = { dashboard: 2000, signIn: 300 } as const;

export interface WebAclProps {
  stage: StageConfig;
  /** CLOUDFRONT (distribution; created only in us-east-1) or REGIONAL (user pool, REST API, ALB). */
  scope: 'CLOUDFRONT' | 'REGIONAL';
  name: string;
  /** Requests per client IP per 5-minute window. */
  rateLimit: number;
  /** Encrypts the ACL's request log (the stack's logs key). */
  logKey: IKey;
}

/** Request headers the WAF log never shows: the bearer token and the session cookies. */
export const WAF_LOG_REDACTED_HEADERS = ['authorization', 'cookie'] as const;

export class WebAcl extends Construct {
  readonly acl: CfnWebACL;
  /** The ACL's request log. */
  readonly logs: LogGroup;
  /** The ACL's ARN; for CLOUDFRONT scope a conditional value (no ACL outside us-east-1). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const name = stageName(props.stage, props.name);
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${name}-${metricName}`,
    });
    this.acl = new CfnWebACL(this, 'Acl', {
      name,
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility('all'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility('rate'),
        },
        ...MANAGED_RULE_GROUPS.map((group, index) => ({
          name: group,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group,
              ...(group === 'AWSManagedRulesCommonRuleSet' ? { ruleActionOverrides: COUNT_ONLY_RULES.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
            },
          },
          visibilityConfig: visibility(group),
        })),
      ],
    });
    // Every request the ACL sees is logged (NIST AU-2/PCI 10.x; 等保 security audit), in the stack's
    // retention and key, without the tokens. WAF requires the aws-waf-logs- prefix.
    this.logs = new LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${name}`,
      retention: props.stage.logRetention,
      removalPolicy: props.stage.removalPolicy,
      encryptionKey: props.logKey,
    });
    const logging = new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.acl.attrArn,
      logDestinationConfigs: [this.logs.logGroupArn],
      redactedFields: WAF_LOG_REDACTED_HEADERS.map((header) => ({ singleHeader: { Name: header } })),
    });
    if (props.scope === 'CLOUDFRONT') {
      const inUsEast1 = new CfnCondition(this, 'InUsEast1', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
      for (const resource of [this.acl, logging, this.logs.node.defaultChild as CfnResource]) resource.cfnOptions.condition = inUsEast1;
      this.arn = Fn.conditionIf(inUsEast1.logicalId, this.acl.attrArn, Aws.NO_VALUE).toString();
    } else {
      this.arn = this.acl.attrArn;
    }
  }
}
