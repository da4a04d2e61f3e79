// The stored shape of a fund's month-end report (one read-table item per fund and month). Amounts
// are bigint fen in code and yuan strings when stored or answered, through the events' codecs; the
// same schema parses an item read back, so a corrupt item is caught, not rendered.
import * as z from 'zod';
import { signedYuan, yuan } from '../../events/money';
import { businessDate, fundKind, id, month } from '../../events/primitives';
import { programme } from '../../events/subsidy-events';

const countAmount = z.object({ count: z.number().int(), amount: signedYuan });

export const accountRow = z.object({
  account: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  memo: z.boolean(),
  /** Balances on the account's normal side (negative when it runs against it). */
  opening: signedYuan,
  debit: yuan,
  credit: yuan,
  closing: signedYuan,
});

const trial = z.object({ debits: yuan, credits: yuan, balanced: z.boolean() });

export const DISCREPANCY_KINDS = [
  'trial-balance',
  'read-model',
  'hash-chain',
  'undecodable-event',
  'statement-missing',
  'unmatched-ledger',
  'unmatched-statement',
  'balance-reconciliation',
  'before-fund-opened',
] as const;

const movement = z.object({ streamId: z.string(), version: z.number().int(), date: businessDate, amount: signedYuan, reference: z.string() });
/** `lineRef` (statement version:line number) names the line in a manual match; absent from reports stored before it existed. */
const bankLine = z.object({ lineNo: z.number().int(), lineRef: z.string().optional(), date: businessDate, amount: signedYuan, reference: z.string(), description: z.string() });

/** A manual match (人工勾对) of the month: who made it, when, why; `applied` when it names lines of the statement version read. */
export const manualMatchSchema = z.object({
  matchId: z.string(),
  bankLines: z.array(z.string()),
  bookEntries: z.array(z.object({ streamId: z.string(), version: z.number().int() })),
  note: z.string(),
  matchedBy: z.string(),
  matchedAt: z.string(),
  amount: signedYuan,
  applied: z.boolean(),
});
export type ManualMatchReport = z.output<typeof manualMatchSchema>;
const side = <T extends z.ZodType>(item: T) =>
  z.object({ count: z.number().int(), inflow: yuan, outflow: yuan, truncated: z.number().int(), items: z.array(item) });

export const balanceReconciliationSchema = z.object({
  ledgerBalance: signedYuan,
  bankReceivedNotInLedger: yuan,
  bankPaidNotInLedger: yuan,
  adjustedLedgerBalance: signedYuan,
  statementBalance: signedYuan,
  depositsInTransit: yuan,
  paymentsInTransit: yuan,
  adjustedStatementBalance: signedYuan,
  balanced: z.boolean(),
});

export const positionsSchema = z.object({
  riskPool: z.object({
    outstanding: countAmount,
    byCounty: z.record(z.string(), countAmount),
    byCategory: z.record(z.string(), countAmount),
    issuedInMonth: countAmount,
    releasedInMonth: countAmount,
    defaultedInMonth: countAmount,
    compensationPaidInMonth: countAmount,
    recoveredInMonth: countAmount,
  }),
  bridgeFund: z.object({
    lentInMonth: countAmount,
    repaidInMonth: countAmount,
    feesInMonth: signedYuan,
    wentOverdueInMonth: countAmount,
    outstanding: signedYuan,
    overdue: signedYuan,
    turnoverCount: z.number().int(),
  }),
  guidanceFund: z.object({
    commitments: countAmount,
    subFundSize: signedYuan,
    called: signedYuan,
    paidIn: signedYuan,
    unfunded: signedYuan,
    returnOfCapital: signedYuan,
    gains: signedYuan,
    leverage: z.string().nullable(),
  }),
  // Reports stored before the subsidy budget existed have no such section.
  subsidyBudget: z
    .object({
      byProgramme: z.partialRecord(programme, z.object({ requested: countAmount, granted: countAmount, rejected: countAmount, clawedBack: countAmount })),
      pendingAtMonthEnd: countAmount,
      netGranted: signedYuan,
    })
    .optional(),
});

/**
 * One finding: its kind, an English sentence, and (in reports since 2026-12) the sentence's figures
 * as strings, so a reader can word it in its own language (the dashboard does, in Chinese).
 */
const discrepancy = z.object({ kind: z.enum(DISCREPANCY_KINDS), detail: z.string(), facts: z.record(z.string(), z.string()).optional() });

export const fundMonthReport = z.object({
  fundId: id,
  kind: fundKind,
  name: z.string(),
  /** The day the fund's books start; absent from reports stored before it existed. */
  openedOn: businessDate.optional(),
  month,
  runId: z.string(),
  generatedAt: z.string(),
  clean: z.boolean(),
  discrepancyCount: z.number().int(),
  discrepancies: z.array(discrepancy),
  eventsInMonth: z.number().int(),
  trialBalance: z.object({ month: trial, cumulative: trial }),
  accounts: z.array(accountRow),
  readModel: z.object({
    asOf: businessDate,
    differences: z.array(z.object({ account: z.string(), replayed: signedYuan, projected: signedYuan, difference: signedYuan })),
  }),
  streams: z.object({
    verified: z.number().int(),
    broken: z.array(z.object({ streamId: z.string(), brokenAtVersion: z.number().int(), reason: z.string() })),
  }),
  undecodable: z.array(z.object({ streamId: z.string(), version: z.number().int(), reason: z.string() })),
  /** Events of the fund dated before its openedOn (each a discrepancy); absent from older reports. */
  beforeOpened: z.array(z.object({ streamId: z.string(), version: z.number().int(), type: z.string(), occurredOn: businessDate })).optional(),
  bank: z.object({
    toleranceDays: z.number().int(),
    statement: z
      .object({ version: z.number().int(), lineCount: z.number().int(), openingBalance: signedYuan, closingBalance: signedYuan })
      .nullable(),
    matchedCount: z.number().int(),
    matchedTotal: yuan,
    /** Pairs of an entry and its reversal in the month that no bank line shows: they offset (absent from older reports). */
    reversalOffsets: z.number().int().optional(),
    unmatchedLedger: side(movement),
    unmatchedStatement: side(bankLine),
    /** Manual matches of the month (absent from reports stored before they existed). */
    manualMatches: z.array(manualMatchSchema).optional(),
    balanceReconciliation: balanceReconciliationSchema.nullable(),
  }),
  positions: positionsSchema,
});

/** A fund's month-end report in code (amounts bigint fen). */
export type FundMonthReport = z.output<typeof fundMonthReport>;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
export type Discrepancy = z.output<typeof discrepancy>;
