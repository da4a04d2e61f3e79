import fc from 'fast-check';
import { expect } from 'vitest';
import type { DomainEvent } from '../../../events/registry';
import type { Evolve } from '../../../domain/aggregate';
import { decideDisbursement, decideOverdue, decideRepayment, evolveBridgeLoan, initialBridgeLoanState, type BridgeLoanState } from '../../../domain/bridge-fund';
import { addDays } from '../../../domain/dates';
import { isDomainError, type DomainError } from '../../../domain/errors';
import { decideFund, evolveFund, initialFundState, type FundState } from '../../../domain/fund-book';
import {
  decideCapitalPayment,
  decideCommitment,
  decideDistribution,
  evolveCommitment,
  initialCommitmentState,
  type CommitmentState,
} from '../../../domain/guidance-fund';
import { decideCompensation, decideGuarantee, decideRecovery, evolveGuarantee, initialGuaranteeState, type GuaranteeState } from '../../../domain/risk-pool';
import { CREDIT_CODE, POLICY } from './fixtures';

// Random command sequences over the three funds. Refused commands are skipped, as the API would answer
// them with a problem; accepted ones are evolved step by step and logged per stream.

export type World = {
  funds: Record<string, FundState>;
  guarantees: Record<string, GuaranteeState>;
  loans: Record<string, BridgeLoanState>;
  commitments: Record<string, CommitmentState>;
  streams: Record<string, DomainEvent[]>;
  all: DomainEvent[];
  /** Each accepted command's events in order, on their streams (`fund-pool`, `g-a`, `l-a`, `c-a`): one entry each. */
  entries: { streamId: string; event: DomainEvent }[][];
};

const FUNDS = { pool: 'risk-pool', bridge: 'bridge-fund', guide: 'guidance-fund' } as const;
const ids = fc.constantFrom('a', 'b');
const fen = (max: number) => fc.bigInt({ min: 0n, max: BigInt(max) });
const day = fc.integer({ min: 0, max: 40 }).map((d) => addDays('2024-03-01', d));

