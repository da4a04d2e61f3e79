// Deployment stages. The stage comes from CDK context (`-c stage=dev|prod`) and decides what
// happens to data when the stack goes away: prod keeps it, dev cleans up after itself.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageConfig {
  name: StageName;
  /** Tables, the user pool, keys and log groups: RETAIN in prod, DESTROY in dev. */
  removalPolicy: RemovalPolicy;
  /** DynamoDB and Cognito deletion protection (prod only: dev must be destroyable). */
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** HTTP API default-stage throttling. */
  throttle: { rateLimit: number; burstLimit: number };
  /** Cognito: TOTP MFA required and Plus-tier threat protection enforced (prod only, see docs/deploy.md). */
  strictSignIn: boolean;
  /** A projector queue whose oldest message is older than this is lagging. */
  projectorLagAlarm: Duration;
  /**
   * Object Lock default retention of the seal and archive buckets. COMPLIANCE: nobody, root
   * included, can delete or shorten it before the date; GOVERNANCE (dev): a privileged user can.
   */
  recordsLock: { mode: 'COMPLIANCE' | 'GOVERNANCE'; days: number };
  /** AWS Backup Vault Lock in compliance mode (after its 3-day grace period nobody can remove it). */
  backupVaultLock: boolean;
}

const CONFIGS: Record<StageName, StageConfig> = {
  dev: {
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    throttle: { rateLimit: 20, burstLimit: 40 },
    strictSignIn: false,
    projectorLagAlarm: Duration.minutes(5),
    recordsLock: { mode: 'GOVERNANCE', days: 1 },
    backupVaultLock: false,
  },
  prod: {
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.ONE_YEAR,
    throttle: { rateLimit: 100, burstLimit: 200 },
    strictSignIn: true,
    projectorLagAlarm: Duration.minutes(2),
    // 10 years, the shortest legal retention (functions/shared/records.ts); ledgers get 30 per object.
    recordsLock: { mode: 'COMPLIANCE', days: 3653 },
    backupVaultLock: true,
  },
};

const stageSchema = z.enum(STAGES).default('dev');

/** Parses the `stage` context value (undefined means dev); anything else is a usage error. */
export const stageConfig = (contextValue: unknown): StageConfig => {
  const parsed = stageSchema.safeParse(contextValue);
  if (!parsed.success) throw new Error(`context "stage" must be one of ${STAGES.join(', ')}; got ${String(contextValue)}`);
  return CONFIGS[parsed.data];
};

/** Physical names carry the stage so dev and prod can share an account without clashing. */
export const stageName = (stage: StageConfig, name: string): string => `${stage.name}-${name}`;
