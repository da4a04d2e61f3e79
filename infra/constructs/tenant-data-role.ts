// Tenant isolation in IAM (issue 24 §2, docs/security.md): a request-serving function has no
// DynamoDB data access of its own. It assumes this role with a session tagged `city=<caller's city>`
// (functions/store/tenant-credentials.ts), and the role allows its item actions only on partition
// keys inside that city's range, `C#<city>#…` (DynamoDB's `dynamodb:LeadingKeys`, the AWS pattern for
// pooled multi-tenant tables). Both tables' keys, and the month index's GSI1PK, begin with the city
// (functions/store/city-keys.ts), so the same condition fences every table and the index.
// One role per function, so each keeps exactly the actions it had (DESIGN §9).
import { Duration } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyStatement, PrincipalWithConditions, Role, SessionTagsPrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CITY_IDS } from '../../events/cities';
import { ENV } from '../../functions/shared/tables';
import { SESSION_SECONDS, TENANT_SESSION_TAG } from '../../functions/store/tenant-credentials';
import type { LedgerFunction } from './ledger-function';
import { type GrantConditions, type TableGrant, grantTable } from './table-access';

/**
 * The key range of the session's city: `cityKeyPrefix(city)` (functions/shared/city-scope.ts) with
 * the city read from the session tag, then anything. IAM substitutes the tag's value, which STS
 * limits to letters, digits and `_.:/=+-@` (no `*` or `?`), and the trust policy to a known city.
 */
export const CITY_KEY_PATTERN = `C#\${aws:PrincipalTag/${TENANT_SESSION_TAG}}#*`;

/**
 * On every statement of the role. `ForAllValues` checks each partition key a request names (a batch
 * or transaction names several); it holds vacuously for a request that names none (a Scan), so
 * `Null: false` also requires that a key be named: a key-less action stays refused even if one were
 * ever granted here by mistake.
 */
export const CITY_KEY_CONDITIONS: GrantConditions = {
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [CITY_KEY_PATTERN] },
  Null: { 'dynamodb:LeadingKeys': 'false' },
};

/** Who may start a session: the function's role, tagging it with exactly one tag, `city`, naming a city the deployment serves. */
export const TRUST_CONDITIONS = {
  StringEquals: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: [...CITY_IDS] },
  'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
};

export interface TenantDataRoleProps {
  /** The request-serving function whose only way into DynamoDB this role becomes. */
  fn: LedgerFunction;
  /** What the function does with the tables (the same grants it would otherwise hold itself). */
  grants: TableGrant[];
}

export class TenantDataRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, { fn, grants }: TenantDataRoleProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      // sts:TagSession beside sts:AssumeRole: without it STS refuses a tagged session.
      assumedBy: new SessionTagsPrincipal(new PrincipalWithConditions(new ArnPrincipal(fn.role.roleArn), TRUST_CONDITIONS)),
      description: `${fn.node.id}: its DynamoDB access, confined to the city its session is tagged with`,
      maxSessionDuration: Duration.seconds(SESSION_SECONDS),
    });
    for (const grant of grants) grantTable(this.role, grant, CITY_KEY_CONDITIONS);
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [this.role.roleArn] }));
    fn.fn.addEnvironment(ENV.tenantRoleArn, this.role.roleArn);
  }
}
