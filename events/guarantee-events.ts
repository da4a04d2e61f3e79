import * as z from 'zod';
import { migratedOn } from './migration';
import { positiveYuan, yuan } from './money';
import { basisPoints, borrowerCategory, businessDate, county, creditCode, id, nonEmptyText } from './primitives';

// Guarantee-stream events: the lifecycle of one guarantee (担保) the pool re-insures.

export const borrower = z.object({
  name: nonEmptyText(200),
  creditCode,
  category: borrowerCategory,
  county: county.optional(),
});

/** Who carries a default loss; the four shares sum to 10000 bp (checked by the domain). */
export const riskShare = z.object({
  guarantorBps: basisPoints,
  reguarantorBps: basisPoints,
  bankBps: basisPoints,
  poolBps: basisPoints,
});

const issuedCommon = {
  fundId: id,
  guaranteeId: id,
  agency: nonEmptyText(200),
  borrower,
  lender: nonEmptyText(200),
  principal: positiveYuan,
  startsOn: businessDate,
  maturesOn: businessDate,
};

/** v1 (superseded): fee as a percent string, no risk split. Read through the v1→v2 upcaster. */
export const GuaranteeIssuedV1 = z.object({
  ...issuedCommon,
  feeRatePercent: z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, { error: 'must be a percent like "1.50"' }),
});

/** v2 (current). */
export const GuaranteeIssued = z.object({ ...issuedCommon, feeRateBps: basisPoints, riskShare, migratedOn });

export const GuaranteeFeeCollected = z.object({ fundId: id, guaranteeId: id, amount: positiveYuan });

export const GuaranteeReleased = z.object({ fundId: id, guaranteeId: id, principal: positiveYuan });

export const GuaranteeDefaulted = z.object({
  fundId: id,
  guaranteeId: id,
  principal: positiveYuan,
  principalLoss: positiveYuan,
  poolShareBps: basisPoints,
  poolAmount: yuan,
});

export const GuaranteeRecoveryRecorded = z.object({
  fundId: id,
  guaranteeId: id,
  grossAmount: positiveYuan,
  costs: yuan,
  poolAmount: yuan,
});

export const guaranteeEvents = {
  GuaranteeIssued,
  GuaranteeFeeCollected,
  GuaranteeReleased,
  GuaranteeDefaulted,
  GuaranteeRecoveryRecorded,
} as const;
