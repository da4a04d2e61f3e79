import * as z from 'zod';
import { migratedOn } from './migration';
import { positiveYuan, yuan } from './money';
import { businessDate, county, creditCode, id, nonEmptyText } from './primitives';

// Bridge-loan-stream events: one 转贷 use, from grant to settlement.

export const BridgeLoanGranted = z.object({
  fundId: id,
  loanId: id,
  borrower: z.object({ name: nonEmptyText(200), creditCode, county: county.optional() }),
  bank: nonEmptyText(200),
  amount: positiveYuan,
  /** The bank's written commitment to renew the loan (续贷承诺). */
  renewalCommitment: z.object({ reference: nonEmptyText(100), amount: positiveYuan }),
  disbursedOn: businessDate,
  dueOn: businessDate,
  migratedOn,
});

export const BridgeLoanMarkedOverdue = z.object({ fundId: id, loanId: id, principal: positiveYuan, dueOn: businessDate });

export const BridgeLoanSettled = z.object({
  fundId: id,
  loanId: id,
  repaidOn: businessDate,
  principal: positiveYuan,
  fee: yuan,
  daysUsed: z.number().int().min(1),
});

export const bridgeLoanEvents = { BridgeLoanGranted, BridgeLoanMarkedOverdue, BridgeLoanSettled } as const;
