// Sends a demo plan through the HTTP API: set-up first, then the lanes in parallel, then a bank
// statement per fund and month, and month end for every month (closing each clean month but the
// last). Every request carries its plan's idempotency key, so a second run changes nothing.
import { type PostOutcome, type PreparedRequest, postOne, postRequests } from '../../client/post-requests';
import { formatYuan } from '../../events/money';
import type { CashMovement, DemoOp, OpKind } from './demo-op';
import { FUND_IDS, type DemoPlan } from './plan';
import { createRandom } from './random';
import { buildStatements, statementRequest } from './statements';

export interface DemoTokens {
  bureau: string;
  manager: string;
}

export type DemoPhase = 'set-up' | 'year' | 'statements' | 'projections' | 'month end';

export interface DemoRunOptions {
  baseUrl: string;
  tokens: DemoTokens;
  plan: DemoPlan;
  onProgress?: (phase: DemoPhase, done: number, total: number) => void;
  /** Bound on waiting for the read models to show every posting (default 180 s). */
  projectionTimeoutMs?: number;
}

export interface KindTally {
  accepted: number;
  held: number;
  refused: number;
  amount: bigint;
}

export interface MonthOutcome {
  month: string;
  clean: string[];
  unclean: { fundId: string; discrepancies: number }[];
  closed: string[];
}

export interface DemoResult {
  tallies: Map<OpKind, KindTally>;
  refusals: { kind: OpKind; path: string; status: number; reason: string }[];
  accepted: { op: DemoOp; answer: Record<string, unknown> }[];
  movements: CashMovement[];
  statements: { recorded: number; refused: { path: string; reason: string }[] };
  months: MonthOutcome[];
  cash: Map<string, bigint>;
  elapsedMs: number;
}

const asObject = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

const getJson = async (baseUrl: string, token: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: asObject(await response.json().catch(() => ({}))) };
};

/** The fund's balances as the read model shows them, and its cash (1001). */
const booksOf = async (baseUrl: string, token: string, fundId: string): Promise<{ snapshot: string; cash: string }> => {
  const { body } = await getJson(baseUrl, token, `/v1/funds/${fundId}/balances`);
  const accounts = Array.isArray(body.accounts) ? (body.accounts as Record<string, unknown>[]) : [];
  return { snapshot: JSON.stringify(accounts), cash: String(accounts.find((a) => a.code === '1001')?.balance ?? '0.00') };
};

/**
 * Month end compares the read model with a replay of the store, so it must wait until the event
 * flow has projected every posting: each fund's cash must equal the movements' sum and its
 * balances must read the same twice in a row (memo accounts move on other streams). Bounded.
 */
