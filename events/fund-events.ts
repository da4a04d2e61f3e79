import * as z from 'zod';
import { migratedOn } from './migration';
import { positiveYuan, yuan } from './money';
import { basisPoints, businessDate, capitalSource, fundKind, id, nonEmptyText } from './primitives';

// Fund-stream events: the accounting facts of a fund's own bank account (docs/design-notes.md).

/**
 * The fund's books start on `openedOn` (DESIGN §6 "Every fund"). Optional in the contract: events
 * stored before it existed have none, and their fund opened on the event's own business date
 * (`occurredOn`, the day it was created). New events always carry it, and are dated on it.
 * An optional field rather than a v2 + upcaster: the default lives in the envelope, which an
 * upcaster (data only) cannot see; `openedOnOf` in domain/fund-book.ts is the one reader.
 */
export const FundCreated = z.object({ fundId: id, kind: fundKind, name: nonEmptyText(200), openedOn: businessDate.optional() });

export const CapitalInjected = z.object({
  fundId: id,
  amount: positiveYuan,
  source: capitalSource,
  reference: nonEmptyText(100),
});

export const InterestReceived = z.object({ fundId: id, amount: positiveYuan, reference: nonEmptyText(100) });

/** 代偿补偿: the pool pays its share of a guarantee's principal loss. */
export const CompensationPaid = z.object({
  fundId: id,
  guaranteeId: id,
  principalLoss: positiveYuan,
  poolShareBps: basisPoints,
  amount: positiveYuan,
});

export const RecoveryReceived = z.object({
  fundId: id,
  guaranteeId: id,
  grossAmount: positiveYuan,
  costs: yuan,
  poolShareBps: basisPoints,
  amount: positiveYuan,
});

export const BridgeLoanDisbursed = z.object({ fundId: id, loanId: id, amount: positiveYuan, migratedOn });

export const BridgeLoanWentOverdue = z.object({ fundId: id, loanId: id, principal: positiveYuan });

export const BridgeLoanRepaid = z.object({
  fundId: id,
  loanId: id,
  principal: positiveYuan,
  fee: yuan,
  daysUsed: z.number().int().min(1),
  wasOverdue: z.boolean(),
});

export const CapitalCallPaid = z.object({ fundId: id, commitmentId: id, callId: id, amount: positiveYuan, migratedOn });

/**
 * 期初余额: a running fund's cash at bank on its openedOn and the fiscal capital paid in over its
 * life; the difference (and later each migrated position) is accumulated surplus (docs/migration.md).
 */
export const OpeningBalanceRecorded = z.object({ fundId: id, cash: yuan, capital: yuan });

export const DistributionReceived = z.object({
  fundId: id,
  commitmentId: id,
  distributionId: id,
  returnOfCapital: yuan,
  gain: yuan,
});

/** 银行手续费: a charge the bank already took from the fund's account; booking records it (5005 / 1001). */
export const BankChargeBooked = z.object({ fundId: id, amount: positiveYuan, reference: nonEmptyText(100), description: nonEmptyText(200) });

/** 资金缴回 / 上缴国库: fiscal capital paid back to the treasury (3001 / 1001), after a second person approved it. */
export const CapitalReturned = z.object({ fundId: id, amount: positiveYuan, reference: nonEmptyText(100), to: z.enum(['treasury']) });

/**
 * One line of an adjustment. The account is a code of the chart (domain/accounts.ts), which the
 * contract cannot import: the command checks it against the chart before anything is stored.
 */
export const adjustmentLine = z.object({ account: z.string().regex(/^[0-9]{4,6}$/), side: z.enum(['debit', 'credit']), amount: positiveYuan });

/**
 * 调整分录: a journal entry a person writes, approved by a second one (domain/adjustment.ts says which
 * accounts it may move). On the fund stream, so a cash line is checked against the fund's cash.
 */
export const AdjustmentPosted = z.object({
  fundId: id,
  adjustmentId: id,
  reason: nonEmptyText(500),
  /** The bank line a cash (1001) line stands for; required when one does. */
  bankReference: nonEmptyText(100).optional(),
  lines: z.array(adjustmentLine).min(2).max(50),
});

export const fundEvents = {
  FundCreated,
  CapitalInjected,
  InterestReceived,
  CompensationPaid,
  RecoveryReceived,
  BridgeLoanDisbursed,
  BridgeLoanWentOverdue,
  BridgeLoanRepaid,
  CapitalCallPaid,
  DistributionReceived,
  OpeningBalanceRecorded,
  BankChargeBooked,
  CapitalReturned,
  AdjustmentPosted,
} as const;
