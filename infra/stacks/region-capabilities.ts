// Where the stack can be deployed and what each place offers (issue 23 §1). The global partition
// stays env-agnostic (no region context: every feature below is there); `-c region=cn-north-1` or
// `cn-northwest-1` pins the stack to an AWS China region, so the partition (aws-cn) and the domain
// suffix (amazonaws.com.cn) resolve at synth time, and the constructs read from this ONE table which
// service or feature they may use there and which alternative they switch to. The findings and their
// sources are in FEATURES below and in docs/deploy-china.md; where AWS's documentation is ambiguous the
// table says "not available" (the conservative choice: the alternative works either way). A second,
// mechanical source: the CloudFormation resource schemas per region that AWS ships in
// @aws/cloudformation-validate (bundled with aws-cdk-lib, which validates every China synth against
// them: a resource type the region lacks fails the synth, fund-ledger-app.ts).
import { RegionInfo } from 'aws-cdk-lib/region-info';
import * as z from 'zod';

export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;
export type ChinaRegion = (typeof CHINA_REGIONS)[number];

/** The features of the stack whose availability differs between the partitions. */
export const FEATURES = {
  pipes: {
    title: 'EventBridge Pipes (events table stream → bus)',
    alternative: 'the outbox forwarder: a Lambda on the stream (event source mapping) putting to the bus',
    finding:
      'Ambiguous. The stored copy of the China EventBridge feature-availability page shows Beijing and Ningxia only in its event-bus and API-destination tables; ' +
      'the China dual-stack page names a pipes.<region>.api.amazonwebservices.com.cn endpoint, and AWS::Pipes::Pipe is in both regions\' CloudFormation schemas. ' +
      'Not listed as available, so treated as unavailable: the forwarder works either way.',
    sources: [
      'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/feature-availability.html',
      'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/dual-stack.html',
    ],
  },
  scheduler: {
    title: 'EventBridge Scheduler (time-zone aware schedules)',
    alternative: 'EventBridge rules with cron expressions in UTC (Asia/Shanghai has no daylight saving: a fixed −8 h)',
    finding:
      'Ambiguous, as Pipes: not in the stored China feature-availability tables, a scheduler endpoint on the dual-stack page, AWS::Scheduler::Schedule in both regions\' CloudFormation schemas. ' +
      'Treated as unavailable: rules work either way.',
    sources: [
      'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/feature-availability.html',
      'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/dual-stack.html',
    ],
  },
  cognitoUserPools: {
    title: 'Cognito user pools, hosted UI / managed login, Plus-tier threat protection',
    alternative: "OIDC sign-in through the province's unified identity platform (统一身份认证): an API Gateway JWT authorizer on its issuer",
    finding:
      'Cognito is available in Beijing only, and "Amazon Cognito User Pools are not currently available in the Beijing Region"; API Gateway in China does not support Cognito authorizers; ' +
      'AWS::Cognito::UserPool, UserPoolDomain and UserPoolRiskConfigurationAttachment are in neither region\'s CloudFormation schemas.',
    sources: ['https://docs.amazonaws.cn/en_us/aws/latest/userguide/cognito.html', 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/api-gateway.html'],
  },
  cloudFrontOriginAccessControl: {
    title: 'CloudFront origin access control (OAC) for the S3 origin',
    alternative: 'origin access identity (OAI)',
    finding:
      "Not in the China CloudFront differences list, but AWS::CloudFront::OriginAccessControl is in neither region's CloudFormation schemas, AWS's own China CloudFront sample " +
      '(aws-samples/deploy-cloudfront-in-china-with-cdk) uses OAI, and a reported deployment failed with "Unrecognized resource types: [AWS::CloudFront::OriginAccessControl]".',
    sources: [
      'https://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html',
      'https://github.com/aws-samples/deploy-cloudfront-in-china-with-cdk',
      'https://github.com/awslabs/aws-solutions-constructs/issues/1050',
    ],
  },
  cloudFrontFunctions: {
    title: 'CloudFront Functions (the viewer-request function serving /docs and /guide from their index.html)',
    alternative: 'npm run deploy:web also publishes each of those pages at its own path (infra/site-pages.ts), so no function is needed',
    finding: "Not in the China CloudFront differences list, but AWS::CloudFront::Function is in neither region's CloudFormation schemas (CDK's synth validation reports it).",
    sources: ['https://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html', 'https://www.npmjs.com/package/@aws/cloudformation-validate'],
  },
  cloudFrontDefaultDomain: {
    title: "CloudFront's default domain and certificate (*.cloudfront.net / *.cloudfront.cn)",
    alternative: 'an ICP-filed custom domain (context domainName) with an IAM server certificate (context iamCertificateId); ACM cannot be used with CloudFront there',
    finding:
      'In China "You can\'t use the default CloudFront domain, *.cloudfront.cn, to serve content"; an alternate domain name and an ICP registration are required, and certificates come from a third-party CA uploaded to IAM.',
    sources: [
      'https://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html',
      'https://aws.amazon.com/blogs/networking-and-content-delivery/programmatically-deploying-cloudfront-distributions-in-aws-china-regions/',
    ],
  },
  cloudFrontWaf: {
    title: 'AWS WAF web ACL on the CloudFront distribution',
    alternative: 'none in China (documented): WAF there is regional only, and the HTTP API cannot take a web ACL',
    finding: '"Amazon WAF is supported at a regional level only in the Beijing and Ningxia Regions", so no CLOUDFRONT-scope web ACL.',
    sources: ['https://docs.amazonaws.cn/en_us/aws/latest/userguide/waf.html'],
  },
  lambdaXRay: {
    title: 'X-Ray active tracing of the Lambda functions',
    alternative: 'tracing off; structured JSON logs (Powertools) and the CloudWatch metrics and alarms stay',
    finding: '"Amazon X-Ray integration with Lambda functions is not available in the China Regions."',
    sources: ['https://docs.amazonaws.cn/en_us/aws/latest/userguide/lambda.html'],
  },
} as const satisfies Record<string, { title: string; alternative: string; finding: string; sources: readonly string[] }>;

export type Feature = keyof typeof FEATURES;

/**
 * What the stack uses unchanged in China, with the page that says so (docs/deploy-china.md prints
 * this list). None of these pages names a difference that touches what the stack uses.
 */
export const SAME_IN_CHINA = [
  { service: 'Lambda nodejs22.x on arm64', source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/lambda.html', note: 'Function URLs, recursion detection and S3 as an ESM destination are the listed gaps; none is used.' },
  { service: 'API Gateway HTTP APIs with a JWT authorizer (regional endpoint)', source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/api-gateway.html', note: 'Edge-optimized endpoints and Cognito authorizers are not supported; an API answering unauthenticated requests (the public routes) and any custom domain need the account\'s ICP licence.' },
  { service: 'AWS Backup with Vault Lock', source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/backup.html', note: 'The only listed difference: cross-Region copies only between Beijing and Ningxia.' },
  { service: 'DynamoDB (PITR, streams, on-demand)', source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/dynamodb.html', note: 'Only multi-Region strong consistency of global tables is missing.' },
  { service: 'WAFv2 (regional)', source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/waf.html', note: 'Regional only; Shield and Firewall Manager absent.' },
  { service: 'CloudFront', source: 'https://docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html', note: 'Four edge locations in China; custom domain + ICP required (see above).' },
] as const;

export interface RegionCapabilities {
  /** The China region the stack is pinned to; undefined: the env-agnostic global partition. */
  region: ChinaRegion | undefined;
  partition: 'aws' | 'aws-cn';
  /** Service domain suffix of the partition (amazonaws.com / amazonaws.com.cn), from CDK's region-info. */
  domainSuffix: string;
  /** Which feature of FEATURES the region offers. */
  has: Record<Feature, boolean>;
}

const ALL: Record<Feature, boolean> = {
  pipes: true,
  scheduler: true,
  cognitoUserPools: true,
  cloudFrontOriginAccessControl: true,
  cloudFrontFunctions: true,
  cloudFrontDefaultDomain: true,
  cloudFrontWaf: true,
  lambdaXRay: true,
};
const CHINA: Record<Feature, boolean> = {
  pipes: false,
  scheduler: false,
  cognitoUserPools: false,
  cloudFrontOriginAccessControl: false,
  cloudFrontFunctions: false,
  cloudFrontDefaultDomain: false,
  cloudFrontWaf: false,
  lambdaXRay: false,
};

export const GLOBAL_CAPABILITIES: RegionCapabilities = { region: undefined, partition: 'aws', domainSuffix: 'amazonaws.com', has: ALL };

const chinaCapabilities = (region: ChinaRegion): RegionCapabilities => {
  const info = RegionInfo.get(region);
  if (info.partition !== 'aws-cn' || info.domainSuffix === undefined) throw new Error(`CDK's region-info does not know ${region} as an aws-cn region`);
  return { region, partition: 'aws-cn', domainSuffix: info.domainSuffix, has: CHINA };
};

const regionSchema = z.enum(CHINA_REGIONS).optional();

/** Parses the `region` context value: absent means the env-agnostic global partition. */
export const regionCapabilities = (contextValue: unknown): RegionCapabilities => {
  const parsed = regionSchema.safeParse(contextValue === '' ? undefined : contextValue);
  if (!parsed.success) {
    throw new Error(
      `context "region" must be one of ${CHINA_REGIONS.join(', ')} (an AWS China region), or left out for the env-agnostic global partition; got ${JSON.stringify(contextValue)}`,
    );
  }
  return parsed.data === undefined ? GLOBAL_CAPABILITIES : chinaCapabilities(parsed.data);
};
