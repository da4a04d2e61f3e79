// Isolation in IAM (issue 24 §2, docs/security.md): the functions that serve requests reach DynamoDB
// only through a session of their tenant data role tagged with the caller's city, and that role's
// every statement on the tables is confined to the city's key range by `dynamodb:LeadingKeys`. These
// tests read the synthesized policies, so a grant that escapes the fence anywhere fails here.
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_IDS, type CityId } from '../../events/cities';
import { cityKeyPrefix } from '../../functions/shared/city-scope';
import { API_FUNCTIONS, CORE_FUNCTIONS, type ApiFunctionName } from '../../functions/shared/functions';
import { ENV } from '../../functions/shared/tables';
import { TENANT_SESSION_TAG } from '../../functions/store/tenant-credentials';
import { APPEND_ACTIONS, READ_ACTIONS } from '../../infra/constructs/table-access';
import { CITY_ATTRIBUTE } from '../../infra/constructs/http-api';
import { CITY_KEY_PATTERN } from '../../infra/constructs/tenant-data-role';
import { SYNTH_TIMEOUT_MS, actionsOf, ofType, refersTo, resourcesOf, statementsOfRole, synth, type Statement, type Synthesized } from './synth';

interface ConditionedStatement extends Statement {
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: { AWS?: unknown };
}

let dev: Synthesized;
let tables: { events: string; read: string };

const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
  dev.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnRole);

beforeAll(() => {
  dev = synth('dev', { nag: false });
  tables = { events: logicalId(dev.stack.data.events), read: logicalId(dev.stack.data.read) };
}, SYNTH_TIMEOUT_MS);

const tenantRoleId = (name: ApiFunctionName): string => logicalId(dev.stack.http.tenantRoles[name].role);
const functionRoleId = (name: ApiFunctionName): string => logicalId(dev.stack.functions[name].role as unknown as { node: { defaultChild?: unknown } });
const tenantStatements = (name: ApiFunctionName): ConditionedStatement[] => statementsOfRole(dev.resources, tenantRoleId(name));
const touchesTable = (statement: Statement): boolean => resourcesOf(statement).some((resource) => refersTo(resource, tables.events) || refersTo(resource, tables.read));
const environmentOf = (id: string): Record<string, unknown> =>
  (dev.resources[id]?.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};

/** IAM's StringLike with the session's city substituted for the policy variable, as a RegExp. */
const keyRangeOf = (pattern: string, city: string): RegExp => {
  const substituted = pattern.replace(`\${aws:PrincipalTag/${TENANT_SESSION_TAG}}`, city);
  const escaped = substituted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
};

describe('the city key pattern', () => {
  const other = (city: CityId): CityId => CITY_IDS[(CITY_IDS.indexOf(city) + 1) % CITY_IDS.length]!;

  it.each(CITY_IDS)('admits every key of %s (stream, head, idempotency record, month index) and no key of another city', (city) => {
    const range = keyRangeOf(CITY_KEY_PATTERN, city);
    for (const key of ['S#fund-risk-pool', 'IDEM#abc', 'M#2026-03#5', 'BAL#fund-1']) {
      expect(range.test(`${cityKeyPrefix(city)}${key}`), key).toBe(true);
      expect(range.test(`${cityKeyPrefix(other(city))}${key}`), key).toBe(false);
    }
    // A key from before the cities (no prefix) is nobody's.
    expect(range.test('S#fund-risk-pool')).toBe(false);
  });

  it('ends the city at its separator, so no city id can reach a longer one', () => {
    expect(keyRangeOf(CITY_KEY_PATTERN, 'jin').test(`${cityKeyPrefix('jinan')}S#fund-1`)).toBe(false);
  });
});

describe.each(API_FUNCTIONS)('the %s function', (name) => {
  it('has no DynamoDB access of its own: every table action goes through its tenant data role', () => {
    const own = statementsOfRole(dev.resources, functionRoleId(name));
    expect(own.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    expect(own.filter(touchesTable)).toEqual([]);
  });

  it('may assume its tenant data role, tagging the session, and no other role', () => {
    const sts = statementsOfRole(dev.resources, functionRoleId(name)).filter((statement) => actionsOf(statement).some((action) => action.startsWith('sts:')));
    expect(sts.flatMap(actionsOf).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(sts.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': [tenantRoleId(name), 'Arn'] }]);
  });

  it(`learns the role from ${ENV.tenantRoleArn}`, () => {
    expect(environmentOf(logicalId(dev.stack.functions[name].fn))[ENV.tenantRoleArn]).toEqual({ 'Fn::GetAtt': [tenantRoleId(name), 'Arn'] });
  });

  it('has a tenant data role whose every statement on the tables is confined to the session city’s keys', () => {
    const statements = tenantStatements(name);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(touchesTable(statement), JSON.stringify(statement.Resource)).toBe(true);
      expect(statement.Effect).toBe('Allow');
      expect(statement.Condition?.['ForAllValues:StringLike']).toEqual({ 'dynamodb:LeadingKeys': [CITY_KEY_PATTERN] });
      // ForAllValues holds for a request naming no key at all; the Null test refuses such a request.
      expect(statement.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
    }
  });

  it('grants its tenant data role only item actions (no Scan, no table management), never a delete', () => {
    const allowed = new Set([...READ_ACTIONS, ...APPEND_ACTIONS]);
    const actions = tenantStatements(name).flatMap(actionsOf);
    expect(actions.filter((action) => !allowed.has(action))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('lets only its own role start a session, tagged with one key, city, naming a city the deployment serves', () => {
    const trust = (dev.resources[tenantRoleId(name)]?.Properties?.AssumeRolePolicyDocument as { Statement: ConditionedStatement[] }).Statement;
    expect(trust).toHaveLength(1);
    const [statement] = trust;
    expect(statement?.Principal).toEqual({ AWS: { 'Fn::GetAtt': [functionRoleId(name), 'Arn'] } });
    expect(actionsOf(statement!).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(statement?.Condition).toEqual({
      StringEquals: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: [...CITY_IDS] },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
    });
  });
});

describe('the city in the token (Cognito)', () => {
  it('keeps each user’s city in the custom:city attribute, which no app client may write: only administrators move a user between cities', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: CITY_ATTRIBUTE, AttributeDataType: 'String', Mutable: true })]),
    });
    const clients = ofType(dev.resources, 'AWS::Cognito::UserPoolClient');
    expect(clients.length).toBeGreaterThanOrEqual(2);
    for (const [id, client] of clients) expect(client.Properties?.WriteAttributes, id).toEqual(['name']);
  });
});

describe('the functions that are not tenant-scoped', () => {
  it('only the API functions are given a tenant role; consumers and jobs keep their own (all-city) grants', () => {
    const told = CORE_FUNCTIONS.filter((name) => environmentOf(logicalId(dev.stack.functions[name].fn))[ENV.tenantRoleArn] !== undefined);
    expect(told.sort()).toEqual([...API_FUNCTIONS].sort());
  });

  it('no role but the API functions’ may assume a tenant data role', () => {
    const tenantIds = API_FUNCTIONS.map(tenantRoleId);
    const allowedRoles = API_FUNCTIONS.map(functionRoleId);
    const assuming = ofType(dev.resources, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.some(
          (statement) => actionsOf(statement).includes('sts:AssumeRole') && resourcesOf(statement).some((resource) => tenantIds.some((id) => refersTo(resource, id))),
        ),
      )
      .flatMap(([, policy]) => (policy.Properties?.Roles as { Ref: string }[]).map((role) => role.Ref));
    expect(assuming.sort()).toEqual(allowedRoles.sort());
  });
});
