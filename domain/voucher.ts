// Voucher numbers (凭证号, DESIGN §5): one per journal entry — one command's postings in one fund —
// shared by the entry's lines, numbered per fund and business month in posting (commit) order.
// The number is assigned once, at append time, by a counter the append moves in its own
// transaction (functions/commands/pipeline.ts), and stored on the events; a rebuild reads it back.
import type { DomainEvent } from '../events/registry';
import { postingsFor } from './posting-rules';

/** 记 = 记账凭证 (general voucher): the one voucher word these books use. */
export const VOUCHER_WORD = '记';

const VOUCHER_NO = /^记-(\d{4}-(?:0[1-9]|1[0-2]))-(\d{4,})$/;

/** `记-2024-05-0001`: the month's n-th entry (four digits, more past 9999 rather than wrapping). */
export const formatVoucherNo = (month: string, n: number): string => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`voucher: ${JSON.stringify(month)} is not a month YYYY-MM`);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`voucher: ${n} is not a positive whole number`);
  return `${VOUCHER_WORD}-${month}-${String(n).padStart(4, '0')}`;
};

/** The month and sequence of a voucher number, or undefined when it is not one. */
export const parseVoucherNo = (text: string): { month: string; n: number } | undefined => {
  const match = VOUCHER_NO.exec(text);
  if (match === null) return undefined;
  const n = Number(match[2]);
  return Number.isSafeInteger(n) && n >= 1 ? { month: match[1] as string, n } : undefined;
};

/** An event takes its command's voucher number when it posts journal lines (memo lines included). */
export const postsJournalLines = (event: DomainEvent): boolean => postingsFor(event).length > 0;