export const command = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('inject' as const), fund: fc.constantFrom('pool', 'bridge', 'guide'), amount: fen(20_000_000_000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('interest' as const), fund: fc.constantFrom('pool', 'bridge', 'guide'), amount: fen(1_000_000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('charge' as const), fund: fc.constantFrom('pool', 'bridge', 'guide'), amount: fen(100_000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('return' as const), fund: fc.constantFrom('pool', 'bridge', 'guide'), amount: fen(2_000_000_000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('adjust' as const), fund: fc.constantFrom('pool', 'bridge', 'guide'), amount: fc.bigInt({ min: 1n, max: 100_000n }), cash: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('issue' as const), id: ids, principal: fen(2_000_000_000), poolBps: fc.constantFrom(1000, 1000, 1000, 500, 2500, 0) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('fee' as const), id: ids, amount: fen(10_000_000) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('release' as const), id: ids }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('compensate' as const), id: ids, loss: fen(2_000_000_000) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('recover' as const), id: ids, gross: fen(500_000_000), costsPct: fc.integer({ min: 0, max: 110 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('disburse' as const), id: ids, amount: fen(1_100_000_000), renewal: fen(1_200_000_000), on: day, term: fc.integer({ min: 0, max: 17 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('repay' as const), id: ids, after: fc.integer({ min: -1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('overdue' as const), id: ids, after: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('commit' as const), id: ids, sharePct: fc.integer({ min: 0, max: 35 }), size: fen(10_000_000_000), priority: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('call' as const), id: ids, callId: ids, pct: fc.integer({ min: 0, max: 110 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('pay' as const), id: ids, callId: ids }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('distribute' as const), id: ids, distId: ids, rocPct: fc.integer({ min: 0, max: 110 }), gain: fen(100_000_000) }) },
);
export type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

function newWorld(): World {
  const w: World = { funds: {}, guarantees: {}, loans: {}, commitments: {}, streams: {}, all: [], entries: [] };
  for (const [fundId, kind] of Object.entries(FUNDS)) {
    w.funds[fundId] = initialFundState(fundId);
    const created = decideFund(w.funds[fundId]!, { type: 'createFund', fundId, kind, name: fundId, openedOn: '2024-01-01', today: '2024-01-01' }, POLICY);
    if (isDomainError(created)) throw new Error(created.message);
    record(w, `fund-${fundId}`, created);
    w.entries.push(created.map((event) => ({ streamId: `fund-${fundId}`, event })));
  }
  return w;
}

function record(w: World, streamId: string, events: DomainEvent[]): void {
  (w.streams[streamId] ??= []).push(...events);
  w.all.push(...events);
  const [kind, key = ''] = streamId.split('-');
  for (const e of events) {
    if (kind === 'fund') w.funds[key] = evolveFund(w.funds[key]!, e);
    else if (kind === 'g') w.guarantees[key] = evolveGuarantee(w.guarantees[key] ?? initialGuaranteeState('pool', key), e);
    else if (kind === 'l') w.loans[key] = evolveBridgeLoan(w.loans[key] ?? initialBridgeLoanState('bridge', key), e);
    else w.commitments[key] = evolveCommitment(w.commitments[key] ?? initialCommitmentState('guide', key), e);
  }
}

function two(w: World, sub: string, fundId: string, result: Record<string, DomainEvent[]> | DomainError): void {
  if (isDomainError(result)) return;
  const [subEvents, fundEvents] = Object.entries(result).sort(([a], [b]) => (a === 'fund' ? 1 : b === 'fund' ? -1 : 0));
  record(w, sub, subEvents![1]);
  record(w, `fund-${fundId}`, fundEvents![1]);
  w.entries.push([...subEvents![1].map((event) => ({ streamId: sub, event })), ...fundEvents![1].map((event) => ({ streamId: `fund-${fundId}`, event }))]);
}

function one(w: World, streamId: string, result: DomainEvent[] | DomainError): void {
  if (isDomainError(result)) return;
  record(w, streamId, result);
  w.entries.push(result.map((event) => ({ streamId, event })));
}

function apply(w: World, c: Command): void {
  const pool = w.funds.pool!;
  const bridge = w.funds.bridge!;
  const guide = w.funds.guide!;
  switch (c.t) {
    case 'inject':
      return one(w, `fund-${c.fund}`, decideFund(w.funds[c.fund]!, { type: 'injectCapital', amount: c.amount, source: 'city', reference: 'r' }, POLICY));
    case 'interest':
      return one(w, `fund-${c.fund}`, decideFund(w.funds[c.fund]!, { type: 'receiveInterest', amount: c.amount, reference: 'r' }, POLICY));
    case 'charge':
      return one(w, `fund-${c.fund}`, decideFund(w.funds[c.fund]!, { type: 'bookBankCharge', amount: c.amount, reference: 'r', description: '手续费' }, POLICY));
    case 'return':
      return one(w, `fund-${c.fund}`, decideFund(w.funds[c.fund]!, { type: 'returnCapital', amount: c.amount, reference: 'r', to: 'treasury' }, POLICY));
    case 'adjust': {
      // A charge booked as an adjustment (cash, with its bank reference), or income reclassified (no cash).
      const lines = c.cash
        ? [{ account: '5005', side: 'debit' as const, amount: c.amount }, { account: '1001', side: 'credit' as const, amount: c.amount }]
        : [{ account: '4001', side: 'debit' as const, amount: c.amount }, { account: '4004', side: 'credit' as const, amount: c.amount }];
      return one(w, `fund-${c.fund}`, decideFund(w.funds[c.fund]!, { type: 'postAdjustment', adjustmentId: `adj${w.all.length}`, reason: '调整', ...(c.cash ? { bankReference: 'B1' } : {}), lines }, POLICY));
    }
    case 'issue': {
      const g = w.guarantees[c.id] ?? initialGuaranteeState('pool', c.id);
      const riskShare = { guarantorBps: 4000, reguarantorBps: 4000 - c.poolBps, bankBps: 2000, poolBps: c.poolBps };
      const cmd = {
        type: 'issueGuarantee' as const,
        fundId: 'pool',
        guaranteeId: c.id,
        agency: 'ag',
        borrower: { name: 'b', creditCode: CREDIT_CODE, category: 'small' as const },
        lender: 'bank',
        principal: c.principal,
        feeRateBps: 100,
        startsOn: '2024-03-01',
        maturesOn: '2025-03-01',
        riskShare,
      };
      return one(w, `g-${c.id}`, decideGuarantee(g, cmd, POLICY, pool));
    }
    case 'fee':
      return one(w, `g-${c.id}`, decideGuarantee(w.guarantees[c.id] ?? initialGuaranteeState(), { type: 'collectGuaranteeFee', amount: c.amount }, POLICY, pool));
    case 'release':
      return one(w, `g-${c.id}`, decideGuarantee(w.guarantees[c.id] ?? initialGuaranteeState(), { type: 'releaseGuarantee' }, POLICY, pool));
    case 'compensate':
      return two(w, `g-${c.id}`, 'pool', decideCompensation(w.guarantees[c.id] ?? initialGuaranteeState(), pool, { type: 'compensateDefault', principalLoss: c.loss }, POLICY));
    case 'recover':
      return two(w, `g-${c.id}`, 'pool', decideRecovery(w.guarantees[c.id] ?? initialGuaranteeState(), pool, { type: 'recordRecovery', grossAmount: c.gross, costs: (c.gross * BigInt(c.costsPct)) / 100n }, POLICY));
    case 'disburse': {
      const cmd = {
        type: 'disburseBridgeLoan' as const,
        fundId: 'bridge',
        loanId: c.id,
        borrower: { name: 'b', creditCode: CREDIT_CODE },
        bank: 'bank',
        amount: c.amount,
        renewalCommitment: { reference: 'rc', amount: c.renewal },
        disbursedOn: c.on,
        dueOn: addDays(c.on, c.term),
      };
      return two(w, `l-${c.id}`, 'bridge', decideDisbursement(w.loans[c.id] ?? initialBridgeLoanState(), bridge, cmd, POLICY));
    }
    case 'repay': {
      const loan = w.loans[c.id] ?? initialBridgeLoanState();
      const repaidOn = addDays(loan.disbursedOn || '2024-03-01', c.after);
      return two(w, `l-${c.id}`, 'bridge', decideRepayment(loan, bridge, { type: 'repayBridgeLoan', repaidOn }, POLICY));
    }
    case 'overdue': {
      const loan = w.loans[c.id] ?? initialBridgeLoanState();
      return two(w, `l-${c.id}`, 'bridge', decideOverdue(loan, bridge, { type: 'markOverdue', on: addDays(loan.dueOn || '2024-03-01', c.after) }, POLICY));
    }
    case 'commit': {
      const cmd = {
        type: 'makeCommitment' as const,
        fundId: 'guide',
        commitmentId: c.id,
        subFund: { name: 's', size: c.size, prioritySector: c.priority, green: c.priority, manager: { name: 'm', paidInCapital: 2_000_000_000n } },
        amount: (c.size * BigInt(c.sharePct)) / 100n,
        committedOn: '2024-03-01',
      };
      return one(w, `c-${c.id}`, decideCommitment(w.commitments[c.id] ?? initialCommitmentState(), cmd, POLICY, guide));
    }
    case 'call': {
      const commitment = w.commitments[c.id] ?? initialCommitmentState();
      return one(w, `c-${c.id}`, decideCommitment(commitment, { type: 'callCapital', callId: c.callId, amount: (commitment.amount * BigInt(c.pct)) / 100n, calledOn: '2024-04-01', dueOn: '2024-04-15' }, POLICY, guide));
    }
    case 'pay':
      return two(w, `c-${c.id}`, 'guide', decideCapitalPayment(w.commitments[c.id] ?? initialCommitmentState(), guide, { type: 'payCapitalCall', callId: c.callId, paidOn: '2024-04-10' }, POLICY));
    case 'distribute': {
      const commitment = w.commitments[c.id] ?? initialCommitmentState();
      const returnOfCapital = ((commitment.paidIn - commitment.capitalReturned) * BigInt(c.rocPct)) / 100n;
      return two(w, `c-${c.id}`, 'guide', decideDistribution(commitment, guide, { type: 'recordDistribution', distributionId: c.distId, receivedOn: '2024-06-01', returnOfCapital, gain: c.gain }, POLICY));
    }
  }
}

export const evolveOf: Record<string, [Evolve<unknown>, (key: string) => unknown]> = {
  fund: [evolveFund as Evolve<unknown>, (k) => initialFundState(k)],
  g: [evolveGuarantee as Evolve<unknown>, (k) => initialGuaranteeState('pool', k)],
  l: [evolveBridgeLoan as Evolve<unknown>, (k) => initialBridgeLoanState('bridge', k)],
  c: [evolveCommitment as Evolve<unknown>, (k) => initialCommitmentState('guide', k)],
};

export function run(commands: Command[]): World {
  const w = newWorld();
  for (const c of commands) {
    apply(w, c);
    for (const f of Object.values(w.funds)) expect(f.cash >= 0n, `cash of ${f.fundId} went negative`).toBe(true);
  }
  return w;
}

export const sequences = fc.array(command, { minLength: 5, maxLength: 60 });
