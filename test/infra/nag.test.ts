// cdk-nag AwsSolutions checks (issue 7): zero unsuppressed errors or warnings in either stage,
// and every suppression carries a specific reason (and, for IAM5, the exact resource).
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type StageName } from '../../infra/stacks/stage';
import { SYNTH_TIMEOUT_MS, synth, type Synthesized } from './synth';

const synthesized: Partial<Record<StageName, Synthesized>> = {};

beforeAll(() => {
  for (const stage of STAGES) synthesized[stage] = synth(stage, { nag: true });
}, SYNTH_TIMEOUT_MS * 2);

interface Suppression {
  id: string;
  reason: string;
  applies_to?: unknown[];
}

const suppressionsOf = (s: Synthesized): { resource: string; suppression: Suppression }[] =>
  Object.entries(s.template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress?: Suppression[] } } }>)
    .flatMap(([resource, body]) => (body.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((suppression) => ({ resource, suppression })));

describe.each(STAGES)('cdk-nag AwsSolutions in %s', (stage) => {
  const get = (): Synthesized => synthesized[stage] as Synthesized;

  it('reports no unsuppressed error', () => {
    const errors = get().annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((error) => `${error.id}: ${String(error.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it('reports no unsuppressed warning', () => {
    const warnings = get().annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(warnings.map((warning) => `${warning.id}: ${String(warning.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it('gives every suppression a specific reason', () => {
    const suppressions = suppressionsOf(get());
    expect(suppressions.length).toBeGreaterThan(0);
    for (const { resource, suppression } of suppressions) {
      expect(suppression.reason.length, `${resource} ${suppression.id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('suppresses wildcard findings (IAM5) only for X-Ray and only with the exact resource in appliesTo', () => {
    const iam5 = suppressionsOf(get()).filter(({ suppression }) => suppression.id === 'AwsSolutions-IAM5');
    for (const { resource, suppression } of iam5) {
      expect(suppression.applies_to, resource).toEqual(['Resource::*']);
      const policy = get().resources[resource];
      const actions = (policy?.Properties?.PolicyDocument as { Statement: { Action: string[] }[] }).Statement.flatMap((statement) => statement.Action);
      expect(actions.every((action) => action.startsWith('xray:')), resource).toBe(true);
    }
  });

  it('suppresses no IAM4 (managed policies) at all: roles are built from named statements', () => {
    expect(suppressionsOf(get()).filter(({ suppression }) => suppression.id === 'AwsSolutions-IAM4')).toEqual([]);
  });
});

describe('cdk-nag stage differences', () => {
  it('suppresses the Cognito MFA and Plus-tier findings in dev only; prod satisfies them', () => {
    const ids = (stage: StageName): string[] => suppressionsOf(synthesized[stage] as Synthesized).map(({ suppression }) => suppression.id);
    expect(ids('dev')).toEqual(expect.arrayContaining(['AwsSolutions-COG2', 'AwsSolutions-COG8']));
    expect(ids('prod')).not.toContain('AwsSolutions-COG2');
    expect(ids('prod')).not.toContain('AwsSolutions-COG8');
  });
});
