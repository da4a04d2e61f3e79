import { describe, expect, it } from 'vitest';
import { type DomainError } from '../../../domain/errors';
import { DEFAULT_POLICIES, versionInForce } from '../../../domain/policy';

const policyOn = (date: string) => versionInForce(DEFAULT_POLICIES, date)!;
import { applyCap, type Assessed, computeSubsidy, type Computed, rateOn } from '../../../domain/subsidy';
import type { SubsidyClaim } from '../../../events/subsidy-events';

// The programmes of docs/subsidies.md: each formula at its limit and one fen over, and each cap
// hit by a second grant (cut to what is left). Amounts are fen.
const policy = policyOn('2025-06-10');
const FIRM = '91371500MA3C5X7Y0E';

const compute = (claim: SubsidyClaim, occurredOn = '2025-12-01'): Computed => {
  const result = computeSubsidy(claim, FIRM, occurredOn, policy);
  if ('code' in result) throw new Error(result.message);
  return result;
};
const grant = (claim: SubsidyClaim, used = 0n, occurredOn?: string): Assessed => {
  const result = applyCap(compute(claim, occurredOn), used);
  if ('code' in result) throw new Error(result.message);
  return result;
};
const refusal = (claim: SubsidyClaim, used = 0n): string => {
  const computed = computeSubsidy(claim, FIRM, '2025-12-01', policy);
  const result = 'code' in computed ? computed : applyCap(computed, used);
  return (result as DomainError).code;
};

const ipInterest = (principal: bigint, startsOn = '2025-06-01', repaidOn = '2025-11-28', repaidOnTime = true): SubsidyClaim => ({
  programme: 'ip-pledge-interest',
  details: { loanReference: 'ZL-1', principal, startsOn, repaidOn, repaidOnTime },
});

describe('ip-pledge-interest (plan §14): principal × LPR on startsOn × 40 % × days / 360, ≤ 100,000.00 per firm per year', () => {
  it('pays the worked example', () => {
    // 5,000,000.00 × 3.35 % (LPR from 2024-07-22) × 40 % × 364 / 360 = 67,744.444… → 67,744.44
    expect(grant(ipInterest(500_000_000n, '2024-08-01', '2025-07-31'))).toEqual({ amount: 6_774_444n });
  });

  it('at the cap pays it whole; one fen over is cut to the cap', () => {
    // 16,666,666.67 × 3.00 % × 40 % × 180 / 360 = 100,000.00002 → 100,000.00
    expect(grant(ipInterest(1_666_666_667n))).toEqual({ amount: 10_000_000n });
    // 16,666,668.33 × 0.6 % = 100,000.00998 → 100,000.01 → cut to 100,000.00
    expect(grant(ipInterest(1_666_666_833n))).toEqual({ amount: 10_000_000n, cut: { scope: 'per-firm-year', limit: 10_000_000n, used: 0n, uncutAmount: 10_000_001n } });
  });

  it('a second grant in the year is cut to what is left of the cap, a third refused', () => {
    // 5,000,000.00 × 0.6 % = 30,000.00, with 80,000.00 already granted: 20,000.00 is left
    expect(grant(ipInterest(500_000_000n), 8_000_000n)).toEqual({ amount: 2_000_000n, cut: { scope: 'per-firm-year', limit: 10_000_000n, used: 8_000_000n, uncutAmount: 3_000_000n } });
    expect(refusal(ipInterest(500_000_000n), 10_000_000n)).toBe('cap-exhausted');
  });

  it('counts the cap per firm and calendar year of the grant', () => {
    expect(compute(ipInterest(500_000_000n), '2025-12-31').cap?.key).toBe(`ip-pledge-interest.${FIRM}.2025`);
    expect(compute(ipInterest(500_000_000n), '2026-01-01').cap?.key).toBe(`ip-pledge-interest.${FIRM}.2026`);
  });

  it('takes the LPR in force on startsOn, switching on the fixing date', () => {
    expect(compute(ipInterest(500_000_000n, '2024-07-21', '2024-08-21')).basis.lprBps).toBe(345);
    expect(compute(ipInterest(500_000_000n, '2024-07-22', '2024-08-22')).basis.lprBps).toBe(335);
    expect(rateOn(policy.subsidy.lpr1Year, '2023-08-20')).toBeUndefined();
  });

  it('refuses a loan not repaid on time, a repayment before the start, and a start before any LPR', () => {
    expect(refusal(ipInterest(500_000_000n, '2025-06-01', '2025-11-28', false))).toBe('not-repaid-on-time');
    expect(refusal(ipInterest(500_000_000n, '2025-06-01', '2025-06-01'))).toBe('date-before-start');
    expect(refusal(ipInterest(500_000_000n, '2023-08-01', '2024-08-01'))).toBe('no-rate-in-force');
  });
});

describe('ip-pledge-fee (plan §14): 50 % of the fee, ≤ 20,000.00 per item', () => {
  const fee = (amount: bigint): SubsidyClaim => ({ programme: 'ip-pledge-fee', details: { loanReference: 'ZL-1', feeKind: 'evaluation', fee: amount } });
  it('at the cap pays it whole; one fen over is cut; the cap is per item, not counted over grants', () => {
    // 40,000.00 × 50 % = 20,000.00
    expect(grant(fee(4_000_000n))).toEqual({ amount: 2_000_000n });
    // 40,000.01 × 50 % = 20,000.005 → 20,000.01 (half up) → cut to 20,000.00
    expect(grant(fee(4_000_001n))).toEqual({ amount: 2_000_000n, cut: { scope: 'per-item', limit: 2_000_000n, used: 0n, uncutAmount: 2_000_001n } });
    expect(grant(fee(4_000_000n), 9_999_999n)).toEqual({ amount: 2_000_000n });
  });
});

