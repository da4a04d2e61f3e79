// Request schemas of the HTTP API. They reuse the event contract's field schemas (money codecs,
// ids, dates, credit code), so the API cannot accept what an event would refuse; a county must
// moreover be one of the caller's city (cityCounty). Objects are strict: an unknown field is named
// in the 400 rather than silently dropped.
import * as z from 'zod';
import { positiveYuan, yuan } from '../../events/money';
import { BridgeLoanGranted } from '../../events/bridge-loan-events';
import { CapitalCalled, CapitalCallSettled, CommitmentMade, DistributionRecorded } from '../../events/commitment-events';
import { CapitalInjected, FundCreated, InterestReceived, OpeningBalanceRecorded } from '../../events/fund-events';
import { borrower, GuaranteeFeeCollected, GuaranteeIssued, riskShare } from '../../events/guarantee-events';
import { borrowerCategory, businessDate } from '../../events/primitives';
import { cityCounty } from '../shared/city-county';
import { BRIDGE_LOAN_STATUSES, GUARANTEE_STATUSES } from '../store/read-models/views';

// A request body is its event's data without what the path already names; nested objects are made
// strict too, so an unknown field anywhere is named in the 400.
const strictBorrower = borrower.extend({ county: cityCounty.optional() }).strict();
const strictRiskShare = riskShare.strict();

export const createFundBody = FundCreated.strict();
export const capitalInjectionBody = CapitalInjected.omit({ fundId: true }).extend({ occurredOn: businessDate }).strict();
export const interestBody = InterestReceived.omit({ fundId: true }).extend({ occurredOn: businessDate }).strict();

export const issueGuaranteeBody = GuaranteeIssued.omit({ fundId: true })
  .extend({
    borrower: strictBorrower,
    /** Defaults to the policy's split (40/30/20/10) when absent. */
    riskShare: strictRiskShare.optional(),
  })
  .strict();

export const occurredOnBody = z.strictObject({ occurredOn: businessDate });
export const guaranteeFeeBody = GuaranteeFeeCollected.pick({ amount: true }).extend({ occurredOn: businessDate }).strict();
export const compensationBody = z.strictObject({ occurredOn: businessDate, principalLoss: positiveYuan });
export const recoveryBody = z.strictObject({ occurredOn: businessDate, amount: positiveYuan, costs: yuan });

export const grantBridgeLoanBody = BridgeLoanGranted.omit({ fundId: true })
  .extend({
    borrower: BridgeLoanGranted.shape.borrower.extend({ county: cityCounty.optional() }).strict(),
    renewalCommitment: BridgeLoanGranted.shape.renewalCommitment.strict(),
  })
  .strict();

export const repaymentBody = z.strictObject({ repaidOn: businessDate });

const subFund = CommitmentMade.shape.subFund;
export const makeCommitmentBody = CommitmentMade.omit({ fundId: true })
  .extend({
    subFund: subFund.extend({ green: z.boolean().default(false), manager: subFund.shape.manager.strict() }).strict(),
  })
  .strict();

export const capitalCallBody = CapitalCalled.omit({ fundId: true, commitmentId: true }).strict();
export const capitalCallPaymentBody = z.strictObject({ paidOn: businessDate, migratedOn: CapitalCallSettled.shape.migratedOn });
/** 期初余额 of a running fund, posted on its openedOn (docs/migration.md). */
export const openingBalanceBody = OpeningBalanceRecorded.omit({ fundId: true }).extend({ occurredOn: businessDate }).strict();
export const distributionBody = DistributionRecorded.omit({ fundId: true, commitmentId: true }).strict();

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
  county: cityCounty.optional(),
  category: borrowerCategory.optional(),
});
export const bridgeLoanListQuery = z.strictObject({ status: z.enum(BRIDGE_LOAN_STATUSES).optional() });
