// Application services: every command the API and the jobs can run, over one pipeline.
import type { RetryOptions } from '../store/append-with-retry';
import type { EventStore } from '../store/event-store';
import { createAlertCommands } from './alert-commands';
import { createBridgeLoanCommands } from './bridge-loan-commands';
import { createCommitmentCommands } from './commitment-commands';
import { createBankBookCommands, POST_ADJUSTMENT, postAdjustmentHeld, RETURN_CAPITAL, returnCapitalHeld } from './bank-book-commands';
import { createCorrectionCommands, REVERSE_ENTRY, reverseEntryHeld } from './correction-commands';
import { createFundCommands } from './fund-commands';
import { createMatchCommands } from './match-commands';
import { COMPENSATE_DEFAULT, compensateDefaultHeld, createGuaranteeCommands } from './guarantee-commands';
import { createApprovalCommands } from './maker-checker';
import { createSubsidyCommands, GRANT_SUBSIDY, grantSubsidyHeld } from './subsidy-commands';
import { createPipeline, type PipelineOptions } from './pipeline';
import { ADOPT_POLICY, adoptPolicyHeld, createPolicyCommands } from './policy-commands';
import { shanghaiToday } from '../../domain/dates';
import { CLOSE_YEAR, closeYearHeld, createYearCommands } from './year-commands';

export const createCommands = (store: EventStore, retry: RetryOptions = {}, today: () => string = () => shanghaiToday(), options: Pick<PipelineOptions, 'decideFromMemory'> = {}) => {
  const pipeline = createPipeline(store, { retry, today, ...options });
  const policyDeps = { store, today };
  return {
    pipeline,
    ...createFundCommands(pipeline),
    ...createGuaranteeCommands(pipeline),
    ...createBridgeLoanCommands(pipeline),
    ...createCommitmentCommands(pipeline),
    ...createAlertCommands(pipeline),
    ...createSubsidyCommands(pipeline),
    ...createBankBookCommands(pipeline),
    ...createMatchCommands(pipeline, store),
    ...createCorrectionCommands(pipeline, store),
    ...createYearCommands(store, pipeline),
    ...createPolicyCommands(pipeline, policyDeps),
    // Every command a second person may have to approve, by the name its held data carries.
    ...createApprovalCommands(pipeline, {
      [GRANT_SUBSIDY]: grantSubsidyHeld,
      [COMPENSATE_DEFAULT]: compensateDefaultHeld,
      [CLOSE_YEAR]: closeYearHeld(store, pipeline),
      [RETURN_CAPITAL]: returnCapitalHeld,
      [POST_ADJUSTMENT]: postAdjustmentHeld,
      [ADOPT_POLICY]: adoptPolicyHeld(policyDeps),
      [REVERSE_ENTRY]: reverseEntryHeld(store),
    }),
  };
};

export type Commands = ReturnType<typeof createCommands>;
export type { CommandContext, CommandResult } from './pipeline';
