// Builds the CDK app for a stage. infra/app.ts synthesizes it; the infra tests build it the
// same way (with bundling switched off through context, except in the one bundling test).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as z from 'zod';
import { REPO_ROOT } from '../constructs/ledger-function';
import { FundLedgerStack } from './fund-ledger-stack';
import { stageConfig, type StageConfig } from './stage';

export interface FundLedgerAppOptions {
  /** Extra context, e.g. { stage: 'prod', 'aws:cdk:bundling-stacks': [] }. */
  context?: Record<string, unknown>;
  /** Run cdk-nag's AwsSolutions checks as an aspect (errors fail the synth). */
  nag?: boolean;
}

export const stackName = (stage: StageConfig): string => `FundLedger-${stage.name}`;

/**
 * Feature flags and defaults from cdk.json. The CLI passes them to the app itself; reading them
 * here too makes an app built in a test behave exactly like `npx cdk synth`.
 */
const cdkJsonContext = (): Record<string, unknown> => {
  const cdkJson = z.object({ context: z.record(z.string(), z.unknown()).default({}) });
  return cdkJson.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'))).context;
};

export const buildFundLedgerApp = (options: FundLedgerAppOptions = {}): { app: App; stack: FundLedgerStack; stage: StageConfig } => {
  const app = new App({ context: { ...cdkJsonContext(), ...options.context } });
  const stage = stageConfig(app.node.tryGetContext('stage'));
  // Env-agnostic: no account or region lookups, so synth works offline without credentials.
  const stack = new FundLedgerStack(app, stackName(stage), {
    stage,
    description: `Fund ledger (${stage.name}): event store, event flow, HTTP API, jobs, operations`,
    tags: { project: 'fund-ledger', stage: stage.name },
  });
  if (options.nag ?? true) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stack, stage };
};
