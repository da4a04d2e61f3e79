// Sends a demo year through the HTTP API: the year's policy version (approved by a second person),
// set-up, the year's business (scripts/demo/send.ts: by date, chains in order, funds side by side),
// a bank statement per fund and month, and month end for every month (closing each clean month but
// the last, unless another year follows: then every month and the year are closed). Every request
// carries its plan's idempotency key, so a second run changes nothing.
import { type PostOutcome, type PreparedRequest, postOne, postRequests } from '../../client/post-requests';
import { formatYuan } from '../../events/money';
import { eachConcurrently } from '../../functions/seal/each-concurrently';
import type { CashMovement, DemoOp, OpKind } from './demo-op';
import { FUND_IDS, type DemoPlan } from './plan';
import { createRandom } from './random';
import { sendInOrder } from './send';
import { buildStatements, discrepancyOf, statementRequest } from './statements';

export interface DemoTokens {
  bureau: string;
  manager: string;
  /** A second finance-bureau user: approves what the API holds for a second person (never the maker). */
  checker: string;
}

export type DemoPhase = 'policy' | 'set-up' | 'year' | 'statements' | 'projections' | 'month end' | 'year end';

export interface DemoRunOptions {
  baseUrl: string;
  tokens: DemoTokens;
  plan: DemoPlan;
  /** Requests in flight at once (default 6). */
  concurrency?: number;
  /** Requests of one fund in flight at once (default 2). */
  perFund?: number;
  onProgress?: (phase: DemoPhase, done: number, total: number) => void;
  /** Bound on waiting for the read models to show every posting (default 180 s). */
  projectionTimeoutMs?: number;
  /** Each fund's cash when the year starts (a later demo year starts where the one before ended). */
  openingCash?: ReadonlyMap<string, bigint>;
}

export interface KindTally {
  accepted: number;
  /** Held for a second person (202): approved, rejected, or still pending. */
  held: number;
  rejected: number;
  pending: number;
  refused: number;
  amount: bigint;
}

export interface MonthOutcome {
  month: string;
  clean: string[];
  unclean: { fundId: string; discrepancies: number }[];
  closed: string[];
  /** Bank lines matched by hand (人工勾对) before the month could close (only when the year is closed). */
  matched?: { fundId: string; lineRefs: string[] };
}

