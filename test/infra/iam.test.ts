// Least privilege (DESIGN §8, issue 7): every role names only the tables, indexes, queues and
// actions it uses. These tests read the synthesized policies, so a grant added by mistake
// anywhere in the stack (a grant* helper, a wildcard) fails here.
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_WRITE_ACTIONS } from '../../infra/constructs/table-access';
import { API_FUNCTIONS, type ApiFunctionName, type CoreFunctionName } from '../../functions/shared/functions';
import { ENV } from '../../functions/shared/tables';
import { SYNTH_TIMEOUT_MS, actionsOf, pipeOf, refersTo, resourcesOf, schedulerSchedulesOf, statementsOfRole, synth, type Statement, type Synthesized } from './synth';

let dev: Synthesized;
let ids: { events: string; read: string; bus: string; pipeDlq: string; schedulerDlq: string };

beforeAll(() => {
  dev = synth('dev', { nag: false });
  const { stack } = dev;
  const id = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as Parameters<typeof stack.getLogicalId>[0]);
  ids = {
    events: id(stack.data.events),
    read: id(stack.data.read),
    bus: id(stack.flow.bus),
    pipeDlq: id(stack.flow.pipeDlq),
    schedulerDlq: id(stack.jobs.schedulerDlq),
  };
}, SYNTH_TIMEOUT_MS);

const roleId = (role: { node: { defaultChild?: unknown } }): string =>
  dev.stack.getLogicalId(role.node.defaultChild as CfnRole);

const statementsOf = (name: CoreFunctionName): Statement[] =>
  statementsOfRole(dev.resources, roleId(dev.stack.functions[name].role as unknown as { node: { defaultChild?: unknown } }));

const isApiFunction = (name: CoreFunctionName): name is ApiFunctionName => (API_FUNCTIONS as readonly CoreFunctionName[]).includes(name);

/**
 * What a function may do with the tables: its own role's grants, or for an API function its tenant
 * data role's (city-confined, test/infra/tenant-isolation.test.ts), its own role having none.
 */
const dataStatementsOf = (name: CoreFunctionName): Statement[] =>
  isApiFunction(name) ? statementsOfRole(dev.resources, roleId(dev.stack.http.tenantRoles[name].role)) : statementsOf(name);

/** Actions granted on a resource, by its logical id; `suffix` selects e.g. the "/index/GSI1" ARN. */
const actionsOn = (statements: Statement[], id: string, suffix?: string): Set<string> =>
  new Set(
    statements
      .filter((statement) =>
        resourcesOf(statement).some(
          (resource) =>
            refersTo(resource, id) && (suffix === undefined ? !JSON.stringify(resource).includes('/index/') : JSON.stringify(resource).includes(suffix)),
        ),
      )
      .flatMap(actionsOf),
  );

const writesOn = (statements: Statement[], id: string): string[] =>
  [...actionsOn(statements, id)].filter((action) => DATA_WRITE_ACTIONS.includes(action));

const fnId = (name: CoreFunctionName): string => dev.stack.getLogicalId(dev.stack.functions[name].fn.node.defaultChild as CfnRole);

const ALL_FUNCTIONS: CoreFunctionName[] = ['api', 'apiFiles', 'booksProjector', 'positionsProjector', 'alertsReactor', 'monthEnd', 'overdueSweep', 'replay', 'seal', 'archive'];
const PROJECTORS: CoreFunctionName[] = ['booksProjector', 'positionsProjector', 'alertsReactor'];

