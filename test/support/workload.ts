// The load workload (issue 13 §1), shared by `npm run bench -- load`, the fault runs and the short
// soak test: clients over HTTP posting a mix of every command kind on several funds of each kind,
// several clients per fund, each following up on what it created (fees on its guarantees,
// repayments of its loans, calls on its commitments). Every answer is classified; every key
// answered 2xx is recorded as acknowledged for the book checks. A 409 conflict, a 503 (the store
// unreachable: waited out as its Retry-After says), a 5xx, a network error or a client timeout is
// retried with the SAME Idempotency-Key, as a careful client does.
import { randomUUID } from 'node:crypto';
import { validCreditCode } from '../integration/projectors-support';

export interface Target {
  /** Base URL of the API; a function so a restarted stack can move. */
  url: () => string;
  bureau: string;
  /** A fund manager of every workload fund. */
  manager: string;
}

export interface WorkloadOptions {
  clients: number;
  durationMs: number;
  /** Funds per kind (pool, bridge, guidance); clients share them round-robin. */
  fundsPerKind?: number;
  /** Client-side timeout per attempt (ms); a timed-out request is retried with the same key. */
  timeoutMs?: number;
  /** Attempts per command before giving up (the key stays unacknowledged). */
  attempts?: number;
  /** Prefix of fund ids, so several runs can share a store. */
  prefix?: string;
  /** Called every second with the running figures (memory sampling, fault injection). */
  onTick?: (elapsedMs: number, stats: WorkloadStats) => void | Promise<void>;
}

/** `unavailable` is a 503 (the store could not be reached); `server-error` is any other 5xx, a defect. */
export type Outcome = 'ok' | 'refused-by-rule' | 'conflict' | 'client-error' | 'unavailable' | 'server-error' | 'network' | 'timeout';

export interface WorkloadStats {
  commands: number;
  attempts: number;
  latenciesMs: number[];
  byOutcome: Record<Outcome, number>;
  byKind: Record<string, number>;
  /** Keys answered 2xx (first answer or replay). */
  acknowledged: Set<string>;
  /** When (epoch ms) and for which command kind each key was first answered 2xx, to place a lost key in time. */
  acknowledgedAt: Map<string, { at: number; kind: string }>;
  /** Keys never answered 2xx after every attempt. */
  abandoned: Set<string>;
  /** When (epoch ms) each 503 came, to place it against the store's outages. */
  unavailableAt: number[];
  /** Answers in the 5xx range, with a sample of their bodies. */
  serverErrors: string[];
}

const MONTHS = ['2024-03', '2024-04', '2024-05', '2024-06'];
const day = (n: number): string => `${MONTHS[Math.floor(n / 28) % MONTHS.length]}-${String((n % 28) + 1).padStart(2, '0')}`;
const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Command {
  kind: string;
  path: string;
  body: Record<string, unknown>;
  token: 'bureau' | 'manager';
  /** Runs after a 2xx, to remember what now exists. */
  then?: () => void;
}

/** What one client knows of the records it created, to follow up on them. */
interface ClientState {
  n: number;
  guarantees: string[];
  defaulted: string[];
  loans: { id: string; disbursedOn: string }[];
  commitments: string[];
  calls: { commitmentId: string; callId: string; calledOn: string }[];
}

export const fundIdsOf = (prefix: string, perKind: number) => ({
  pools: Array.from({ length: perKind }, (_, i) => `${prefix}pool${i}`),
  bridges: Array.from({ length: perKind }, (_, i) => `${prefix}bridge${i}`),
  guides: Array.from({ length: perKind }, (_, i) => `${prefix}guide${i}`),
});

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length) % items.length] as T;

