// S3 permissions on the seal and archive buckets, written out action by action like table-access.ts.
// Object actions must name `<bucket ARN>/*` (object keys are not known at deploy time); that is the
// only wildcard besides X-Ray, it is confined to one bucket, and no role gets s3:DeleteObject* or
// s3:BypassGovernanceRetention: seals and archives are written once and never removed.
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

/** GetObject, and ListBucket on the bucket itself (to find the latest seal; without it a missing key reads as 403). */
export const OBJECT_READ_ACTIONS = ['s3:GetObject', 's3:ListBucket'];
export const OBJECT_WRITE_ACTIONS = ['s3:PutObject'];
/** Per-object retention longer than the bucket default (30-year ledgers) and legal holds (permanent records). */
export const OBJECT_LOCK_ACTIONS = ['s3:PutObjectRetention', 's3:PutObjectLegalHold'];

export const objectsArn = (bucket: IBucket): string => bucket.arnForObjects('*');

export const grantObjects = (grantee: IGrantable, bucket: IBucket, actions: string[]): void => {
  const bucketActions = actions.filter((action) => action === 's3:ListBucket');
  const objectActions = actions.filter((action) => action !== 's3:ListBucket');
  if (bucketActions.length > 0) grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: bucketActions, resources: [bucket.bucketArn] }));
  if (objectActions.length > 0) grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...new Set(objectActions)], resources: [objectsArn(bucket)] }));
};
