// Shapes of the read models as the API and jobs see them (amounts bigint fen), with zod codecs to
// and from their stored form (amounts as yuan decimal strings, reusing the events' money codecs).
// Items read back from the table are parsed through these schemas: the table is an external input.
import * as z from 'zod';
import type { AccountCode } from '../../../domain/accounts';
import { signedYuan, yuan } from '../../../events/money';
import { basisPoints, borrowerCategory, businessDate, county, fundKind, id } from '../../../events/primitives';
import { INDICATOR_ALERT_KINDS } from '../../../events/alert-events';

/**
 * The fund summary. `openedOn` is absent from summaries projected before it existed: their books
 * start on the day they were created (fundOpenedOn's default), which is what a read answers.
 */
export const fundView = z.object({ fundId: id, kind: fundKind, name: z.string(), openedOn: businessDate.optional(), createdOn: businessDate });
export type FundView = Omit<z.output<typeof fundView>, 'openedOn'> & { openedOn: string };
export const fundViewOf = (stored: z.output<typeof fundView>): FundView => ({ ...stored, openedOn: stored.openedOn ?? stored.createdOn });

/** `voided`: its issue was reversed (冲正); it no longer counts anywhere. */
export const GUARANTEE_STATUSES = ['outstanding', 'released', 'defaulted', 'voided'] as const;
export type GuaranteeStatus = (typeof GUARANTEE_STATUSES)[number];

export const guaranteeView = z.object({
  /** The policy version its latest command was judged under (issue 20); absent on positions last moved before versions. */
  policyId: z.string().optional(),
  fundId: id,
  guaranteeId: id,
  status: z.enum(GUARANTEE_STATUSES),
  agency: z.string(),
  borrower: z.object({ name: z.string(), creditCode: z.string(), category: borrowerCategory, county: county.optional() }),
  lender: z.string(),
  principal: yuan,
  feeRateBps: basisPoints,
  riskShare: z.object({ guarantorBps: basisPoints, reguarantorBps: basisPoints, bankBps: basisPoints, poolBps: basisPoints }),
  issuedOn: businessDate,
  startsOn: businessDate,
  maturesOn: businessDate,
  feesCollected: yuan,
  releasedOn: businessDate.optional(),
  defaultedOn: businessDate.optional(),
  principalLoss: yuan.optional(),
  /** The pool's share of the loss (代偿补偿), set on default. */
  poolAmount: yuan.optional(),
  /** Pool's share of recoveries so far, net of costs. */
  recovered: yuan,
  /** Brought in on the fund's openedOn, its own dates being the original contract's (docs/migration.md). */
  migratedOn: businessDate.optional(),
  /** The business date of the reversal that voided it. */
  voidedOn: businessDate.optional(),
  version: z.number().int(),
});
export type GuaranteeView = z.output<typeof guaranteeView>;

/** `voided`: its disbursement was reversed (冲正). */
export const BRIDGE_LOAN_STATUSES = ['open', 'overdue', 'repaid', 'voided'] as const;
export type BridgeLoanStatus = (typeof BRIDGE_LOAN_STATUSES)[number];

export const bridgeLoanView = z.object({
  /** The policy version its latest command was judged under (issue 20); absent on positions last moved before versions. */
  policyId: z.string().optional(),
  fundId: id,
  loanId: id,
  status: z.enum(BRIDGE_LOAN_STATUSES),
  borrower: z.object({ name: z.string(), creditCode: z.string(), county: county.optional() }),
  bank: z.string(),
  amount: yuan,
  renewalCommitment: z.object({ reference: z.string(), amount: yuan }),
  disbursedOn: businessDate,
  dueOn: businessDate,
  overdueOn: businessDate.optional(),
  repaidOn: businessDate.optional(),
  fee: yuan.optional(),
  daysUsed: z.number().int().optional(),
  migratedOn: businessDate.optional(),
  voidedOn: businessDate.optional(),
  version: z.number().int(),
});
export type BridgeLoanView = z.output<typeof bridgeLoanView>;

export const capitalCallView = z.object({
  callId: id,
  amount: yuan,
  calledOn: businessDate,
  dueOn: businessDate,
  paidOn: businessDate.optional(),
});
export type CapitalCallView = z.output<typeof capitalCallView>;

export const distributionView = z.object({ distributionId: id, receivedOn: businessDate, returnOfCapital: yuan, gain: yuan });
export type DistributionView = z.output<typeof distributionView>;

/** `voided`: the commitment was reversed (冲正); it no longer counts anywhere (committed, leverage, unfunded). */
export const COMMITMENT_STATUSES = ['active', 'voided'] as const;

export const commitmentView = z.object({
  /** The policy version its latest command was judged under (issue 20); absent on positions last moved before versions. */
  policyId: z.string().optional(),
  fundId: id,
  commitmentId: id,
  /** Positions stored before commitments could be voided carry none: they are active. */
  status: z.enum(COMMITMENT_STATUSES).default('active'),
  subFund: z.object({
    name: z.string(),
    size: yuan,
    prioritySector: z.boolean(),
    green: z.boolean(),
    manager: z.object({ name: z.string(), paidInCapital: yuan }),
  }),
  committedOn: businessDate,
  /** 认缴: the government's commitment. */
  committed: yuan,
  called: yuan,
  /** 实缴: calls paid. */
  paidIn: yuan,
  /** committed − called; 0.00 once voided (its memo 9002 is reversed). */
  unfunded: yuan,
  /** Distributions' return of capital. */
  returned: yuan,
  gains: yuan,
  calls: z.array(capitalCallView),
  distributions: z.array(distributionView),
  migratedOn: businessDate.optional(),
  /** The business date of the reversal that voided it. */
  voidedOn: businessDate.optional(),
  version: z.number().int(),
});
export type CommitmentView = z.output<typeof commitmentView>;