/** The next command of a client, by a weighted draw among what its state allows. */
const nextCommand = (client: number, s: ClientState, funds: ReturnType<typeof fundIdsOf>): Command => {
  s.n += 1;
  const id = `c${client}n${s.n}`;
  const date = day(s.n + client * 3);
  const pool = pick(funds.pools, (client % 7) / 7);
  const bridge = pick(funds.bridges, (client % 5) / 5);
  const guide = pick(funds.guides, (client % 3) / 3);
  const r = Math.random();
  const options: (Command | undefined)[] = [
    { kind: 'capital-injection', path: `/v1/funds/${pick([pool, bridge, guide], r)}/capital-injections`, body: { amount: '200000.00', occurredOn: date, source: 'city', reference: `INJ-${id}` }, token: 'bureau' },
    { kind: 'interest', path: `/v1/funds/${pick([pool, bridge, guide], r)}/interest`, body: { amount: '12.34', occurredOn: date, reference: `INT-${id}` }, token: 'bureau' },
    {
      kind: 'guarantee',
      path: `/v1/funds/${pool}/guarantees`,
      body: { guaranteeId: id, agency: '聊城市融资担保有限公司', borrower: { name: `企业${id}`, creditCode: validCreditCode(client * 100_000 + s.n), category: pick(['micro', 'small', 'agri', 'other'], r) }, lender: '聊城农商银行', principal: '800000.00', feeRateBps: 90, startsOn: date, maturesOn: addDays(date, 365) },
      token: 'manager',
      then: () => s.guarantees.push(id),
    },
    s.guarantees.length === 0 ? undefined : { kind: 'guarantee-fee', path: `/v1/funds/${pool}/guarantees/${pick(s.guarantees, r)}/fees`, body: { occurredOn: date, amount: '720.00' }, token: 'manager' },
    s.guarantees.length === 0
      ? undefined
      : (() => {
          const g = s.guarantees.shift() as string;
          return Math.random() < 0.5
            ? { kind: 'guarantee-release', path: `/v1/funds/${pool}/guarantees/${g}/releases`, body: { occurredOn: date }, token: 'manager' as const }
            : { kind: 'compensation', path: `/v1/funds/${pool}/guarantees/${g}/compensations`, body: { occurredOn: date, principalLoss: '400000.00' }, token: 'manager' as const, then: () => s.defaulted.push(g) };
        })(),
    s.defaulted.length === 0 ? undefined : { kind: 'recovery', path: `/v1/funds/${pool}/guarantees/${s.defaulted.shift() as string}/recoveries`, body: { occurredOn: date, amount: '100000.00', costs: '10000.00' }, token: 'manager' },
    {
      kind: 'bridge-loan',
      path: `/v1/funds/${bridge}/bridge-loans`,
      body: { loanId: id, borrower: { name: `企业${id}`, creditCode: validCreditCode(client * 100_000 + s.n) }, bank: '工商银行聊城分行', amount: '500000.00', renewalCommitment: { reference: `RC-${id}`, amount: '600000.00' }, disbursedOn: date, dueOn: addDays(date, 14) },
      token: 'manager',
      then: () => s.loans.push({ id, disbursedOn: date }),
    },
    s.loans.length === 0
      ? undefined
      : (() => {
          const loan = s.loans.shift() as { id: string; disbursedOn: string };
          return { kind: 'repayment', path: `/v1/funds/${bridge}/bridge-loans/${loan.id}/repayments`, body: { repaidOn: addDays(loan.disbursedOn, 1 + Math.floor(r * 10)) }, token: 'manager' as const };
        })(),
    {
      kind: 'commitment',
      path: `/v1/funds/${guide}/commitments`,
      body: { commitmentId: id, committedOn: date, amount: '1000000.00', subFund: { name: `子基金${id}`, size: '8000000.00', prioritySector: false, manager: { name: 'GP 有限公司', paidInCapital: '20000000.00' } } },
      token: 'manager',
      then: () => s.commitments.push(id),
    },
    s.commitments.length === 0
      ? undefined
      : (() => {
          const commitmentId = pick(s.commitments, r);
          return { kind: 'capital-call', path: `/v1/funds/${guide}/commitments/${commitmentId}/capital-calls`, body: { callId: id, amount: '100000.00', calledOn: date, dueOn: addDays(date, 14) }, token: 'manager' as const, then: () => s.calls.push({ commitmentId, callId: id, calledOn: date }) };
        })(),
    s.calls.length === 0
      ? undefined
      : (() => {
          const call = s.calls.shift() as { commitmentId: string; callId: string; calledOn: string };
          return { kind: 'capital-payment', path: `/v1/funds/${guide}/commitments/${call.commitmentId}/capital-calls/${call.callId}/payments`, body: { paidOn: addDays(call.calledOn, 3) }, token: 'manager' as const };
        })(),
    s.commitments.length === 0 ? undefined : { kind: 'distribution', path: `/v1/funds/${guide}/commitments/${pick(s.commitments, r)}/distributions`, body: { distributionId: id, receivedOn: date, returnOfCapital: '0.00', gain: '500.00' }, token: 'manager' },
  ];
  const possible = options.filter((o): o is Command => o !== undefined);
  return pick(possible, Math.random());
};

const outcomeOf = (status: number, code: unknown): Outcome => {
  if (status < 300) return 'ok';
  if (status === 409 && code !== 'period-closed') return 'conflict';
  if (status === 422) return 'refused-by-rule';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'server-error';
  return 'client-error';
};

interface Answer {
  outcome: Outcome;
  status?: number;
  text?: string;
  /** Seconds the server asked to wait before retrying. */
  retryAfter?: number;
}

