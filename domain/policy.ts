import * as z from 'zod';
import { positiveYuan, yuan } from '../events/money';
import { basisPoints, businessDate } from '../events/primitives';
import { AWARD_KINDS, BORROWER_KINDS, programme } from '../events/subsidy-events';
import { once } from './once';

// Every limit and rate of DESIGN §6 is a parameter of a policy version with an effective date; a command
// is judged under the version in force on its business date.

/**
 * The schema of a policy version as stored in JSON config (amounts as yuan strings). Built on first
 * use: only loadPolicies parses with it, and every function that judges a command imports this
 * module for DEFAULT_POLICIES and policyOn.
 */
const buildPolicyVersionSchema = () => {
  const riskShareSchema = z.object({
    guarantorBps: basisPoints,
    reguarantorBps: basisPoints,
    bankBps: basisPoints,
    poolBps: basisPoints,
  });

  const targetsSchema = z.object({
    /** New government guarantee business in the year (plan §1: ≥ 5,000,000,000 yuan). */
    newGuaranteeAmount: yuan,
    /** Share of guarantee amount to borrowers ≤ smallBorrowerMaxAmount in micro/small/agri (plan §1: ≥ 80 %). */
    inclusiveShareMinBps: basisPoints,
    /** Average guarantee fee rate, principal-weighted (plan §1: below 1 %). */
    averageFeeRateMaxBps: basisPoints,
    /** Compensation rate above which to warn (5 %). */
    compensationRateWarnBps: basisPoints,
    /** Bridge fund uses in the year (plan §21: ≥ 800). */
    bridgeUses: z.number().int().min(0),
    /** Guidance fund commitments landed (plan §21: ≥ 1,000,000,000 yuan). */
    guidanceLanded: yuan,
    /** New green guidance funds (plan §9: 2–3). */
    greenFundsMin: z.number().int().min(0),
    greenFundsMax: z.number().int().min(0),
  });

  const capRule = z.object({
    /** per-item: each grant on its own; per-firm-year / per-firm-total: summed over the firm's grants (net of clawbacks). */
    scope: z.enum(['per-item', 'per-firm-year', 'per-firm-total']),
    limit: positiveYuan,
  });

  /** A rate in force from a date on; the rate on a day is the latest entry dated on or before it. */
  const datedRate = z.object({ from: businessDate, rateBps: basisPoints });

  // Subsidy programmes (plan §3, §10, §11, §14, §15, §16, §18; formulas in domain/subsidy.ts).
  const subsidySchema = z.object({
    /** Year basis of every day-count formula (actual days / 360). */
    dayCountBasis: z.number().int().min(1),
    /** 1-year LPR (贷款市场报价利率) as published; extend this list when a new fixing is announced. */
    lpr1Year: z.array(datedRate).min(1),
    /** plan §14: LPR × 40 %, at most 100,000 per firm per calendar year. */
    ipPledgeInterest: z.object({ lprShareBps: basisPoints, cap: capRule }),
    /** plan §14: 50 % of each evaluation or guarantee fee, at most 20,000 per item. */
    ipPledgeFee: z.object({ shareBps: basisPoints, cap: capRule }),
    /** plan §16: 20 % of the premium at no more than a 3 % rate, at most 1,000,000 per firm per year. */
    firstUnitPremium: z.object({ shareBps: basisPoints, maxPremiumRateBps: basisPoints, cap: capRule }),
    /** plan §10: 25 bp on the carbon-reduction loan balance. */
    carbonReductionInterest: z.object({ rateBps: basisPoints }),
    /** plan §3: interest subsidy rate per borrower kind (docs/subsidies.md names the source of the defaults). */
    startupLoanInterest: z.object({ rateBps: z.object(Object.fromEntries(BORROWER_KINDS.map((k) => [k, basisPoints])) as Record<(typeof BORROWER_KINDS)[number], typeof basisPoints>) }),
    /** plan §1, §11: a rate on the guaranteed amount for guarantees at ≤ maxFeeRateBps; higher for the seven green categories. */
    guaranteeFeeSubsidy: z.object({ maxFeeRateBps: basisPoints, rateBps: basisPoints, greenRateBps: basisPoints }),
    /** plan §15, §18: the most each kind of award may reach. */
    award: z.object({ caps: z.object(Object.fromEntries(AWARD_KINDS.map((k) => [k, capRule])) as Record<(typeof AWARD_KINDS)[number], typeof capRule>) }),
    /** The year's budget per programme, for the indicators; a programme without one is reported against none. */
    annualBudgets: z.partialRecord(programme, yuan),
  });

  // Two-person approval (maker-checker): which commands a second person must approve.
  const approvalSchema = z.object({
    /** Every subsidy or award grant. */
    subsidyGrants: z.boolean(),
    /** A compensation whose pool share is at or above this; null: none. */
    compensationThreshold: positiveYuan.nullable(),
  });

  return z.object({
    id: z.string().min(1),
    effectiveFrom: businessDate,
    riskPool: z.object({
      defaultRiskShare: riskShareSchema,
      /** A "single borrower ≤ 10,000,000 yuan" for the inclusive-finance indicator. */
      smallBorrowerMaxAmount: positiveYuan,
    }),
    bridge: z.object({
      maxShareOfRenewalBps: basisPoints,
      maxAmount: positiveYuan,
      maxTermDays: z.number().int().min(1),
      feeBpsPerDay: basisPoints,
      /** Lending stops while overdue principal ≥ this share of the fund's capital. */
      suspendAtOverdueShareBps: basisPoints,
    }),
    guidance: z.object({
      maxGovernmentShareBps: basisPoints,
      priorityMaxGovernmentShareBps: basisPoints,
      minManagerPaidInCapital: yuan,
    }),
    targets: targetsSchema,
    subsidy: subsidySchema,
    approval: approvalSchema,
  });
};
export const policyVersionSchema = once(buildPolicyVersionSchema);

