import * as z from 'zod';
import { signedYuan } from './money';
import { businessDate, id, month } from './primitives';

// Statement-stream events: the bank's statement of the fund's account (专户) for a month.

export const statementLine = z.object({
  lineNo: z.number().int().min(1),
  date: businessDate,
  /** Positive = money in, negative = money out. */
  amount: signedYuan,
  reference: z.string().max(200),
  description: z.string().max(500),
});

export const BankStatementRecorded = z.object({
  fundId: id,
  month,
  openingBalance: signedYuan,
  closingBalance: signedYuan,
  lines: z.array(statementLine).max(20000),
});

export const statementEvents = { BankStatementRecorded } as const;