describe('IAM: no wildcard on data actions', () => {
  it('grants "*" resources to no action except X-Ray trace uploads and object actions on the seal and archive buckets, in any policy of the stack', () => {
    const bucketObjects = [dev.stack.records.seals, dev.stack.records.archive].map((bucket) =>
      JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [dev.stack.getLogicalId(bucket.node.defaultChild as CfnRole), 'Arn'] }, '/*']] }),
    );
    const objectActions = ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention', 's3:PutObjectLegalHold'];
    const offending = Object.entries(dev.resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy')
      .flatMap(([policyId, policy]) =>
        (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.filter((statement) =>
          resourcesOf(statement).some((resource) => JSON.stringify(resource).includes('*')),
        )
          .filter((statement) => actionsOf(statement).some((action) => !action.startsWith('xray:')))
          .filter((statement) => !(resourcesOf(statement).every((resource) => bucketObjects.includes(JSON.stringify(resource))) && actionsOf(statement).every((action) => objectActions.includes(action))))
          .map((statement) => ({ policyId, statement })),
      );
    expect(offending).toEqual([]);
  });

  it('grants no wildcard action such as dynamodb:* to any role', () => {
    const wildcardActions = Object.values(dev.resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.flatMap(actionsOf))
      .filter((action) => action.includes('*') && action !== 'kms:GenerateDataKey*');
    expect(wildcardActions).toEqual([]);
  });

  it('lets no function delete from the events table: events are never deleted', () => {
    for (const name of ALL_FUNCTIONS) {
      expect([...actionsOn(dataStatementsOf(name), ids.events)], name).not.toContain('dynamodb:DeleteItem');
      expect([...actionsOn(dataStatementsOf(name), ids.events)], name).not.toContain('dynamodb:BatchWriteItem');
    }
  });

  it('names the month index by its exact ARN, never /index/*', () => {
    const indexResources = Object.values(dev.resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.flatMap(resourcesOf))
      .map((resource) => JSON.stringify(resource))
      .filter((resource) => resource.includes('/index/'));
    expect(indexResources.length).toBeGreaterThan(0);
    for (const resource of indexResources) expect(resource).toContain('"/index/GSI1"');
  });
});

