// Application services: every command the API and the jobs can run, over one pipeline.
import type { RetryOptions } from '../store/append-with-retry';
import type { EventStore } from '../store/event-store';
import { createBridgeLoanCommands } from './bridge-loan-commands';
import { createCommitmentCommands } from './commitment-commands';
import { createFundCommands } from './fund-commands';
import { createGuaranteeCommands } from './guarantee-commands';
import { createPipeline } from './pipeline';

export const createCommands = (store: EventStore, retry: RetryOptions = {}, today?: () => string) => {
  const pipeline = createPipeline(store, { retry, ...(today === undefined ? {} : { today }) });
  return {
    pipeline,
    ...createFundCommands(pipeline),
    ...createGuaranteeCommands(pipeline),
    ...createBridgeLoanCommands(pipeline),
    ...createCommitmentCommands(pipeline),
  };
};

export type Commands = ReturnType<typeof createCommands>;
export type { CommandContext, CommandResult } from './pipeline';