const post = async (target: Target, command: Command, key: string, timeoutMs: number): Promise<Answer> => {
  try {
    const response = await fetch(`${target.url()}${command.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${command.token === 'bureau' ? target.bureau : target.manager}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(command.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let code: unknown;
    try {
      code = (JSON.parse(text) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    return { outcome: outcomeOf(response.status, code), status: response.status, text, ...(Number.isFinite(retryAfter) ? { retryAfter } : {}) };
  } catch (error) {
    return { outcome: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
  }
};

/** Creates the workload's funds (opened 2024-01-01) with capital; idempotent by key. */
export const setUpFunds = async (target: Target, prefix: string, perKind: number): Promise<void> => {
  const funds = fundIdsOf(prefix, perKind);
  const all = [...funds.pools.map((f) => [f, 'risk-pool'] as const), ...funds.bridges.map((f) => [f, 'bridge-fund'] as const), ...funds.guides.map((f) => [f, 'guidance-fund'] as const)];
  for (const [fundId, kind] of all) {
    const steps: Command[] = [
      { kind: 'fund', path: '/v1/funds', body: { fundId, kind, name: `${fundId} 基金`, openedOn: '2024-01-01' }, token: 'bureau' },
      { kind: 'capital-injection', path: `/v1/funds/${fundId}/capital-injections`, body: { amount: '50000000.00', occurredOn: '2024-02-01', source: 'city', reference: `INJ-${fundId}` }, token: 'bureau' },
    ];
    for (const step of steps) {
      const answer = await post(target, step, `setup-${fundId}-${step.kind}`, 30_000);
      if (answer.outcome !== 'ok') throw new Error(`setting up ${fundId}: ${answer.status ?? answer.outcome} ${answer.text ?? ''}`);
    }
  }
};

export const emptyStats = (): WorkloadStats => ({
  commands: 0,
  attempts: 0,
  latenciesMs: [],
  byOutcome: { ok: 0, 'refused-by-rule': 0, conflict: 0, 'client-error': 0, unavailable: 0, 'server-error': 0, network: 0, timeout: 0 },
  byKind: {},
  acknowledged: new Set(),
  acknowledgedAt: new Map(),
  unavailableAt: [],
  abandoned: new Set(),
  serverErrors: [],
});

const RETRYABLE = new Set<Outcome>(['conflict', 'unavailable', 'server-error', 'network', 'timeout']);

/** Runs the clients until the duration passes; resolves with every figure. */
export const runWorkload = async (target: Target, options: WorkloadOptions, stats: WorkloadStats = emptyStats()): Promise<WorkloadStats> => {
  const { clients, durationMs, fundsPerKind = 2, timeoutMs = 30_000, attempts = 8, prefix = 'load' } = options;
  const funds = fundIdsOf(prefix, fundsPerKind);
  const started = performance.now();
  const deadline = started + durationMs;
  let ticking = true;
  const ticker = (async () => {
    while (ticking) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (ticking) await options.onTick?.(performance.now() - started, stats);
    }
  })();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const state: ClientState = { n: 0, guarantees: [], defaulted: [], loans: [], commitments: [], calls: [] };
      while (performance.now() < deadline) {
        const command = nextCommand(client, state, funds);
        const key = `${prefix}-${randomUUID()}`;
        stats.commands += 1;
        stats.byKind[command.kind] = (stats.byKind[command.kind] ?? 0) + 1;
        const t0 = performance.now();
        for (let attempt = 1; ; attempt += 1) {
          stats.attempts += 1;
          const answer = await post(target, command, key, timeoutMs);
          stats.byOutcome[answer.outcome] += 1;
          if (answer.outcome === 'unavailable') stats.unavailableAt.push(Date.now());
          if (answer.outcome === 'server-error' && stats.serverErrors.length < 20) stats.serverErrors.push(`${command.kind} ${answer.status}: ${answer.text?.slice(0, 200)}`);
          if (answer.outcome === 'ok') {
            if (!stats.acknowledged.has(key)) stats.acknowledgedAt.set(key, { at: Date.now(), kind: command.kind });
            stats.acknowledged.add(key);
            stats.latenciesMs.push(performance.now() - t0);
            command.then?.();
            break;
          }
          if (!RETRYABLE.has(answer.outcome)) break;
          if (attempt >= attempts) {
            stats.abandoned.add(key);
            break;
          }
          // Back off a little (bounded, jittered), and at least as long as the server asked: the
          // store or the stack may be restarting.
          const backoffMs = Math.min(2_000, 50 * 2 ** attempt) * Math.random();
          await new Promise((resolve) => setTimeout(resolve, Math.max(backoffMs, (answer.retryAfter ?? 0) * 1_000 * (0.5 + Math.random()))));
        }
      }
    }),
  );
  ticking = false;
  await ticker;
  return stats;
};

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
};

/** The figures a run prints. */
export const describeWorkload = (stats: WorkloadStats, elapsedMs: number): string =>
  [
    `commands ${stats.commands} (${stats.attempts} attempts) in ${(elapsedMs / 1000).toFixed(0)} s: ${((stats.acknowledged.size * 1000) / elapsedMs).toFixed(1)} acknowledged/s, ${((stats.attempts * 1000) / elapsedMs).toFixed(1)} requests/s`,
    `latency of acknowledged commands (incl. retries): p50 ${percentile(stats.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(stats.latenciesMs, 99).toFixed(0)} ms, max ${percentile(stats.latenciesMs, 100).toFixed(0)} ms`,
    `answers by class: ${Object.entries(stats.byOutcome).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `acknowledged ${stats.acknowledged.size}, abandoned after retries ${stats.abandoned.size}`,
    `mix: ${Object.entries(stats.byKind).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...stats.serverErrors.slice(0, 5).map((e) => `  5xx sample: ${e}`),
  ].join('\n');