describe('IAM: the API function', () => {
  it('appends to and reads the events table and queries its month index', () => {
    const statements = dataStatementsOf('api');
    expect([...actionsOn(statements, ids.events)]).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
    );
    expect([...actionsOn(statements, ids.events, '/index/GSI1')]).toEqual(['dynamodb:Query']);
  });

  it('reads the read-model table but may not write it', () => {
    const statements = dataStatementsOf('api');
    expect([...actionsOn(statements, ids.read)]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(writesOn(statements, ids.read)).toEqual([]);
  });

  it('may invoke exactly the month-end function (on-demand reconciliation) and no other', () => {
    const invoke = statementsOf('api').filter((statement) => actionsOf(statement).some((action) => action.startsWith('lambda:')));
    expect(invoke.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
    expect(invoke.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': [fnId('monthEnd'), 'Arn'] }]);
    // The scheduled jobs invoke themselves, once per city (test/infra/city-jobs.test.ts), and nothing else.
    for (const name of ALL_FUNCTIONS.filter((candidate) => !['api', 'monthEnd', 'overdueSweep', 'seal', 'archive'].includes(candidate))) {
      expect(statementsOf(name).flatMap(actionsOf), name).not.toContain('lambda:InvokeFunction');
    }
  });

  it('learns the month-end function name from MONTH_END_FUNCTION_NAME', () => {
    const api = dev.resources[fnId('api')];
    const variables = (api?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables[ENV.monthEndFunction]).toEqual({ Ref: fnId('monthEnd') });
  });
});

describe('IAM: the apiFiles function (CSV/XLSX routes)', () => {
  it('reads the events table and appends statements to it, without the month index or any delete', () => {
    const statements = dataStatementsOf('apiFiles');
    expect([...actionsOn(statements, ids.events)].sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'].sort(),
    );
    expect([...actionsOn(statements, ids.events, '/index/GSI1')]).toEqual([]);
  });

  it('reads the read-model table (month-end reports) but may not write it', () => {
    const statements = dataStatementsOf('apiFiles');
    expect([...actionsOn(statements, ids.read)]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(writesOn(statements, ids.read)).toEqual([]);
  });

  it('has no grant beyond its tenant data role (the two tables), its log group and X-Ray: no Lambda, bus, queue or bucket', () => {
    const services = new Set(statementsOf('apiFiles').flatMap(actionsOf).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['logs', 'sts', 'xray']);
    expect(new Set(dataStatementsOf('apiFiles').flatMap(actionsOf).map((action) => action.split(':')[0]))).toEqual(new Set(['dynamodb']));
  });

  it('is told neither the month-end function nor any other function', () => {
    const variables = (dev.resources[fnId('apiFiles')]?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables[ENV.monthEndFunction]).toBeUndefined();
  });
});

describe('IAM: projectors', () => {
  it.each(PROJECTORS.filter((name) => name !== 'alertsReactor'))('%s reads the events table but may not write it', (name) => {
    const statements = statementsOf(name);
    expect([...actionsOn(statements, ids.events)]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(writesOn(statements, ids.events)).toEqual([]);
  });

  it('the alerts reactor reads the events table and appends to it (indicator alert streams), never deleting', () => {
    const statements = statementsOf('alertsReactor');
    expect([...actionsOn(statements, ids.events)].sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'].sort(),
    );
    expect([...actionsOn(statements, ids.events, '/index/GSI1')]).toEqual([]);
  });

  it.each(PROJECTORS)('%s reads and writes the read-model table', (name) => {
    expect([...actionsOn(statementsOf(name), ids.read)]).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
    );
  });

  it.each(PROJECTORS)('%s consumes only its own queue', (name) => {
    const consumer = Object.values(dev.stack.flow.consumers).find((candidate) => candidate.route.function === name);
    expect(consumer).toBeDefined();
    const ownQueue = dev.stack.getLogicalId(consumer!.queue.node.defaultChild as CfnRole);
    const sqsResources = statementsOf(name)
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:')))
      .flatMap(resourcesOf);
    expect(sqsResources).toEqual([{ 'Fn::GetAtt': [ownQueue, 'Arn'] }]);
  });
});

describe('IAM: jobs', () => {
  it('month-end reads the events table and its month index, appends to it, and reads/writes read models', () => {
    const statements = statementsOf('monthEnd');
    expect([...actionsOn(statements, ids.events)]).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect([...actionsOn(statements, ids.events, '/index/GSI1')]).toEqual(['dynamodb:Query']);
    expect([...actionsOn(statements, ids.read)]).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
  });

  it('replay reads events and puts them on the bus, and nothing else', () => {
    const statements = statementsOf('replay');
    expect(writesOn(statements, ids.events)).toEqual([]);
    expect(actionsOn(statements, ids.read).size).toBe(0);
    expect([...actionsOn(statements, ids.bus)]).toEqual(['events:PutEvents']);
    const otherActions = statements
      .flatMap(actionsOf)
      .filter((action) => !action.startsWith('dynamodb:') && !action.startsWith('logs:') && !action.startsWith('xray:'));
    expect(otherActions).toEqual(['events:PutEvents']);
  });

  it('the overdue sweep appends events but may not write read models', () => {
    const statements = statementsOf('overdueSweep');
    expect([...actionsOn(statements, ids.events)]).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(writesOn(statements, ids.read)).toEqual([]);
  });

  it('only the replay job may put events on the bus', () => {
    for (const name of ALL_FUNCTIONS.filter((candidate) => candidate !== 'replay')) {
      expect(statementsOf(name).flatMap(actionsOf), name).not.toContain('events:PutEvents');
    }
  });

  it('each function writes logs only to its own log group', () => {
    for (const name of ALL_FUNCTIONS) {
      const logGroup = dev.stack.getLogicalId(dev.stack.functions[name].logGroup.node.defaultChild as CfnRole);
      const logResources = statementsOf(name)
        // Allows only: the API functions' explicit Deny on the audit log (test/infra/audit-log.test.ts) names more groups.
        .filter((statement) => statement.Effect === 'Allow' && actionsOf(statement).some((action) => action.startsWith('logs:')))
        .flatMap(resourcesOf);
      expect(logResources, name).toEqual([{ 'Fn::GetAtt': [logGroup, 'Arn'] }]);
    }
  });
});

describe('IAM: service roles', () => {
  it('the Pipe role names only the events stream, the bus and the Pipe DLQ', () => {
    const pipeRole = dev.resources[dev.stack.getLogicalId(pipeOf(dev.stack))]?.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] };
    const statements = statementsOfRole(dev.resources, pipeRole['Fn::GetAtt'][0]);
    expect(statements.flatMap(resourcesOf)).toEqual([
      { 'Fn::GetAtt': [ids.events, 'StreamArn'] },
      { 'Fn::GetAtt': [ids.bus, 'Arn'] },
      { 'Fn::GetAtt': [ids.pipeDlq, 'Arn'] },
    ]);
    expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:GetItem');
  });

  it('the scheduler role may invoke only the scheduled jobs: month end, overdue sweep, seal and archive', () => {
    const schedule = dev.resources[dev.stack.getLogicalId(schedulerSchedulesOf(dev.stack).monthEnd)];
    const roleArn = (schedule?.Properties?.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn;
    const statements = statementsOfRole(dev.resources, roleArn['Fn::GetAtt'][0]);
    const invoke = statements.filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'));
    const byId = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(invoke.flatMap(resourcesOf).sort(byId)).toEqual(
      (['monthEnd', 'overdueSweep', 'seal', 'archive'] as const).map((name) => ({ 'Fn::GetAtt': [fnId(name), 'Arn'] })).sort(byId),
    );
    expect(statements.flatMap(actionsOf).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    expect(statements.find((statement) => actionsOf(statement).includes('sqs:SendMessage'))?.Resource).toEqual({
      'Fn::GetAtt': [ids.schedulerDlq, 'Arn'],
    });
  });
});
