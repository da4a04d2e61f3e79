// The customer-managed key every log group of the stack is encrypted with (NIST 800-53 R5 and PCI DSS
// ask for it: logs carry actors, fund ids and amounts). CloudWatch Logs may use it only for this
// account's log groups in this region (the encryption-context condition), and rotation is on.
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { RegionCapabilities } from '../stacks/region-capabilities';
import { stageName, type StageConfig } from '../stacks/stage';

/**
 * CloudWatch Logs' service principal: regional, `logs.<region>.amazonaws.com`. In the China
 * partition CDK's region-info (Default.servicePrincipal) gives it the partition's domain,
 * `logs.<region>.amazonaws.com.cn`, while CDK's newer rule and AWS's global documentation use
 * `.amazonaws.com` everywhere; the key names both there, so log groups can use it whichever form
 * the region's KMS presents (docs/deploy-china.md). Static names: CDK would rewrite them otherwise.
 */
export const logsPrincipals = (region: string, capabilities: RegionCapabilities): string[] =>
  capabilities.partition === 'aws' ? [`logs.${region}.amazonaws.com`] : [`logs.${region}.amazonaws.com`, `logs.${region}.${capabilities.domainSuffix}`];

export const logsKey = (scope: Construct, id: string, stage: StageConfig, capabilities: RegionCapabilities): Key => {
  const stack = Stack.of(scope);
  const key = new Key(scope, id, {
    alias: `alias/${stageName(stage, 'fund-ledger-logs')}`,
    description: 'Encrypts the fund-ledger log groups (functions and API access logs)',
    enableKeyRotation: true,
    removalPolicy: stage.removalPolicy,
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: logsPrincipals(stack.region, capabilities).map((name) => ServicePrincipal.fromStaticServicePrincipleName(name)),
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
    }),
  );
  return key;
};
