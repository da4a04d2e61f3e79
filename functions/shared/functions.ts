// Every Lambda entry point, named once for the CDK stack and the local stack.
// Paths are relative to the repository root; each file exports `handler`.

export const FUNCTIONS = {
  api: { entry: 'functions/api/handler.ts', description: 'HTTP API: commands and queries' },
  apiFiles: { entry: 'functions/api/files-handler.ts', description: 'HTTP API: bank statements and registers as files, reports and templates as CSV/XLSX' },
  booksProjector: { entry: 'functions/projectors/books-handler.ts', description: 'Journal lines and balances per fund' },
  positionsProjector: { entry: 'functions/projectors/positions-handler.ts', description: 'Guarantees, bridge loans, commitments' },
  alertsReactor: { entry: 'functions/projectors/alerts-handler.ts', description: 'Plan indicators crossing thresholds' },
  monthEnd: { entry: 'functions/jobs/month-end-handler.ts', description: 'Month-end reconciliation of every fund' },
  overdueSweep: { entry: 'functions/jobs/overdue-sweep-handler.ts', description: 'Marks bridge loans past due as overdue' },
  replay: { entry: 'functions/jobs/replay-handler.ts', description: 'Re-publishes stored events to the bus' },
  seal: { entry: 'functions/jobs/seal-handler.ts', description: 'Daily seal of every stream head (Merkle root) and seal verification' },
  archive: { entry: 'functions/jobs/archive-handler.ts', description: 'Monthly archive export for legal retention' },
  /** Deployed only where EventBridge Pipes is not offered (the AWS China regions): the Pipe's job as a function. */
  outboxForwarder: { entry: 'functions/outbox/forward-handler.ts', description: 'Publishes every stored event from the events table stream to the bus (instead of a Pipe)' },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

/**
 * Functions that stand in for a managed service where the region lacks it
 * (infra/stacks/region-capabilities.ts): deployed only there. Every other function is in every stack.
 */
export const STAND_IN_FUNCTIONS = ['outboxForwarder'] as const satisfies readonly FunctionName[];
export type StandInFunctionName = (typeof STAND_IN_FUNCTIONS)[number];
export type CoreFunctionName = Exclude<FunctionName, StandInFunctionName>;
export const CORE_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (name): name is CoreFunctionName => !(STAND_IN_FUNCTIONS as readonly FunctionName[]).includes(name),
);

/**
 * The functions behind the HTTP API, the main one first. A route names the one serving it (`fn`
 * in functions/api/route.ts, default the main one); the stack routes its method and path there, so
 * each function bundles only its own routes' code (docs/deploy.md, "The API split").
 */
export const API_FUNCTIONS = ['api', 'apiFiles'] as const satisfies readonly FunctionName[];
export type ApiFunctionName = (typeof API_FUNCTIONS)[number];
export const MAIN_API_FUNCTION = 'api' satisfies ApiFunctionName;