export interface DemoResult {
  year: number;
  tallies: Map<OpKind, KindTally>;
  refusals: { kind: OpKind; path: string; status: number; reason: string }[];
  accepted: { op: DemoOp; answer: Record<string, unknown> }[];
  movements: CashMovement[];
  statements: { recorded: number; refused: { path: string; reason: string }[] };
  months: MonthOutcome[];
  /** The year close, when another year followed: each fund's closing voucher approved. */
  yearClose?: { funds: string[]; refused?: string };
  policy: { policyId: string; status: string };
  /** Each fund's cash at the end of the year, as the API's answers add up. */
  cash: Map<string, bigint>;
  /** Requests sent in the year (each command and each decision on a held one). */
  requests: number;
  elapsedMs: number;
  /** Wall time of each phase, in the order run (the summary prints them; docs/demo.md quotes them). */
  phaseMs: [DemoPhase, number][];
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
  await Promise.all(
    FUND_IDS.map(async (fundId) => {
      const want = formatYuan(expected.get(fundId) ?? 0n);
      let previous = '';
      for (;;) {
        const books = await booksOf(baseUrl, tokens.bureau, fundId);
        if (books.cash === want && books.snapshot === previous) return;
        if (Date.now() > deadline) throw new Error(`the books of ${fundId} did not show cash ${want} in time (they show ${books.cash})`);
        previous = books.snapshot;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }),
  );
};

/** A held request's approvalId, when the answer is 202 pending-approval. */
const approvalIdOf = (outcome: PostOutcome): string | undefined => {
  const id = asObject(outcome.body).approvalId;
  return outcome.status === 202 && typeof id === 'string' ? id : undefined;
};

/** The second person's decision on a held request: same idempotency key family, the checker's token. */
const decide = (baseUrl: string, token: string, approvalId: string, key: string, action: 'approve' | 'reject', note: string): Promise<PostOutcome> =>
  postOne({ method: 'POST', path: `/v1/approvals/${approvalId}/${action}`, body: { note }, idempotencyKey: `${key}-${action}` }, { baseUrl, token });

export const runDemo = async (options: DemoRunOptions): Promise<DemoResult> => {
  const started = performance.now();
  const { baseUrl, tokens, plan } = options;
  const seed = plan.options.seed;
  const ops = [...plan.setup, ...plan.ops];
  const indexOf = new Map(ops.map((op, i) => [op, i]));
  const token = (op: DemoOp): string => (op.role === 'fund-manager' ? tokens.manager : tokens.bureau);
  let done = 0;
  const tallies = new Map<OpKind, KindTally>();
  const result: DemoResult = {
    year: plan.period.year,
    tallies,
    refusals: [],
    accepted: [],
    movements: [],
    statements: { recorded: 0, refused: [] },
    months: [],
    policy: { policyId: '', status: '' },
    cash: new Map(),
    requests: 0,
    elapsedMs: 0,
    phaseMs: [],
  };
  let phaseStarted = started;
  const phaseDone = (phase: DemoPhase): void => {
    const now = performance.now();
    result.phaseMs.push([phase, now - phaseStarted]);
    phaseStarted = now;
  };
  const post = async (request: PreparedRequest, bearer: string): Promise<PostOutcome> => {
    result.requests++;
    return postOne(request, { baseUrl, token: bearer });
  };
  const refused = (kind: OpKind, path: string, outcome: PostOutcome): void => {
    result.refusals.push({ kind, path, status: outcome.status, reason: outcome.reason ?? '' });
  };

  // The year's policy version: proposed by the bureau, adopted on a second person's approval.
  const proposal = await post(plan.policy, tokens.bureau);
  const policyId = String(asObject(plan.policy.body).policyId);
  const proposalId = approvalIdOf(proposal);
  if (proposalId === undefined) {
    result.policy = { policyId, status: `refused: ${proposal.reason ?? proposal.status}` };
  } else {
    result.requests++;
    const adopted = await decide(baseUrl, tokens.checker, proposalId, plan.policy.idempotencyKey, 'approve', '同意，按计划执行');
    result.policy = { policyId, status: adopted.accepted ? String(asObject(asObject(adopted.body).result).status ?? 'adopted') : `not adopted: ${adopted.reason ?? adopted.status}` };
  }
  phaseDone('policy');

  /** Sends one op (and the second person's decision when the API holds it); true when its cash moved. */
  const send = async (op: DemoOp): Promise<boolean> => {
    const tally = tallies.get(op.kind) ?? { accepted: 0, held: 0, rejected: 0, pending: 0, refused: 0, amount: 0n };
    tallies.set(op.kind, tally);
    let outcome = await post(op.request, token(op));
    const approvalId = approvalIdOf(outcome);
    if (approvalId !== undefined) {
      tally.held++;
      if (op.decision === undefined) {
        tally.pending++;
        return false;
      }
      result.requests++;
      const decided = await decide(baseUrl, tokens.checker, approvalId, op.request.idempotencyKey, op.decision.action, op.decision.note);
      if (!decided.accepted) {
        tally.refused++;
        refused(op.kind, `${op.request.path} (${op.decision.action})`, decided);
        return false;
      }
      if (op.decision.action === 'reject') {
        tally.rejected++;
        return false;
      }
      // The approval's answer carries the command's own answer as `result`.
      outcome = { ...decided, body: asObject(decided.body).result };
    }
    if (!outcome.accepted) {
      tally.refused++;
      refused(op.kind, op.request.path, outcome);
      return false;
    }
    tally.accepted++;
    tally.amount += op.amount;
    const answer = asObject(outcome.body);
    result.accepted.push({ op, answer });
    if (op.cash !== undefined) moved.push([indexOf.get(op) ?? 0, op.cash(answer)]);
    return true;
  };
  const moved: [number, CashMovement][] = [];
  const sendCounted = (op: DemoOp): Promise<boolean> => send(op).finally(() => options.onProgress?.('year', ++done, ops.length));

  const openingCash = options.openingCash ?? new Map<string, bigint>();
  // What the sender may count on before the year's first op: the cash the year opens with and set-up's capital.
  const cashBefore = new Map(openingCash);
  for (const op of plan.setup) {
    const accepted = await sendCounted(op);
    // Funds made by another seed's run would mix two years in one set of books.
    if (!accepted && op.kind === 'fund') {
      throw new Error(`cannot create fund ${op.fundId}: ${result.refusals.at(-1)?.reason ?? ''} — a run with another seed used this data directory; start the stack on a fresh DATA_DIR or re-run with that seed`);
    }
    if (accepted) cashBefore.set(op.fundId, (cashBefore.get(op.fundId) ?? 0n) + op.plannedCash);
  }
  phaseDone('set-up');
  await sendInOrder(plan.ops, { concurrency: options.concurrency ?? 6, perFund: options.perFund ?? 2, cash: cashBefore, send: sendCounted });
  phaseDone('year');

  // Statements from the movements in plan order, whatever order the answers came in: the same bytes every run.
  result.movements = moved.sort((a, b) => a[0] - b[0]).map(([, m]) => m);
  for (const fundId of FUND_IDS) result.cash.set(fundId, result.movements.filter((m) => m.fundId === fundId).reduce((s, m) => s + m.amount, openingCash.get(fundId) ?? 0n));
  const statements = buildStatements(plan.period, result.movements, createRandom(seed * 7 + 5 + 100 * (plan.period.year - plan.options.year)), openingCash);
  let recorded = 0;
  const outcomes = await postRequests(
    statements.map((s) => statementRequest(seed, s)),
    { baseUrl, token: tokens.bureau, concurrency: FUND_IDS.length, onProgress: () => options.onProgress?.('statements', ++recorded, statements.length) },
  );
  result.requests += statements.length;
  outcomes.forEach((o, i) => {
    if (o.accepted) result.statements.recorded++;
    else result.statements.refused.push({ path: `${statements[i]?.fundId ?? ''} ${statements[i]?.month ?? ''}`, reason: o.reason ?? '' });
  });
  phaseDone('statements');

  options.onProgress?.('projections', 0, 1);
  await awaitProjections(options, result.cash);
  phaseDone('projections');

  await monthEnd(options, result, post);
  phaseDone('month end');
  if (plan.closeYear) {
    await closeYear(options, result, post);
    phaseDone('year end');
  }
  result.elapsedMs = performance.now() - started;
  return result;
};

type Post = (request: PreparedRequest, bearer: string) => Promise<PostOutcome>;

/**
 * Month ends run side by side: each month's replay reads the store from January, so one at a time
 * they left a core idle for the whole phase; at three they share both.
 */
const MONTH_END_LANES = 3;

/**
 * Reconciles every month and closes the clean ones (all of them when the year is to be closed),
 * MONTH_END_LANES months at a time, each closed after its own reconciliation: a month's run reads
 * nothing another month's run writes (the period streams are per month), so the outcomes are those
 * of one month after another.
 */
const monthEnd = async (options: DemoRunOptions, result: DemoResult, post: Post): Promise<void> => {
  const { tokens, plan } = options;
  const seed = plan.options.seed;
  const months = plan.period.months;
  const odd = discrepancyOf(plan.period);
  const reconcile = async (month: string, key: string) => {
    const run = await post({ method: 'POST', path: '/v1/reconciliations', body: { month }, idempotencyKey: key }, tokens.bureau);
    const funds = (asObject(asObject(run.body).summary).funds ?? []) as { fundId: string; clean: boolean; discrepancyCount: number }[];
    return funds.filter((f) => FUND_IDS.includes(f.fundId));
  };
  const outcomes = new Map<string, MonthOutcome>();
  await eachConcurrently(months, MONTH_END_LANES, async (month) => {
    const outcome: MonthOutcome = { month, ...cleanness(await reconcile(month, `demo-${seed}-recon-${month}`)), closed: [] };
    // A year to be closed cannot keep November's charge and refund open: they are matched by hand
    // (人工勾对, as docs/demo.md shows a newcomer) and the month reconciled again.
    if (plan.closeYear && month === odd.month && outcome.unclean.some((u) => u.fundId === odd.fundId)) {
      outcome.matched = await matchChargeAndRefund(options, month, post);
      Object.assign(outcome, cleanness(await reconcile(month, `demo-${seed}-recon-${month}-matched`)));
    }
    // The year's last month stays open (year-end adjustments) unless the year is closed; an unclean month stays open to be fixed.
    if ((plan.closeYear || month !== months.at(-1)) && outcome.clean.length > 0) {
      const close = await post({ method: 'POST', path: `/v1/periods/${month}/close`, body: { fundIds: outcome.clean }, idempotencyKey: `demo-${seed}-close-${month}` }, tokens.bureau);
      if (close.accepted) outcome.closed = outcome.clean;
    }
    outcomes.set(month, outcome);
    options.onProgress?.('month end', outcomes.size, months.length);
  });
  result.months.push(...months.flatMap((month) => outcomes.get(month) ?? []));
};

const cleanness = (funds: { fundId: string; clean: boolean; discrepancyCount: number }[]): Pick<MonthOutcome, 'clean' | 'unclean'> => ({
  clean: funds.filter((f) => f.clean).map((f) => f.fundId),
  unclean: funds.filter((f) => !f.clean).map((f) => ({ fundId: f.fundId, discrepancies: f.discrepancyCount })),
});

/** Matches the two unmatched bank lines (the fee and its refund, −25.00 + 25.00) with no book entry. */
const matchChargeAndRefund = async (options: DemoRunOptions, month: string, post: Post): Promise<{ fundId: string; lineRefs: string[] }> => {
  const { baseUrl, tokens, plan } = options;
  const { fundId } = discrepancyOf(plan.period);
  const report = await getJson(baseUrl, tokens.bureau, `/v1/reconciliations/${month}`);
  const fund = ((report.body.funds ?? []) as Record<string, unknown>[]).find((f) => f.fundId === fundId);
  const items = (asObject(asObject(asObject(fund).bank).unmatchedStatement).items ?? []) as { lineRef: string; reference: string }[];
  const lineRefs = items.filter((l) => l.reference.startsWith('SXF-')).map((l) => l.lineRef);
  await post(
    { method: 'POST', path: `/v1/reconciliations/${month}/funds/${fundId}/matches`, body: { matchId: `sxf-${month}`, bankLines: lineRefs, bookEntries: [], note: '手续费及其退回，相互抵销' }, idempotencyKey: `demo-${plan.options.seed}-match-${month}` },
    tokens.bureau,
  );
  return { fundId, lineRefs };
};

/** Asks to close the year for the demo funds; a second person approves each fund's closing voucher. */
const closeYear = async (options: DemoRunOptions, result: DemoResult, post: Post): Promise<void> => {
  const { baseUrl, tokens, plan } = options;
  const year = plan.period.year;
  const asked = await post({ method: 'POST', path: `/v1/years/${year}/close`, body: { fundIds: [...FUND_IDS], reason: `${year} 年度结账` }, idempotencyKey: `demo-${plan.options.seed}-year-${year}` }, tokens.bureau);
  const approvals = (asObject(asked.body).approvals ?? []) as { approvalId: string; fundId: string }[];
  if (!asked.accepted) {
    result.yearClose = { funds: [], refused: asked.reason ?? String(asked.status) };
    return;
  }
  const funds: string[] = [];
  for (const a of approvals) {
    result.requests++;
    const approved = await decide(baseUrl, tokens.checker, a.approvalId, `demo-${plan.options.seed}-year-${year}-${a.fundId}`, 'approve', '年度决算已审核，同意结账');
    if (approved.accepted) funds.push(a.fundId);
  }
  result.yearClose = { funds };
};

export interface YearsRunOptions extends Omit<DemoRunOptions, 'plan' | 'openingCash' | 'onProgress'> {
  onProgress?: (plan: DemoPlan, phase: DemoPhase, done: number, total: number) => void;
  /** After each year, before the next starts. */
  onYear?: (plan: DemoPlan, result: DemoResult) => void;
}

/** Runs the demo years one after the other, each from the cash the year before ended with. */
export const runYears = async (plans: readonly DemoPlan[], options: YearsRunOptions): Promise<DemoResult[]> => {
  const results: DemoResult[] = [];
  const { onProgress, onYear, ...rest } = options;
  for (const plan of plans) {
    const previous = results.at(-1);
    const result = await runDemo({
      ...rest,
      plan,
      ...(onProgress === undefined ? {} : { onProgress: (phase: DemoPhase, done: number, total: number) => onProgress(plan, phase, done, total) }),
      ...(previous === undefined ? {} : { openingCash: previous.cash }),
    });
    onYear?.(plan, result);
    results.push(result);
  }
  return results;
};

/** Whether a year refused anything (the demo then exits 1). */
export const refusedAnything = (result: DemoResult): boolean => result.refusals.length > 0 || result.statements.refused.length > 0 || result.yearClose?.refused !== undefined;