/** Decoded policy version (amounts in bigint fen). */
export type PolicyVersion = z.output<ReturnType<typeof buildPolicyVersionSchema>>;
export type SubsidyPolicy = PolicyVersion['subsidy'];
export type CapRule = SubsidyPolicy['ipPledgeInterest']['cap'];
export type PlanTargets = PolicyVersion['targets'];

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
      feeBpsPerDay: 8,
      suspendAtOverdueShareBps: 4000,
    },
    guidance: {
      maxGovernmentShareBps: 2500,
      priorityMaxGovernmentShareBps: 3000,
      minManagerPaidInCapital: 10_000_000n * YUAN,
    },
    targets: {
      newGuaranteeAmount: 5_000_000_000n * YUAN,
      inclusiveShareMinBps: 8000,
      averageFeeRateMaxBps: 100,
      compensationRateWarnBps: 500,
      bridgeUses: 800,
      guidanceLanded: 1_000_000_000n * YUAN,
      greenFundsMin: 2,
      greenFundsMax: 3,
    },
    subsidy: {
      dayCountBasis: 360,
      // National Interbank Funding Center 1-year LPR fixings.
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

/** The version in force on `date`: the latest with effectiveFrom ≤ date. Throws if none is. */
export function policyOn(date: string, versions: readonly PolicyVersion[] = DEFAULT_POLICIES): PolicyVersion {
  let found: PolicyVersion | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (found === undefined || v.effectiveFrom >= found.effectiveFrom)) found = v;
  }
  if (found === undefined) throw new RangeError(`no policy version in force on ${date}`);
  return found;
}

/** Parses versions from JSON config (amounts as yuan strings). Throws a ZodError naming the field. */
export function loadPolicies(json: unknown): PolicyVersion[] {
  return z.array(policyVersionSchema()).min(1).parse(json);
}
