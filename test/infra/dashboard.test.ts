// The dashboard's cloud side (infra/constructs/dashboard-site.ts): a private bucket read only by
// CloudFront through origin access control, HTTPS only, security headers, /v1/* forwarded to the
// same API uncached, and a hosted-UI app client whose tokens the API's authorizer accepts.
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, defined, ofType, synth, type Synthesized } from './synth';

let dev: Synthesized;

beforeAll(() => {
  dev = synth('dev', { nag: false });
}, SYNTH_TIMEOUT_MS);

const idOf = (construct: { node: { defaultChild?: unknown } }): string => dev.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);

describe('dashboard site', () => {
  it('keeps the assets bucket private, encrypted, TLS-only and readable by the distribution alone', () => {
    const bucket = idOf(dev.stack.dashboard.bucket);
    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    const policies = ofType(dev.resources, 'AWS::S3::BucketPolicy').filter(([, p]) => JSON.stringify(p.Properties?.Bucket).includes(bucket));
    const statements = policies.flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: { Effect: string; Principal?: unknown; Action: unknown; Condition?: unknown }[] }).Statement);
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Condition: expect.objectContaining({ StringEquals: expect.any(Object) }) })]);
    expect(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'))).toBe(true);
    dev.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('serves over HTTPS only with security headers, and forwards /v1/* to the API uncached', () => {
    dev.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: Match.anyValue() }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/v1/*', ViewerProtocolPolicy: 'https-only', AllowedMethods: Match.arrayWith(['POST']), CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' })],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const origins = JSON.stringify(ofType(dev.resources, 'AWS::CloudFront::Distribution')[0]?.[1].Properties);
    expect(origins).toContain(idOf(dev.stack.http.api));
    dev.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ Override: true }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    // The policy names the hosted UI's domain (a token), so it is a Fn::Join: read it as text.
    const [, headers] = ofType(dev.resources, 'AWS::CloudFront::ResponseHeadersPolicy')[0] ?? [];
    expect(JSON.stringify(headers?.Properties)).toContain("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'");
  });

  it('answers /docs with the API reference page and /guide with the user guide through a viewer-request function on the site', () => {
    const [functionId, viewerFunction] = ofType(dev.resources, 'AWS::CloudFront::Function')[0] ?? [];
    expect(viewerFunction?.Properties).toMatchObject({ AutoPublish: true, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });
    expect(String(viewerFunction?.Properties?.FunctionCode)).toContain('"/docs":"/docs/index.html"');
    expect(String(viewerFunction?.Properties?.FunctionCode)).toContain('"/guide":"/guide/index.html"');
    dev.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }],
        }),
      }),
    });
  });

  it('signs in through the hosted UI with the code flow back to the distribution, and the API accepts those tokens', () => {
    const client = idOf(defined(dev.stack.dashboard.client, 'dashboard client'));
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'dev-fund-ledger-dashboard',
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    dev.template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const [, authorizer] = ofType(dev.resources, 'AWS::ApiGatewayV2::Authorizer')[0] ?? [];
    const audience = (authorizer?.Properties?.JwtConfiguration as { Audience: unknown[] }).Audience;
    expect(audience).toEqual([{ Ref: idOf(defined(dev.stack.http.client, 'API client')) }, { Ref: client }]);
    const [, api] = ofType(dev.resources, 'AWS::Lambda::Function').find(([, f]) => JSON.stringify(f.Properties).includes('AUTH_AUDIENCE')) ?? [];
    expect(JSON.stringify(api?.Properties)).toContain(client);
  });
});
