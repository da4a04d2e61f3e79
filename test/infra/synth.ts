// Builds the app for a stage and gives the template plus helpers to read it. Bundling is off
// (context `aws:cdk:bundling-stacks` = []) except where a test asks for it, so a synth takes
// seconds instead of bundling seven functions.
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { buildFundLedgerApp } from '../../infra/stacks/fund-ledger-app';
import type { FundLedgerStack } from '../../infra/stacks/fund-ledger-stack';
import type { StageName } from '../../infra/stacks/stage';

/** A synth takes a few seconds alone, far longer on a machine shared with other test runs. */
export const SYNTH_TIMEOUT_MS = 120_000;

export interface Synthesized {
  stack: FundLedgerStack;
  template: Template;
  annotations: Annotations;
  resources: Record<string, CfnResource>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export const synth = (stage: StageName, options: { bundling?: boolean; nag?: boolean; context?: Record<string, unknown> } = {}): Synthesized => {
  const context: Record<string, unknown> = { stage, ...options.context };
  if (options.bundling !== true) context['aws:cdk:bundling-stacks'] = [];
  const { stack } = buildFundLedgerApp({ context, nag: options.nag ?? true });
  const template = Template.fromStack(stack);
  const annotations = Annotations.fromStack(stack);
  const resources = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources;
  return { stack, template, annotations, resources };
};

export const ofType = (resources: Record<string, CfnResource>, type: string): [string, CfnResource][] =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement attached to a role (inline policies of any AWS::IAM::Policy naming it). */
export const statementsOfRole = (resources: Record<string, CfnResource>, roleLogicalId: string): Statement[] =>
  ofType(resources, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** True when a (CloudFormation-intrinsic) resource value refers to the given logical id. */
export const refersTo = (resource: unknown, id: string): boolean => JSON.stringify(resource).includes(`"${id}"`);
