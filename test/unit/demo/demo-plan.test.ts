// The demo year as planned (no HTTP): deterministic from the seed, within the plan's figures, and
// every request acceptable to its route's schema and rules.
import { describe, expect, it } from 'vitest';
import { grantBridgeLoanBody, issueGuaranteeBody, makeCommitmentBody } from '../../../functions/api/schemas';
import { daysBetween } from '../../../domain/dates';
import { subsidyRequest } from '../../../events/subsidy-events';
import { buildPlan, buildPlans, checkCashNeverNegative } from '../../../scripts/demo/plan';
import { grouped } from '../../../scripts/demo/summary';
import type { DemoOp } from '../../../scripts/demo/demo-op';

const full = buildPlan({ seed: 2024, scale: 1, months: 12, year: 2024, withOpenedOn: true });
const ops = [...full.setup, ...full.ops];
const bodies = <T>(kind: DemoOp['kind']): T[] => ops.filter((o) => o.kind === kind).map((o) => o.request.body as T);
const fen = (yuan: string): bigint => BigInt(yuan.replace('.', ''));

describe('demo plan', () => {
  it('is the same for the same seed and different for another', () => {
    const again = buildPlan({ seed: 2024, scale: 1, months: 12, year: 2024, withOpenedOn: true });
    expect(JSON.stringify([...again.setup, ...again.ops].map((o) => o.request))).toBe(JSON.stringify(ops.map((o) => o.request)));
    const other = buildPlan({ seed: 7, scale: 1, months: 12, year: 2024, withOpenedOn: true });
    expect(JSON.stringify(other.ops.map((o) => o.request))).not.toBe(JSON.stringify(full.ops.map((o) => o.request)));
    expect(new Set(ops.map((o) => o.request.idempotencyKey)).size).toBe(ops.length);
  });

  it("meets the plan's figures: ~2,000 guarantees a little over 5 billion, ≥ 80 % inclusive, fees ≤ 1 % on average", () => {
    const guarantees = bodies<{ principal: string; feeRateBps: number; borrower: { category: string; county: string } }>('guarantee');
    expect(guarantees.length).toBeGreaterThanOrEqual(1_950);
    const total = guarantees.reduce((s, g) => s + fen(g.principal), 0n);
    expect(total).toBeGreaterThan(5_000_000_000_00n);
    expect(total).toBeLessThan(5_300_000_000_00n);
    const inclusive = guarantees.filter((g) => g.borrower.category !== 'other' && fen(g.principal) <= 10_000_000_00n).reduce((s, g) => s + fen(g.principal), 0n);
    expect((inclusive * 100n) / total).toBeGreaterThanOrEqual(80n);
    expect(guarantees.filter((g) => g.feeRateBps <= 100).length / guarantees.length).toBeGreaterThan(0.85);
    expect(guarantees.reduce((s, g) => s + fen(g.principal) * BigInt(g.feeRateBps), 0n) / total).toBeLessThanOrEqual(100n);
    expect(new Set(guarantees.map((g) => g.borrower.county)).size).toBe(11);
    for (const g of guarantees) expect(issueGuaranteeBody.safeParse(g).success).toBe(true);
    expect(bodies('compensation').length).toBeGreaterThanOrEqual(5);
    expect(bodies('recovery').length).toBeGreaterThanOrEqual(2);
  });

  it('lends 800+ bridge loans within the 95 %, 10,000,000.00 and 15-day rules, a handful never repaid', () => {
    const loans = bodies<{ amount: string; renewalCommitment: { amount: string }; disbursedOn: string; dueOn: string }>('bridge-loan');
    expect(loans.length).toBeGreaterThanOrEqual(800);
    for (const l of loans) {
      expect(grantBridgeLoanBody.safeParse(l).success).toBe(true);
      expect(fen(l.amount) * 100n).toBeLessThanOrEqual(fen(l.renewalCommitment.amount) * 95n);
      expect(fen(l.amount)).toBeLessThanOrEqual(10_000_000_00n);
      expect(daysBetween(l.disbursedOn, l.dueOn)).toBeLessThanOrEqual(15);
      expect(l.dueOn <= '2024-12-31').toBe(true);
    }
    expect(loans.length - bodies('repayment').length).toBeGreaterThanOrEqual(3);
    expect(loans.length - bodies('repayment').length).toBeLessThanOrEqual(8);
  });

  it('commits more than 1,000,000,000.00 to sub-funds, three of them green, within the 25 % / 30 % share', () => {
    const commitments = bodies<{ amount: string; subFund: { size: string; green: boolean; prioritySector: boolean } }>('commitment');
    expect(commitments.reduce((s, c) => s + fen(c.amount), 0n)).toBeGreaterThan(1_000_000_000_00n);
    expect(commitments.filter((c) => c.subFund.green)).toHaveLength(3);
    for (const c of commitments) {
      expect(makeCommitmentBody.safeParse(c).success).toBe(true);
      expect(fen(c.amount) * 100n).toBeLessThanOrEqual(fen(c.subFund.size) * (c.subFund.prioritySector ? 30n : 25n));
    }
    expect(bodies('distribution')).toHaveLength(1);
  });

  it('grants under every programme, each held for a second person: caps cut some, one rejected, one clawed back, one left pending', () => {
    const grants = ops.filter((o) => o.kind === 'subsidy');
    const programmes = new Set(grants.map((o) => subsidyRequest.parse(o.request.body).programme));
    expect([...programmes].sort()).toEqual(['award', 'carbon-reduction-interest', 'first-unit-premium', 'guarantee-fee-subsidy', 'ip-pledge-fee', 'ip-pledge-interest', 'startup-loan-interest']);
    expect(grants.length).toBeGreaterThanOrEqual(70);
    expect(grants.filter((o) => o.decision?.action === 'reject')).toHaveLength(1);
    expect(grants.filter((o) => o.decision === undefined)).toHaveLength(1);
    expect(ops.filter((o) => o.kind === 'clawback')).toHaveLength(1);
    // A firm's grants form one chain: its caps count them in order.
    for (const g of grants) expect(g.chain).toBe(`firm-${(g.request.body as { firm: { creditCode: string } }).firm.creditCode}`);
    // The large default: 10 % of 15,000,000.00 = 1,500,000.00 ≥ the 1,000,000.00 approval threshold.
    const large = ops.filter((o) => o.kind === 'compensation' && o.decision !== undefined);
    expect(large.map((o) => o.plannedCash)).toEqual([-1_500_000_00n]);
  });

  it('carries positions into a second year: guarantees released when they mature, late-December loans repaid in January', () => {
    const [y2024, y2025] = buildPlans({ seed: 2024, scale: 1, months: 12, year: 2024, years: 2, withOpenedOn: true });
    if (y2024 === undefined || y2025 === undefined) throw new Error('two years expected');
    expect([y2024.closeYear, y2025.closeYear]).toEqual([true, false]);
    for (const op of y2024.ops) expect(op.date.startsWith('2024-')).toBe(true);
    for (const op of y2025.ops) expect(op.date.startsWith('2025-')).toBe(true);
    expect(y2025.setup).toEqual([]);
    const releasedIn2025 = y2025.ops.filter((o) => o.kind === 'release' && o.request.path.includes('/DB2024-'));
    expect(releasedIn2025.length).toBeGreaterThan(500);
    const repaidInJanuary = y2025.ops.filter((o) => o.kind === 'repayment' && o.request.path.includes('/ZD2024-'));
    expect(repaidInJanuary.length).toBeGreaterThanOrEqual(2);
    for (const r of repaidInJanuary) expect(r.date.startsWith('2025-01-')).toBe(true);
    // The first year is the single-year demo's (but for the late loans and the grant left pending, which only the last year keeps).
    const twoYearKeys = new Set(y2024.ops.map((o) => o.request.idempotencyKey));
    const missing = full.ops.filter((o) => !twoYearKeys.has(o.request.idempotencyKey)).map((o) => o.request.idempotencyKey);
    expect(missing).toEqual(['demo-2024-bt-BT2024-PENDING']);
    expect(y2024.ops.filter((o) => o.kind === 'subsidy' && o.decision === undefined)).toEqual([]);
    expect(y2025.ops.filter((o) => o.kind === 'subsidy' && o.decision === undefined)).toHaveLength(1);
    expect(y2025.policy.body).toMatchObject({ policyId: 'demo-plan-2025', effectiveFrom: '2025-01-01', changes: { targets: { '2025': { bridgeUses: 820 } } } });
  });

  it('refuses a plan that would overdraw a fund', () => {
    const spend = { ...ops[0], fundId: 'f', date: '2024-01-02', order: 0, plannedCash: -1n } as DemoOp;
    expect(() => checkCashNeverNegative([spend])).toThrow(/overdraws f on 2024-01-02/);
  });

  it('writes yuan with thousands separators from the fen, never a float', () => {
    // 512,345,678,901 fen = 5,123,456,789.01 yuan
    expect(grouped(512_345_678_901n)).toBe('5,123,456,789.01');
    expect(grouped(-1_234_567n)).toBe('-12,345.67');
  });
});
