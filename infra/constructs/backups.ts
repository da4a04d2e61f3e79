// Backups no one can erase (issue 15 §2): an AWS Backup plan for both tables, daily (kept 35 days)
// and monthly (kept 10 years), in a vault with Vault Lock in compliance mode in prod: after the
// 3-day grace period neither the account's administrators nor AWS can delete a recovery point
// before its retention ends or remove the lock. The backup role is written out action by action
// (no AWSBackupServiceRolePolicyForBackup, which covers every table and service of the account).
// Requires AWS Backup's advanced features for DynamoDB (docs/deploy.md): then recovery points
// belong to the vault, so the lock covers them.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { stageName, type StageConfig } from '../stacks/stage';

/** How long recovery points are kept; the vault lock's minimum equals the daily one. */
export const BACKUP_RETENTION = { daily: Duration.days(35), monthly: Duration.days(3653) } as const;

export interface BackupsProps {
  stage: StageConfig;
  tables: Table[];
}

export class Backups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  readonly role: Role;

  constructor(scope: Construct, id: string, { stage, tables }: BackupsProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: stageName(stage, 'fund-ledger-vault'),
      // A locked vault cannot be deleted while it holds recovery points; never let a stack operation try.
      removalPolicy: RemovalPolicy.RETAIN,
      ...(stage.backupVaultLock ? { lockConfiguration: { minRetention: BACKUP_RETENTION.daily, changeableFor: Duration.days(3) } } : {}),
    });
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: stageName(stage, 'fund-ledger-tables'),
      backupVault: this.vault,
      backupPlanRules: [
        // 02:00 Asia/Shanghai (18:00 UTC), after the day's seal (00:05) and the overdue sweep (00:30).
        new BackupPlanRule({ ruleName: 'Daily', scheduleExpression: Schedule.cron({ minute: '0', hour: '18' }), deleteAfter: BACKUP_RETENTION.daily }),
        new BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: Schedule.cron({ minute: '0', hour: '18', day: '1' }), deleteAfter: BACKUP_RETENTION.monthly }),
      ],
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('backup.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'AWS Backup: backs up the events and read-model tables only',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeTable', 'dynamodb:CreateBackup', 'dynamodb:StartAwsBackupJob', 'dynamodb:ListTagsOfResource'],
        resources: tables.map((table) => table.tableArn),
      }),
    );
    this.plan.addSelection('Tables', {
      backupSelectionName: 'events-and-read-models',
      resources: tables.map((table) => BackupResource.fromDynamoDbTable(table)),
      role: this.role,
      disableDefaultBackupPolicy: true,
    });
  }
}
