import * as z from 'zod';
import { positiveYuan, yuan } from './money';
import { accountingStandard, basisPoints, businessDate, id, nonEmptyText } from './primitives';
import { AWARD_KINDS, BORROWER_KINDS, programme } from './subsidy-events';

// The policy stream (`policy`, issue 20): every version the bureau adopts, dated, with who proposed
// and who approved it. The parameter set's schema lives here because a PolicyAdopted event carries
// the whole version; domain/policy.ts re-exports it with the shipped defaults (version 0).

/** Calendar year as a key of the per-year plan targets ("2025"). */
export const yearKey = z.string().regex(/^\d{4}$/, { error: 'must be a year YYYY' });

/**
 * The schema of a policy version (amounts as yuan strings on the wire, bigint fen decoded). Strict
 * objects: a misspelt parameter in a proposal is a 400 naming it, never silently dropped. Built on
 * first use (only proposals, adoptions and replays parse with it).
 */
const buildPolicyVersionSchema = () => {
  const riskShareSchema = z.strictObject({
    guarantorBps: basisPoints,
    reguarantorBps: basisPoints,
    bankBps: basisPoints,
    poolBps: basisPoints,
  });

  /** Standing thresholds of the indicators and their alerts (DESIGN §6), not tied to a year. */
  const indicatorsSchema = z.strictObject({
    /** Share of guarantee amount to borrowers ≤ smallBorrowerMaxAmount in micro/small/agri (plan §1: ≥ 80 %). */
    inclusiveShareMinBps: basisPoints,
    /** Average guarantee fee rate, principal-weighted (plan §1: below 1 %). */
    averageFeeRateMaxBps: basisPoints,
    /** Compensation rate above which to warn (5 %). */
    compensationRateWarnBps: basisPoints,
  });

  /** One year's plan targets (DESIGN §6: configurable, per year). */
  const yearTargetsSchema = z.strictObject({
    /** New government guarantee business in the year (plan §1: ≥ 5,000,000,000 yuan). */
    newGuaranteeAmount: yuan,
    /** Bridge fund uses in the year (plan §21: ≥ 800). */
    bridgeUses: z.number().int().min(0),
    /** Guidance fund commitments landed (plan §21: ≥ 1,000,000,000 yuan). */
    guidanceLanded: yuan,
    /** New green guidance funds (plan §9: 2–3). */
    greenFundsMin: z.number().int().min(0),
    greenFundsMax: z.number().int().min(0),
  });

  const capRule = z.strictObject({
    /** per-item: each grant on its own; per-firm-year / per-firm-total: summed over the firm's grants (net of clawbacks). */
    scope: z.enum(['per-item', 'per-firm-year', 'per-firm-total']),
    limit: positiveYuan,
  });

  /** A rate in force from a date on; the rate on a day is the latest entry dated on or before it. */
  const datedRate = z.strictObject({ from: businessDate, rateBps: basisPoints });

  // Subsidy programmes (plan §3, §10, §11, §14, §15, §16, §18; formulas in domain/subsidy.ts).
  const subsidySchema = z.strictObject({
    /** Year basis of every day-count formula (actual days / 360). */
    dayCountBasis: z.number().int().min(1),
    /** 1-year LPR (贷款市场报价利率) fixings as published, oldest first; the bureau adds each new one (POST /v1/policies/lpr-fixings). */
    lpr1Year: z
      .array(datedRate)
      .min(1)
      .refine((rates) => rates.every((r, i) => i === 0 || (rates[i - 1]?.from ?? '') < r.from), { error: 'fixings must be in date order, one per date' }),
    /** plan §14: LPR × 40 %, at most 100,000 per firm per calendar year. */
    ipPledgeInterest: z.strictObject({ lprShareBps: basisPoints, cap: capRule }),
    /** plan §14: 50 % of each evaluation or guarantee fee, at most 20,000 per item. */
    ipPledgeFee: z.strictObject({ shareBps: basisPoints, cap: capRule }),
    /** plan §16: 20 % of the premium at no more than a 3 % rate, at most 1,000,000 per firm per year. */
    firstUnitPremium: z.strictObject({ shareBps: basisPoints, maxPremiumRateBps: basisPoints, cap: capRule }),
    /** plan §10: 25 bp on the carbon-reduction loan balance. */
    carbonReductionInterest: z.strictObject({ rateBps: basisPoints }),
    /** plan §3: interest subsidy rate per borrower kind (docs/subsidies.md names the source of the defaults). */
    startupLoanInterest: z.strictObject({
      rateBps: z.strictObject(Object.fromEntries(BORROWER_KINDS.map((k) => [k, basisPoints])) as Record<(typeof BORROWER_KINDS)[number], typeof basisPoints>),
    }),
    /** plan §1, §11: a rate on the guaranteed amount for guarantees at ≤ maxFeeRateBps; higher for the seven green categories. */
    guaranteeFeeSubsidy: z.strictObject({ maxFeeRateBps: basisPoints, rateBps: basisPoints, greenRateBps: basisPoints }),
    /** plan §15, §18: the most each kind of award may reach. */
    award: z.strictObject({ caps: z.strictObject(Object.fromEntries(AWARD_KINDS.map((k) => [k, capRule])) as Record<(typeof AWARD_KINDS)[number], typeof capRule>) }),
    /** The year's budget per programme, for the indicators; a programme without one is reported against none. */
    annualBudgets: z.partialRecord(programme, yuan),
  });

  // Two-person approval (maker-checker): which commands a second person must approve.
  const approvalSchema = z.strictObject({
    /** Every subsidy or award grant. */
    subsidyGrants: z.boolean(),
    /** A compensation whose pool share is at or above this; null: none. */
    compensationThreshold: positiveYuan.nullable(),
  });

  return z.strictObject({
    id,
    effectiveFrom: businessDate,
    riskPool: z.strictObject({
      defaultRiskShare: riskShareSchema,
      /** A "single borrower ≤ 10,000,000 yuan" for the inclusive-finance indicator. */
      smallBorrowerMaxAmount: positiveYuan,
    }),
    bridge: z.strictObject({
      maxShareOfRenewalBps: basisPoints,
      maxAmount: positiveYuan,
      maxTermDays: z.number().int().min(1),
      /** Fee per day of use on the principal (资金占用费, 日万分之一 = 1). */
      feeBpsPerDay: basisPoints,
      /** Lending stops while overdue principal ≥ this share of the fund's capital. */
      suspendAtOverdueShareBps: basisPoints,
    }),
    guidance: z.strictObject({
      maxGovernmentShareBps: basisPoints,
      priorityMaxGovernmentShareBps: basisPoints,
      minManagerPaidInCapital: yuan,
    }),
    indicators: indicatorsSchema,
    /** Plan targets by calendar year ("2025"): a year without an entry has no targets of its own. */
    targets: z.record(yearKey, yearTargetsSchema),
    subsidy: subsidySchema,
    approval: approvalSchema,
    /**
     * The accounting standard each fund's books are reported under, by fundId (issue 21 §3); a fund
     * not named reports under its kind's default (domain/accounting-standards.ts, docs/year-end.md).
     * Optional: versions adopted before it existed decode unchanged.
     */
    accountingStandards: z.record(id, accountingStandard).optional(),
  });
};