const awaitProjections = async (options: DemoRunOptions, expected: ReadonlyMap<string, bigint>): Promise<void> => {
  const { baseUrl, tokens } = options;
  const deadline = Date.now() + (options.projectionTimeoutMs ?? 180_000);
  for (const fundId of FUND_IDS) {
    const want = formatYuan(expected.get(fundId) ?? 0n);
    let previous = '';
    for (;;) {
      const books = await booksOf(baseUrl, tokens.bureau, fundId);
      if (books.cash === want && books.snapshot === previous) break;
      if (Date.now() > deadline) throw new Error(`the books of ${fundId} did not show cash ${want} in time (they show ${books.cash})`);
      previous = books.snapshot;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }
};

export const runDemo = async (options: DemoRunOptions): Promise<DemoResult> => {
  const started = performance.now();
  const { baseUrl, tokens, plan } = options;
  const seed = plan.options.seed;
  const opOf = new Map<PreparedRequest, DemoOp>();
  for (const op of [plan.setup, ...plan.lanes].flat()) opOf.set(op.request, op);
  const token = (request: PreparedRequest): string => (opOf.get(request)?.role === 'fund-manager' ? tokens.manager : tokens.bureau);
  const total = opOf.size;
  let done = 0;
  const tallies = new Map<OpKind, KindTally>();
  const result: DemoResult = { tallies, refusals: [], accepted: [], movements: [], statements: { recorded: 0, refused: [] }, months: [], cash: new Map(), elapsedMs: 0 };

  const settle = (op: DemoOp, outcome: PostOutcome): void => {
    const tally = tallies.get(op.kind) ?? { accepted: 0, held: 0, refused: 0, amount: 0n };
    tallies.set(op.kind, tally);
    if (!outcome.accepted) {
      tally.refused++;
      result.refusals.push({ kind: op.kind, path: op.request.path, status: outcome.status, reason: outcome.reason ?? '' });
      return;
    }
    // 202 = held for a second person's approval: nothing moved yet.
    if (outcome.status === 202) {
      tally.held++;
      return;
    }
    tally.accepted++;
    tally.amount += op.amount;
    const answer = asObject(outcome.body);
    result.accepted.push({ op, answer });
    if (op.cash !== undefined) result.movements.push(op.cash(answer));
  };

  for (const op of plan.setup) {
    const outcome = await postOne(op.request, { baseUrl, token });
    // Funds made by another seed's run would mix two years in one set of books.
    if (!outcome.accepted && op.kind === 'fund') {
      throw new Error(`cannot create fund ${op.fundId}: ${outcome.reason ?? outcome.status} — a run with another seed used this data directory; start the stack on a fresh DATA_DIR or re-run with that seed`);
    }
    settle(op, outcome);
    options.onProgress?.('set-up', ++done, total);
  }
  await Promise.all(
    plan.lanes.map(async (lane) => {
      const outcomes = await postRequests(
        lane.map((op) => op.request),
        { baseUrl, token, concurrency: 1, onProgress: () => options.onProgress?.('year', ++done, total) },
      );
      lane.forEach((op, i) => settle(op, outcomes[i] as PostOutcome));
    }),
  );

  for (const fundId of FUND_IDS) result.cash.set(fundId, result.movements.filter((m) => m.fundId === fundId).reduce((s, m) => s + m.amount, 0n));
  const statements = buildStatements(plan.period, result.movements, createRandom(seed * 7 + 5));
  let recorded = 0;
  const outcomes = await postRequests(
    statements.map((s) => statementRequest(seed, s)),
    { baseUrl, token: tokens.bureau, concurrency: 3, onProgress: () => options.onProgress?.('statements', ++recorded, statements.length) },
  );
  outcomes.forEach((o, i) => {
    if (o.accepted) result.statements.recorded++;
    else result.statements.refused.push({ path: `${statements[i]?.fundId ?? ''} ${statements[i]?.month ?? ''}`, reason: o.reason ?? '' });
  });

  options.onProgress?.('projections', 0, 1);
  await awaitProjections(options, result.cash);

  const months = plan.period.months;
  for (const [i, month] of months.entries()) {
    const run = await postOne({ method: 'POST', path: '/v1/reconciliations', body: { month }, idempotencyKey: `demo-${seed}-recon-${month}` }, { baseUrl, token: tokens.bureau });
    const funds = (asObject(asObject(run.body).summary).funds ?? []) as { fundId: string; clean: boolean; discrepancyCount: number }[];
    const ours = funds.filter((f) => FUND_IDS.includes(f.fundId));
    const outcome: MonthOutcome = { month, clean: ours.filter((f) => f.clean).map((f) => f.fundId), unclean: ours.filter((f) => !f.clean).map((f) => ({ fundId: f.fundId, discrepancies: f.discrepancyCount })), closed: [] };
    // The year's last month stays open (year-end adjustments); an unclean month stays open to be fixed.
    if (i < months.length - 1 && outcome.clean.length > 0) {
      const close = await postOne({ method: 'POST', path: `/v1/periods/${month}/close`, body: { fundIds: outcome.clean }, idempotencyKey: `demo-${seed}-close-${month}` }, { baseUrl, token: tokens.bureau });
      if (close.accepted) outcome.closed = outcome.clean;
    }
    result.months.push(outcome);
    options.onProgress?.('month end', i + 1, months.length);
  }
  result.elapsedMs = performance.now() - started;
  return result;
};