describe('first-unit-premium (plan §16): 20 % × min(premium, insured × 3 %), ≤ 1,000,000.00 per firm per year', () => {
  const premium = (insuredAmount: bigint, p: bigint): SubsidyClaim => ({ programme: 'first-unit-premium', details: { policyReference: 'BD-1', insuredAmount, premium: p, policyYear: 2025 } });
  it('takes 20 % of the premium, or of 3 % of the insured amount when the premium is dearer', () => {
    // 20 % × 250,000.00 = 50,000.00 (3 % of 10,000,000.00 is 300,000.00)
    expect(grant(premium(1_000_000_000n, 25_000_000n))).toEqual({ amount: 5_000_000n });
    // 20 % × min(400,000.00, 300,000.00) = 60,000.00
    expect(grant(premium(1_000_000_000n, 40_000_000n))).toEqual({ amount: 6_000_000n });
  });
  it('at the cap pays it whole; one fen over is cut; a second grant of the year gets what is left', () => {
    // 20 % × 5,000,000.00 = 1,000,000.00 (3 % of 200,000,000.00 is 6,000,000.00)
    expect(grant(premium(20_000_000_000n, 500_000_000n))).toEqual({ amount: 100_000_000n });
    // 20 % × 5,000,000.05 = 1,000,000.01 → cut
    expect(grant(premium(20_000_000_000n, 500_000_005n)).cut?.uncutAmount).toBe(100_000_001n);
    expect(grant(premium(1_000_000_000n, 25_000_000n), 99_000_000n)).toMatchObject({ amount: 1_000_000n, cut: { used: 99_000_000n } });
  });
  it('counts the cap in the insured year', () => {
    expect(compute(premium(1_000_000_000n, 25_000_000n), '2026-02-01').cap?.key).toBe(`first-unit-premium.${FIRM}.2025`);
  });
});

describe('carbon-reduction-interest (plan §10): balance × 25 bp × days / 360', () => {
  const carbon = (balance: bigint, from: string, to: string): SubsidyClaim => ({ programme: 'carbon-reduction-interest', details: { loanReference: 'TJ-1', balance, from, to } });
  it('pays the worked example', () => {
    // 20,000,000.00 × 0.25 % × 90 / 360 = 12,500.00
    expect(grant(carbon(2_000_000_000n, '2025-01-01', '2025-04-01'))).toEqual({ amount: 1_250_000n });
  });
  it('rounds half up once at the end: exactly half a fen is a fen, just under is nothing', () => {
    // 720.00 × 0.25 % × 1 / 360 = 0.005 → 0.01; 719.99 → 0.0049999 → 0.00, refused
    expect(grant(carbon(72_000n, '2025-01-01', '2025-01-02'))).toEqual({ amount: 1n });
    expect(refusal(carbon(71_999n, '2025-01-01', '2025-01-02'))).toBe('invalid-amount');
  });
});

describe('startup-loan-interest (plan §3): principal × the policy rate of the borrower kind × days / 360', () => {
  it('pays the worked example at the default 200 bp', () => {
    // 500,000.00 × 2.00 % × 365 / 360 = 10,138.888… → 10,138.89
    expect(grant({ programme: 'startup-loan-interest', details: { loanReference: 'CY-1', principal: 50_000_000n, from: '2025-01-01', to: '2026-01-01', borrowerKind: 'veteran' } })).toEqual({ amount: 1_013_889n });
  });
});

describe('guarantee-fee-subsidy (plan §1, §11): the policy rate on the guaranteed amount, for fees ≤ 1 %', () => {
  const subsidy = (feeRateBps: number, green: boolean): SubsidyClaim => ({ programme: 'guarantee-fee-subsidy', details: { guaranteedAmount: 1_000_000_000n, feeRateBps, green } });
  it('pays 0.50 %, or 0.75 % for the green categories, at a fee of exactly 1 %; refuses 1.01 %', () => {
    // 10,000,000.00 × 0.50 % = 50,000.00; green × 0.75 % = 75,000.00
    expect(grant(subsidy(100, false))).toEqual({ amount: 5_000_000n });
    expect(grant(subsidy(100, true))).toEqual({ amount: 7_500_000n });
    expect(refusal(subsidy(101, false))).toBe('fee-rate-too-high');
  });
});

describe('award (plan §15, §18)', () => {
  const award = (awardKind: 'supply-chain-bill-platform' | 'supply-chain-finance-institution' | 'ipo', amount: bigint): SubsidyClaim => ({ programme: 'award', details: { awardKind, amount } });
  it.each([
    ['supply-chain-bill-platform', 500_000_000n, 'per-firm-total'],
    ['supply-chain-finance-institution', 50_000_000n, 'per-firm-year'],
    ['ipo', 600_000_000n, 'per-firm-total'],
  ] as const)('%s: at its cap of %s fen paid whole, one fen over cut', (kind, limit, scope) => {
    expect(grant(award(kind, limit))).toEqual({ amount: limit });
    expect(grant(award(kind, limit + 1n))).toEqual({ amount: limit, cut: { scope, limit, used: 0n, uncutAmount: limit + 1n } });
  });
  it('stages an IPO award: 4,000,000.00 granted, a 3,000,000.00 stage is cut to 2,000,000.00, then nothing is left', () => {
    expect(grant(award('ipo', 300_000_000n), 400_000_000n)).toMatchObject({ amount: 200_000_000n });
    expect(refusal(award('ipo', 1n), 600_000_000n)).toBe('cap-exhausted');
    expect(compute(award('ipo', 1n)).cap?.key).toBe(`award.ipo.${FIRM}.all`);
  });
});
