// The dashboard in the cloud (DESIGN §8): the built web/dist in a private S3 bucket behind
// CloudFront (origin access control, HTTPS only, security headers, a WAF web ACL where the stack can
// have one), /v1/* forwarded to the same HTTP API so the pages call it on their own origin (no CORS),
// and Cognito's hosted sign-in — an OAuth app client (authorization code + PKCE) on the API's user
// pool, whose tokens the API accepts. In the AWS China regions (infra/stacks/region-capabilities.ts)
// CloudFront must serve an ICP-filed custom domain with an IAM server certificate (no default
// domain, no ACM), reads S3 through an origin access identity, and sign-in is the province's OIDC
// platform (docs/deploy-china.md).
// The files are published by `npm run deploy:web` (scripts/deploy-web.sh) from the stack's outputs,
// not by a BucketDeployment: its Lambda needs an AWS-managed policy and wildcard S3 grants, which
// this project's roles never hold (test/infra/nag.test.ts).
import { Aws, type CfnResource, Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as ViewerFunction,
  type FunctionAssociation,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ClientAttributes, OAuthScope, type UserPool, type UserPoolClient, UserPoolClientIdentityProvider, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { sitePagesFunctionCode } from '../site-pages';
import { TOKEN_VALIDITY } from './http-api';
import type { ChinaSettings } from '../stacks/deployment-settings';
import type { RegionCapabilities } from '../stacks/region-capabilities';
import { type StageConfig, stageName } from '../stacks/stage';

/** Oldest TLS the custom-domain viewer certificate accepts. */
export const DASHBOARD_MIN_TLS = 'TLSv1.2_2021';

export interface DashboardSiteProps {
  stage: StageConfig;
  capabilities: RegionCapabilities;
  /** The API's user pool; undefined where sign-in is the province's OIDC platform (then `china` is required). */
  userPool: UserPool | undefined;
  /** The custom domain, its IAM certificate and the OIDC issuer (regions without a default CloudFront domain / user pools). */
  china?: ChinaSettings;
  /** ARN of a CLOUDFRONT-scope WAF web ACL (web-acl.ts), or undefined. */
  webAclId?: string;
  /** Host of the HTTP API's default stage (`<id>.execute-api.<region>.amazonaws.com`). */
  apiDomain: string;
}

export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly logs: Bucket;
  readonly distribution: Distribution;
  /** The hosted-UI app client and domain; undefined where sign-in is the province's OIDC platform. */
  readonly client: UserPoolClient | undefined;
  readonly domain: UserPoolDomain | undefined;
  readonly url: string;
  /** The /config.json the published dashboard reads (where to sign in); deploy-web.sh writes it. */
  readonly configJson: string;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    const { stage } = props;
    this.logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(stage.name === 'prod' ? 365 : 30), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: stage.removalPolicy,
    });
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // Old builds' files go after a month; a rollback within it is a copy of the old version.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: stage.removalPolicy,
    });

    const { userPool, china, capabilities } = props;
    if (userPool === undefined && china === undefined) throw new Error('DashboardSite: without a user pool the OIDC settings are required');
    this.domain = userPool?.addDomain('HostedUi', { cognitoDomain: { domainPrefix: Fn.join('-', [stageName(stage, 'fund-ledger'), Aws.ACCOUNT_ID]) } });
    // Where the browser goes to sign in: the hosted UI's domain, or the identity platform's host.
    const authHost =
      this.domain !== undefined ? `${this.domain.domainName}.auth.${Aws.REGION}.amazoncognito.com` : Fn.select(2, Fn.split('/', china?.oidc.issuer ?? ''));
    const customDomain = capabilities.has.cloudFrontDefaultDomain ? undefined : china?.dashboard;
    if (!capabilities.has.cloudFrontDefaultDomain && customDomain === undefined) throw new Error('DashboardSite: this region needs a custom domain and certificate');

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: stageName(stage, 'fund-ledger-dashboard-headers'),
      securityHeadersBehavior: {
        // Scripts and styles only from the site itself (ECharts and the views set inline style
        // attributes, hence 'unsafe-inline' for styles only); the API is same-origin; the token
        // exchange goes to the hosted UI's domain.
        contentSecurityPolicy: {
          contentSecurityPolicy: `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https://${authHost}; frame-ancestors 'none'; base-uri 'self'; form-action 'self' https://${authHost}`,
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    // /docs (the API reference) and /guide (the user guide) are pages of their own: S3 has no directory
    // index. Without CloudFront Functions (China) deploy-web.sh publishes those pages at their paths instead.
    const sitePages: FunctionAssociation[] | undefined = !capabilities.has.cloudFrontFunctions
      ? undefined
      : [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new ViewerFunction(this, 'SitePages', {
              functionName: stageName(stage, 'fund-ledger-site-pages'),
              runtime: FunctionRuntime.JS_2_0,
              code: FunctionCode.fromInline(sitePagesFunctionCode()),
              comment: 'Serves /docs and /guide from their index.html',
            }),
          },
        ];
    // China: HTTP/2 without IPv6 and no price class, as AWS's own China CloudFront sample
    // (aws-samples/deploy-cloudfront-in-china-with-cdk) sets it; OAI where OAC is not offered.
    const inChina = customDomain !== undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: stageName(stage, 'fund-ledger dashboard'),
      defaultRootObject: 'index.html',
      httpVersion: inChina ? HttpVersion.HTTP2 : HttpVersion.HTTP2_AND_3,
      ...(inChina ? { enableIpv6: false } : { priceClass: PriceClass.PRICE_CLASS_ALL }),
      ...(props.webAclId === undefined ? {} : { webAclId: props.webAclId }),
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: capabilities.has.cloudFrontOriginAccessControl ? S3BucketOrigin.withOriginAccessControl(this.bucket) : S3BucketOrigin.withOriginAccessIdentity(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        ...(sitePages === undefined ? {} : { functionAssociations: sitePages }),
      },
      additionalBehaviors: {
        // The API on the same origin: never cached, every header but Host passed on (the bearer token).
        '/v1/*': {
          origin: new HttpOrigin(props.apiDomain),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    if (customDomain !== undefined) {
      // The L2 takes only ACM certificates; CloudFront in China takes IAM server certificates only.
      const cfn = this.distribution.node.defaultChild as CfnResource;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [customDomain.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: customDomain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: DASHBOARD_MIN_TLS,
      });
    }
    this.url = `https://${customDomain?.domainName ?? this.distribution.distributionDomainName}/`;

    this.client = userPool?.addClient('DashboardClient', {
      userPoolClientName: stageName(stage, 'fund-ledger-dashboard'),
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: TOKEN_VALIDITY.idToken,
      accessTokenValidity: TOKEN_VALIDITY.accessToken,
      refreshTokenValidity: TOKEN_VALIDITY.refreshToken,
      // Same rule as the API's client: a user may not write custom:funds.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // web/src/auth/config.ts reads this; the 'oidc' kind (China) names the platform's issuer and
    // the dashboard's client id there, the first of oidcAudience (web/src/auth/code-flow.ts signs in at either).
    this.configJson = Stack.of(this).toJsonString({
      apiBase: '',
      auth:
        this.client !== undefined
          ? { kind: 'cognito', domain: authHost, clientId: this.client.userPoolClientId, redirectUri: this.url }
          : { kind: 'oidc', issuer: china?.oidc.issuer, clientId: china?.oidc.audiences[0], redirectUri: this.url },
    });
  }
}
