// Builds the CDK app for a stage. infra/app.ts synthesizes it; the infra tests build it the
// same way (with bundling switched off through context, except in the one bundling test).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks, type NagPack } from 'cdk-nag';
import * as z from 'zod';
import { REPO_ROOT } from '../constructs/ledger-function';
import { FundLedgerStack } from './fund-ledger-stack';
import { regionCapabilities, type RegionCapabilities } from './region-capabilities';
import { stageConfig, type StageConfig } from './stage';

export interface FundLedgerAppOptions {
  /** Extra context, e.g. { stage: 'prod', 'aws:cdk:bundling-stacks': [] }. */
  context?: Record<string, unknown>;
  /** Run cdk-nag's packs (NAG_PACKS) as aspects (errors fail the synth). */
  nag?: boolean;
}

/**
 * The rule packs the stack is held to (issue 15): AWS Solutions, and the packs auditors of public
 * money use, NIST 800-53 rev. 5, PCI DSS 3.2.1 and Serverless. Each finding is fixed or suppressed
 * with its reason (nag-suppressions.ts, nag-strict-suppressions.ts).
 */
export const NAG_PACKS: (() => NagPack)[] = [
  () => new AwsSolutionsChecks({ verbose: true }),
  () => new NIST80053R5Checks({ verbose: true }),
  () => new PCIDSS321Checks({ verbose: true }),
  () => new ServerlessChecks({ verbose: true }),
];

export const stackName = (stage: StageConfig): string => `FundLedger-${stage.name}`;

/**
 * Feature flags and defaults from cdk.json. The CLI passes them to the app itself; reading them
 * here too makes an app built in a test behave exactly like `npx cdk synth`.
 */
const cdkJsonContext = (): Record<string, unknown> => {
  const cdkJson = z.object({ context: z.record(z.string(), z.unknown()).default({}) });
  return cdkJson.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'))).context;
};

export const buildFundLedgerApp = (
  options: FundLedgerAppOptions = {},
): { app: App; stack: FundLedgerStack; stage: StageConfig; capabilities: RegionCapabilities } => {
  const app = new App({ context: { ...cdkJsonContext(), ...options.context } });
  const stage = stageConfig(app.node.tryGetContext('stage'));
  const capabilities = regionCapabilities(app.node.tryGetContext('region'));
  // A China synth is checked against the region's CloudFormation resource schemas (CDK's built-in
  // validation, @aws/cloudformation-validate): a resource type the region lacks fails the synth
  // instead of the deployment. Not for the env-agnostic global stack, which names no region.
  if (capabilities.region !== undefined) app.node.setContext('@aws-cdk/core:validateAgainstDefaultRules', true);
  // No account or region lookups, so synth works offline without credentials. The global stack is
  // env-agnostic; a China stack names its region (never its account), so the partition (aws-cn)
  // and the domain suffix resolve at synth time (region-capabilities.ts).
  const stack = new FundLedgerStack(app, stackName(stage), {
    stage,
    capabilities,
    ...(capabilities.region === undefined ? {} : { env: { region: capabilities.region } }),
    description: `Fund ledger (${stage.name}): event store, event flow, HTTP API, jobs, operations`,
    tags: { project: 'fund-ledger', stage: stage.name },
  });
  if (options.nag ?? true) for (const pack of NAG_PACKS) Aspects.of(app).add(pack());
  return { app, stack, stage, capabilities };
};