let built: ReturnType<typeof buildPolicyVersionSchema> | undefined;
export const policyVersionSchema = (): ReturnType<typeof buildPolicyVersionSchema> => (built ??= buildPolicyVersionSchema());

/** Decoded policy version (amounts in bigint fen). */
export type PolicyVersion = z.output<ReturnType<typeof buildPolicyVersionSchema>>;

/** A JSON merge patch (RFC 7396) in wire form. */
export const mergePatch = z.record(z.string(), z.json());

// Built lazily for the same reason as the parameter schema: the event registry is imported by every function.
const policyAdopted = z.lazy(() =>
  z.object({
    policyId: id,
    effectiveFrom: businessDate,
    /** The whole version as adopted (its id and effectiveFrom repeat the two fields above). */
    parameters: policyVersionSchema(),
    /** The version in force on effectiveFrom that the proposal patched. */
    basedOn: id,
    /** The proposal's merge patch, as the maker sent it. */
    changes: mergePatch,
    /** Dotted paths of the parameters that differ from basedOn (`bridge.feeBpsPerDay`). */
    changed: z.array(z.string()),
    reason: nonEmptyText(1000),
    proposedBy: nonEmptyText(200),
    /** The business day it was proposed (Asia/Shanghai). */
    proposedOn: businessDate,
    approvedBy: nonEmptyText(200),
    /** The business day it was approved, hence adopted. */
    adoptedOn: businessDate,
    approvalId: id,
  }),
);

export const policyEvents = { PolicyAdopted: policyAdopted } as const;
