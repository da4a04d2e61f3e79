import * as z from 'zod';
import { positiveYuan } from './money';
import { id, month, nonEmptyText } from './primitives';

// Year end (年度结账, issue 21). The closing entries (结转) of one fund's year live on the stream
// `year-<fundId>-<yyyy>`; each month of that year's period stream gets a YearClosed, so the pipeline's
// one read of a command's period stream already knows the year is closed (no extra read per command).

export const fiscalYear = z.number().int().min(2000).max(2999);

/** One line of the closing voucher: an account of our chart (domain/accounts.ts), a side and an amount. */
export const closingLine = z.object({
  account: z.string().regex(/^\d{4}(\d{2})?$/, { error: 'must be an account code' }),
  side: z.enum(['debit', 'credit']),
  amount: positiveYuan,
});

/**
 * 结转: every income (4xxx) and expense (5xxx) balance of the fund at 31 December moved to 3101
 * 累计结余, dated `{year}-12-31`. `lines` may be empty (a year with no income or expense).
 */
export const YearClosingPosted = z.object({
  fundId: id,
  year: fiscalYear,
  lines: z.array(closingLine).max(60),
  /** Token subject of the finance-bureau user who asked for the close (the approver is the event's actor). */
  requestedBy: nonEmptyText(200),
  reason: nonEmptyText(500).optional(),
});

/** On each month's period stream of a closed year: nothing may be dated in that month any more, reversals included. */
export const YearClosed = z.object({ fundId: id, year: fiscalYear, month });

export const yearEvents = { YearClosingPosted, YearClosed } as const;
