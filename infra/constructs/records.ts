// The permanent records (issue 15 §3–4): the daily seals and the monthly archive, each in an S3
// bucket with Object Lock (compliance mode in prod: no one, root included, can delete or overwrite
// an object before its retain-until date, nor shorten it), versioned, TLS-only, never public, and
// logged to an access-log bucket. Buckets are RETAINed in every stage: a stack operation must never
// be able to take the books' seals with it (an emptied dev bucket is deleted by hand).
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { stageName, type StageConfig } from '../stacks/stage';

export class Records extends Construct {
  readonly accessLogs: Bucket;
  readonly seals: Bucket;
  readonly archive: Bucket;

  constructor(scope: Construct, id: string, stage: StageConfig) {
    super(scope, id);
    // SSE-S3 rather than a KMS key: a key can be scheduled for deletion by an account administrator,
    // which would make 30 years of locked records unreadable (crypto-shredding around Object Lock);
    // S3's own keys cannot be deleted. docs/deploy.md weighs this.
    const common = {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...common,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(stage.recordsLock.days), noncurrentVersionExpiration: Duration.days(30) }],
    });
    const lock = stage.recordsLock.mode === 'COMPLIANCE' ? ObjectLockRetention.compliance(Duration.days(stage.recordsLock.days)) : ObjectLockRetention.governance(Duration.days(stage.recordsLock.days));
    const locked = (bucketId: string, purpose: string): Bucket =>
      new Bucket(this, bucketId, {
        ...common,
        objectLockEnabled: true,
        objectLockDefaultRetention: lock,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${stageName(stage, purpose)}/`,
      });
    this.seals = locked('Seals', 'seals');
    this.archive = locked('Archive', 'archive');
  }
}
