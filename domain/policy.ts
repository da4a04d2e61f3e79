import * as z from 'zod';
import { positiveYuan, yuan } from '../events/money';
import { basisPoints, businessDate } from '../events/primitives';

// Every limit and rate of DESIGN §6 is a parameter of a policy version with an effective date; a command
// is judged under the version in force on its business date.

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

export const policyVersionSchema = z.object({
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
});

/** Decoded policy version (amounts in bigint fen). */
export type PolicyVersion = z.output<typeof policyVersionSchema>;
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
  return z.array(policyVersionSchema).min(1).parse(json);
}