/** Indicators the alerts reactor keeps (functions/projectors/alerts.ts). */
export const REACTOR_INDICATORS = INDICATOR_ALERT_KINDS;
export type IndicatorName = (typeof REACTOR_INDICATORS)[number];
/**
 * Every indicator an alert may name: the reactor's, and the month-end job's reconciliation alert
 * (functions/store/reconciliation-reports.ts; its valueBps is the count of discrepancies).
 */
export const INDICATORS = [...REACTOR_INDICATORS, 'reconciliation-discrepancies', 'bridge-loan-overdue'] as const;
export type AlertIndicator = (typeof INDICATORS)[number];
export const ALERT_LEVELS = ['warn', 'breach'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const alertView = z.object({
  alertId: z.string(),
  fundId: id,
  indicator: z.enum(INDICATORS),
  level: z.enum(ALERT_LEVELS),
  /** Indicator value and threshold in basis points at the crossing. */
  valueBps: z.number().int(),
  thresholdBps: z.number().int(),
  /** recordedAt of the event that made the indicator cross; the business date beside it. */
  raisedAt: z.string(),
  raisedOn: businessDate,
  raisedBy: z.object({ streamId: z.string(), version: z.number().int() }),
  /** open → acknowledged → resolved (every kind is an alert stream now; alerts kept before issue 20 §3 by the reactor alone went open → resolved). */
  status: z.enum(['open', 'acknowledged', 'resolved']),
  resolvedAt: z.string().optional(),
  resolvedBy: z.object({ streamId: z.string(), version: z.number().int() }).optional(),
  // Alerts kept as event streams (events/alert-events.ts) carry their life in full:
  /** The alert's kind (= indicator). */
  kind: z.enum(INDICATORS).optional(),
  summary: z.string().optional(),
  /** The stored fact that raised it (ReconciliationCompleted, BridgeLoanWentOverdue). */
  cause: z.object({ streamId: z.string(), type: z.string() }).optional(),
  acknowledgedAt: z.string().optional(),
  /** Token subject of the finance-bureau user who acknowledged it. */
  acknowledgedBy: z.string().optional(),
  note: z.string().optional(),
  resolvedOn: businessDate.optional(),
  /** Why it is over, and the fact that ended it. */
  resolution: z.object({ reason: z.string(), cause: z.object({ streamId: z.string(), type: z.string() }) }).optional(),
  /** Indicator alerts: the policy version whose threshold was crossed (in force on raisedOn). */
  policyId: z.string().optional(),
});
export type AlertView = z.output<typeof alertView>;

export interface AccountBalance {
  code: AccountCode;
  debit: bigint;
  credit: bigint;
}

/**
 * One journal line with its entry's 凭证号, 摘要 (Chinese), English summary and business reference.
 * voucherNo is null on lines of events stored before vouchers existed (they never get one: stored
 * events are not changed). Lines projected before these fields existed read as null / "" until the
 * books read model is rebuilt (docs/projections.md), which fills summary and reference.
 */
export const journalLineView = z.object({
  fundId: id,
  occurredOn: businessDate,
  recordedAt: z.string(),
  streamId: z.string(),
  version: z.number().int(),
  eventType: z.string(),
  line: z.number().int(),
  account: z.string(),
  /** Signed: a reversal's lines (红字) carry the original's amounts negated, on the original's side. */
  debit: signedYuan,
  credit: signedYuan,
  /** On a reversal's line: the event it reverses and the correction that did it. */
  reverses: z.object({ streamId: z.string(), version: z.number().int(), correctionId: id }).optional(),
  /** On an original's line once reversed (set when the reversal projects). */
  reversedBy: z.object({ streamId: z.string(), version: z.number().int(), correctionId: id }).optional(),
  voucherNo: z.string().nullable().meta({ description: '凭证号 记-YYYY-MM-NNNN of the entry (one per command and fund); null on events stored before vouchers existed' }),
  summary: z.string().meta({ description: '摘要: what the entry records, in Chinese' }),
  summaryEn: z.string().meta({ description: 'The summary in English' }),
  reference: z.string().nullable().meta({ description: 'The business reference (the injection reference, guarantee or loan id…) a bank line would quote; null when none' }),
});
/** How a stored line is read back: lines projected before the four fields existed read them as null / "". */
export const storedJournalLine = journalLineView.extend({
  voucherNo: journalLineView.shape.voucherNo.default(null),
  summary: journalLineView.shape.summary.default(''),
  summaryEn: journalLineView.shape.summaryEn.default(''),
  reference: journalLineView.shape.reference.default(null),
});
export type JournalLineView = z.output<typeof journalLineView>;
