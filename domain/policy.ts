import { DEFAULT_CITY } from '../events/cities';
import { policyVersionSchema, type PolicyVersion } from '../events/policy-events';

// Every limit and rate of DESIGN §6 is a parameter of a policy version with an effective date; a command
// is judged under the version in force on its business date. The versions live in the `policy` stream
// (domain/policy-book.ts); DEFAULT_POLICIES below is version 0, in force while the stream is empty.

export { policyVersionSchema, type PolicyVersion };
export type SubsidyPolicy = PolicyVersion['subsidy'];
export type CapRule = SubsidyPolicy['ipPledgeInterest']['cap'];
export type YearTargets = PolicyVersion['targets'][string];
export type IndicatorThresholds = PolicyVersion['indicators'];

const YUAN = 100n;

export const DEFAULT_POLICIES: readonly PolicyVersion[] = [
  {
    id: 'liaocheng-2024',
    effectiveFrom: '2024-01-01',
    riskPool: {
      defaultRiskShare: { guarantorBps: 4000, reguarantorBps: 3000, bankBps: 2000, poolBps: 1000 },
      smallBorrowerMaxAmount: 10_000_000n * YUAN,
    },
    bridge: {
      maxShareOfRenewalBps: 9500,
      maxAmount: 10_000_000n * YUAN,
      maxTermDays: 15,
      // 日万分之一 (1 bp a day ≈ 3.65 % a year); docs/policy.md: a default the bureau must confirm.
      feeBpsPerDay: 1,
      suspendAtOverdueShareBps: 4000,
    },
    guidance: {
      maxGovernmentShareBps: 2500,
      priorityMaxGovernmentShareBps: 3000,
      minManagerPaidInCapital: 10_000_000n * YUAN,
    },
    // plan §1: inclusive share ≥ 80 %, average fee rate below 1 %; compensation-rate warning at 5 % (docs/policy.md).
    indicators: { inclusiveShareMinBps: 8000, averageFeeRateMaxBps: 100, compensationRateWarnBps: 500 },
    // The 2024 plan's figures for 2024 only: a later year has no targets until the bureau adopts its own.
    targets: {
      '2024': { newGuaranteeAmount: 5_000_000_000n * YUAN, bridgeUses: 800, guidanceLanded: 1_000_000_000n * YUAN, greenFundsMin: 2, greenFundsMax: 3 },
    },
    subsidy: {
      dayCountBasis: 360,
      // National Interbank Funding Center 1-year LPR fixings known to date; the bureau adds each new one
      // with POST /v1/policies/lpr-fixings (docs/policy.md).
      lpr1Year: [
        { from: '2023-08-21', rateBps: 345 },
        { from: '2024-07-22', rateBps: 335 },
        { from: '2024-10-21', rateBps: 310 },
        { from: '2025-05-20', rateBps: 300 },
      ],
      ipPledgeInterest: { lprShareBps: 4000, cap: { scope: 'per-firm-year', limit: 100_000n * YUAN } },
      ipPledgeFee: { shareBps: 5000, cap: { scope: 'per-item', limit: 20_000n * YUAN } },
      firstUnitPremium: { shareBps: 2000, maxPremiumRateBps: 300, cap: { scope: 'per-firm-year', limit: 1_000_000n * YUAN } },
      carbonReductionInterest: { rateBps: 25 },
      // Defaults, not plan figures: docs/subsidies.md gives their source; set the city's rates here.
      startupLoanInterest: { rateBps: { individual: 200, 'small-business': 200, veteran: 200 } },
      guaranteeFeeSubsidy: { maxFeeRateBps: 100, rateBps: 50, greenRateBps: 75 },
      award: {
        caps: {
          'supply-chain-bill-platform': { scope: 'per-firm-total', limit: 5_000_000n * YUAN },
          'supply-chain-finance-institution': { scope: 'per-firm-year', limit: 500_000n * YUAN },
          ipo: { scope: 'per-firm-total', limit: 6_000_000n * YUAN },
        },
      },
      annualBudgets: {},
    },
    approval: { subsidyGrants: true, compensationThreshold: 1_000_000n * YUAN },
  },
];

const WITHOUT_TARGETS: readonly PolicyVersion[] = DEFAULT_POLICIES.map((v) => ({ ...v, targets: {} }));

/**
 * Version 0 as a city has it. It ships Liaocheng's 2024 plan, whose rules bind every city until the
 * city adopts a version of its own; but its year targets are Liaocheng's alone: another city has no
 * targets until it adopts them, so its indicators read "no target" instead of measuring it against
 * Liaocheng's, and a version it bases on version 0 does not inherit them (issue 24: each city
 * against its own targets).
 */
export const versionZeroOf = (city: string): readonly PolicyVersion[] => (city === DEFAULT_CITY ? DEFAULT_POLICIES : WITHOUT_TARGETS);

/**
 * The version in force on `date`: the latest with effectiveFrom ≤ date; of two from the same day the
 * one adopted later (later in the list). Undefined before the first version. Commands never call this
 * with a list of their own: the pipeline hands them the version read from the policy stream.
 */
export function versionInForce(versions: readonly PolicyVersion[], date: string): PolicyVersion | undefined {
  let found: PolicyVersion | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (found === undefined || v.effectiveFrom >= found.effectiveFrom)) found = v;
  }
  return found;
}
