// The API's audit log in the cloud (等保 2.0 level 3, GB/T 22239-2019 8.1.4.3 安全审计; 网络安全法
// Article 21: network logs kept no less than six months). Two log groups hold it:
// - each API function's own log group, where the function writes one `api-audit` record per request
//   (functions/api/audit.ts: who with roles and funds, what with command type and Idempotency-Key,
//   when, from where, the outcome with problem type or the events appended), beside its other lines;
// - the HTTP API's access log, which API Gateway itself writes, for what never reaches a function
//   (a token the JWT authorizer refuses, throttling).
// Why not a third, dedicated group: Lambda sends a function's output to one log group, so another
// would need the CloudWatch Logs SDK in the request path (latency, a second failure mode) for no
// protection the function's own group lacks once it has the same retention and denials.
// Both groups: at least 180 days in every stage (prod keeps the stage's longer retention), the
// stack's logs key, and the API functions' roles — the only writers besides API Gateway — carry an
// explicit Deny on deleting the group or its streams, changing its retention or its key. A Deny
// wins over any Allow added later by mistake; only an administrator can lift it, in CloudTrail.
import { Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type ILogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stacks/stage';

/** 网络安全法 Article 21: no less than six months. */
export const AUDIT_MIN_RETENTION = RetentionDays.SIX_MONTHS;

/** The stage's retention when it is longer (prod: a year), never less than six months. */
export const auditRetention = (stage: StageConfig): RetentionDays => (stage.logRetention >= AUDIT_MIN_RETENTION ? stage.logRetention : AUDIT_MIN_RETENTION);

/** What the writers of the audit log may never do to it. */
export const AUDIT_LOG_DENIED_ACTIONS = [
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
] as const;

export interface AuditLogProps {
  /** The log groups that hold audit records (created by their owners with auditRetention and the logs key). */
  groups: ILogGroup[];
  /** The roles that write them: each gets the explicit Deny. */
  writers: IRole[];
}

export class AuditLog extends Construct {
  readonly groups: ILogGroup[];

  constructor(scope: Construct, id: string, props: AuditLogProps) {
    super(scope, id);
    this.groups = props.groups;
    const deny = new PolicyStatement({
      sid: 'AuditLogIsAppendOnly',
      effect: Effect.DENY,
      actions: [...AUDIT_LOG_DENIED_ACTIONS],
      resources: props.groups.map((group) => group.logGroupArn),
    });
    for (const role of props.writers) role.addToPrincipalPolicy(deny);
  }
}
