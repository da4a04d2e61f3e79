// The dashboard in the cloud (DESIGN §8): the built web/dist in a private S3 bucket behind
// CloudFront (origin access control, HTTPS only, security headers), /v1/* forwarded to the same
// HTTP API so the pages call it on their own origin (no CORS), and Cognito's hosted sign-in — an
// OAuth app client (authorization code + PKCE) on the API's user pool, whose tokens the API accepts.
// The files are published by `npm run deploy:web` (scripts/deploy-web.sh) from the stack's outputs,
// not by a BucketDeployment: its Lambda needs an AWS-managed policy and wildcard S3 grants, which
// this project's roles never hold (test/infra/nag.test.ts).
import { Aws, Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as ViewerFunction,
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
import { type StageConfig, stageName } from '../stacks/stage';

export interface DashboardSiteProps {
  stage: StageConfig;
  userPool: UserPool;
  /** Host of the HTTP API's default stage (`<id>.execute-api.<region>.amazonaws.com`). */
  apiDomain: string;
}

export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly logs: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
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

    this.domain = props.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: Fn.join('-', [stageName(stage, 'fund-ledger'), Aws.ACCOUNT_ID]) } });
    const authHost = `${this.domain.domainName}.auth.${Aws.REGION}.amazoncognito.com`;

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

    this.distribution = new Distribution(this, 'Distribution', {
      comment: stageName(stage, 'fund-ledger dashboard'),
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        // /docs (the API reference) and /guide (the user guide) are pages of their own: S3 has no directory index.
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new ViewerFunction(this, 'SitePages', {
              functionName: stageName(stage, 'fund-ledger-site-pages'),
              runtime: FunctionRuntime.JS_2_0,
              code: FunctionCode.fromInline(sitePagesFunctionCode()),
              comment: 'Serves /docs and /guide from their index.html',
            }),
          },
        ],
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
    this.url = `https://${this.distribution.distributionDomainName}/`;

    this.client = props.userPool.addClient('DashboardClient', {
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
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      // Same rule as the API's client: a user may not write custom:funds.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.configJson = Stack.of(this).toJsonString({
      apiBase: '',
      auth: { kind: 'cognito', domain: authHost, clientId: this.client.userPoolClientId, redirectUri: this.url },
    });
  }
}
