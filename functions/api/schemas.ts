// Request schemas of the HTTP API. They reuse the event contract's field schemas (money codecs,
// ids, dates, credit code, county), so the API cannot accept what an event would refuse. Objects
// are strict: an unknown field is named in the 400 rather than silently dropped.
import * as z from 'zod';
import { positiveYuan, yuan } from '../../events/money';
import {
  basisPoints,
  borrowerCategory,
  businessDate,
  capitalSource,
  county,
  creditCode,
  fundKind,
  id,
  nonEmptyText,
} from '../../events/primitives';
import { BRIDGE_LOAN_STATUSES, GUARANTEE_STATUSES } from '../store/read-models/views';

export const createFundBody = z.strictObject({ fundId: id, kind: fundKind, name: nonEmptyText(200) });

export const capitalInjectionBody = z.strictObject({
  amount: positiveYuan,
  occurredOn: businessDate,
  source: capitalSource,
  reference: nonEmptyText(100),
});

export const interestBody = z.strictObject({ occurredOn: businessDate, amount: positiveYuan, reference: nonEmptyText(100) });

export const issueGuaranteeBody = z.strictObject({
  guaranteeId: id,
  agency: nonEmptyText(200),
  borrower: z.strictObject({ name: nonEmptyText(200), creditCode, category: borrowerCategory, county: county.optional() }),
  lender: nonEmptyText(200),
  principal: positiveYuan,
  feeRateBps: basisPoints,
  startsOn: businessDate,
  maturesOn: businessDate,
  /** Defaults to the policy's split (40/30/20/10) when absent. */
  riskShare: z
    .strictObject({ guarantorBps: basisPoints, reguarantorBps: basisPoints, bankBps: basisPoints, poolBps: basisPoints })
    .optional(),
});

export const occurredOnBody = z.strictObject({ occurredOn: businessDate });
export const guaranteeFeeBody = z.strictObject({ occurredOn: businessDate, amount: positiveYuan });
export const compensationBody = z.strictObject({ occurredOn: businessDate, principalLoss: positiveYuan });
export const recoveryBody = z.strictObject({ occurredOn: businessDate, amount: positiveYuan, costs: yuan });

export const grantBridgeLoanBody = z.strictObject({
  loanId: id,
  borrower: z.strictObject({ name: nonEmptyText(200), creditCode, county: county.optional() }),
  bank: nonEmptyText(200),
  amount: positiveYuan,
  renewalCommitment: z.strictObject({ reference: nonEmptyText(100), amount: positiveYuan }),
  disbursedOn: businessDate,
  dueOn: businessDate,
});

export const repaymentBody = z.strictObject({ repaidOn: businessDate });

export const makeCommitmentBody = z.strictObject({
  commitmentId: id,
  subFund: z.strictObject({
    name: nonEmptyText(200),
    size: positiveYuan,
    prioritySector: z.boolean(),
    green: z.boolean().default(false),
    manager: z.strictObject({ name: nonEmptyText(200), paidInCapital: yuan }),
  }),
  amount: positiveYuan,
  committedOn: businessDate,
});

export const capitalCallBody = z.strictObject({ callId: id, amount: positiveYuan, calledOn: businessDate, dueOn: businessDate });
export const capitalCallPaymentBody = z.strictObject({ paidOn: businessDate });
export const distributionBody = z.strictObject({
  distributionId: id,
  receivedOn: businessDate,
  returnOfCapital: yuan,
  gain: yuan,
});

// Queries: every value arrives as a string.
export const asOfQuery = z.strictObject({ asOf: businessDate.optional() });
export const journalQuery = z.strictObject({
  from: businessDate.optional(),
  to: businessDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(2000).optional(),
});
export const eventsQuery = z.strictObject({
  stream: z.string().min(1).max(200).optional(),
  /** First version to return (1-based) and page size; the answer names the next page's `from`. */
  from: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export const guaranteeListQuery = z.strictObject({
  status: z.enum(GUARANTEE_STATUSES).optional(),
  county: county.optional(),
  category: borrowerCategory.optional(),
});
export const bridgeLoanListQuery = z.strictObject({ status: z.enum(BRIDGE_LOAN_STATUSES).optional() });
