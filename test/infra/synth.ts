// Builds the app for a stage and gives the template plus helpers to read it. Bundling is off
// (context `aws:cdk:bundling-stacks` = []) except where a test asks for it, so a synth takes
// seconds instead of bundling seven functions.
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import type { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import type { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { ScheduleName } from '../../functions/shared/schedules';
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

/** The value, or a failed test naming what the stack lacks (a construct only some regions build). */
export const defined = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`the stack has no ${what}`);
  return value;
};

/** The outbox Pipe (regions with EventBridge Pipes). */
export const pipeOf = (stack: FundLedgerStack): CfnPipe => defined(stack.flow.outbox.kind === 'pipe' ? stack.flow.outbox.pipe : undefined, 'outbox Pipe');

/** The Scheduler schedules (regions with EventBridge Scheduler). */
export const schedulerSchedulesOf = (stack: FundLedgerStack): Record<ScheduleName, CfnSchedule> =>
  defined(stack.jobs.schedules.kind === 'scheduler' ? stack.jobs.schedules.schedules : undefined, 'Scheduler schedules');

/** True when a (CloudFormation-intrinsic) resource value refers to the given logical id. */
export const refersTo = (resource: unknown, id: string): boolean => JSON.stringify(resource).includes(`"${id}"`);
