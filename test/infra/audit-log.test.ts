// The API's audit log in the cloud (issue 23 §3; 网络安全法 Article 21; GB/T 22239-2019 8.1.4.3 c
// 应对审计记录进行保护…避免受到未预期的删除、修改或覆盖): the groups that hold it are kept at least
// 180 days in every stage, encrypted with the logs key, and the functions that write them can
// neither delete them nor shorten their retention.
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_FUNCTIONS } from '../../functions/shared/functions';
import { AUDIT_LOG_DENIED_ACTIONS } from '../../infra/constructs/audit-log';
import type { StageName } from '../../infra/stacks/stage';
import { actionsOf, refersTo, resourcesOf, SYNTH_TIMEOUT_MS, statementsOfRole, synth, type Synthesized } from './synth';

const stages: Partial<Record<StageName, Synthesized>> = {};
beforeAll(() => {
  stages.dev = synth('dev', { nag: false });
  stages.prod = synth('prod', { nag: false });
}, 2 * SYNTH_TIMEOUT_MS);

const synthOf = (stage: StageName): Synthesized => {
  const synthesized = stages[stage];
  if (synthesized === undefined) throw new Error(`${stage} not synthesised`);
  return synthesized;
};
const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }): string => s.stack.getLogicalId(construct.node.defaultChild as CfnRole);
const auditGroupIds = (s: Synthesized): string[] => s.stack.http.auditLog.groups.map((group) => idOf(s, group as unknown as { node: { defaultChild?: unknown } }));
const writerRoleIds = (s: Synthesized): string[] => API_FUNCTIONS.map((name) => idOf(s, s.stack.functions[name].role as unknown as { node: { defaultChild?: unknown } }));

/** Does an IAM action pattern (logs:Delete*, logs:*, *) cover `action`? */
const covers = (pattern: string, action: string): boolean => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

describe.each(['dev', 'prod'] as const)('the API audit log (%s)', (stage) => {
  it('is held by the log groups of both API functions and the access log, each kept at least 180 days and encrypted with the logs key', () => {
    const s = synthOf(stage);
    const ids = auditGroupIds(s);
    expect(ids).toContain(idOf(s, s.stack.http.accessLogs as unknown as { node: { defaultChild?: unknown } }));
    for (const name of API_FUNCTIONS) expect(ids).toContain(idOf(s, s.stack.functions[name].logGroup as unknown as { node: { defaultChild?: unknown } }));
    const keyId = idOf(s, s.stack.logKey as unknown as { node: { defaultChild?: unknown } });
    for (const id of ids) {
      const group = s.resources[id];
      expect(group?.Type).toBe('AWS::Logs::LogGroup');
      expect(group?.Properties?.RetentionInDays as number).toBeGreaterThanOrEqual(180);
      expect(refersTo(group?.Properties?.KmsKeyId, keyId)).toBe(true);
    }
    // prod keeps its longer stage retention (a year); dev is raised from a week to six months.
    expect(s.resources[ids[0] ?? '']?.Properties?.RetentionInDays).toBe(stage === 'prod' ? 365 : 180);
  });

  it('cannot be deleted, nor its retention or key changed, by the functions that write it: no Allow, and an explicit Deny', () => {
    const s = synthOf(stage);
    const groups = auditGroupIds(s);
    for (const roleId of writerRoleIds(s)) {
      const statements = statementsOfRole(s.resources, roleId);
      const allowed = statements.filter((st) => st.Effect === 'Allow').flatMap(actionsOf);
      for (const action of AUDIT_LOG_DENIED_ACTIONS) expect(allowed.filter((pattern) => covers(pattern, action)), `${roleId} may ${action}`).toEqual([]);
      const denials = statements.filter((st) => st.Effect === 'Deny');
      for (const groupId of groups) {
        const denied = denials.filter((st) => resourcesOf(st).some((resource) => refersTo(resource, groupId))).flatMap(actionsOf);
        expect(new Set(denied), `${roleId} on ${groupId}`).toEqual(new Set(AUDIT_LOG_DENIED_ACTIONS));
      }
      // Writing stays possible: streams and events on its own group only.
      expect(allowed).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']));
    }
  });

  it('has API Gateway log who, what, when, from where and the outcome of every request, the refused ones included', () => {
    const s = synthOf(stage);
    const stages = Object.values(s.resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    const format = JSON.parse((stages[0]?.Properties?.AccessLogSettings as { Format: string }).Format) as Record<string, string>;
    expect(format).toMatchObject({
      sub: '$context.authorizer.claims.sub',
      httpMethod: '$context.httpMethod',
      routeKey: '$context.routeKey',
      path: '$context.path',
      requestTime: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      userAgent: '$context.identity.userAgent',
      status: '$context.status',
      authorizerError: '$context.authorizer.error',
    });
  });
});
