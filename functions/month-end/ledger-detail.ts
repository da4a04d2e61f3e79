// The 明细账 (subsidiary ledger) of one fund and month, for the monthly report: per account with a
// balance or a movement, its opening balance (期初余额), every journal line of the month in date and
// voucher order with the running balance on the account's normal side, and the month's totals
// (本月合计) ending on the closing balance. Pure: the lines come from the journal read model.
import { CHART_OF_ACCOUNTS, isAccountCode } from '../../domain/accounts';
import { ACT_WORDS, capitalised } from '../../domain/business-words';
import { parseVoucherNo } from '../../domain/voucher';
import type { JournalLineView } from '../store/read-models/views';
import { lastDayOf } from './reconcile';
import type { FundMonthReport } from './report-schema';

export interface LedgerDetailRow {
  kind: 'opening' | 'line' | 'total';
  date: string;
  voucherNo: string | null;
  summary: string;
  summaryEn: string;
  reference: string | null;
  account: string;
  nameZh: string;
  nameEn: string;
  debit: bigint | null;
  credit: bigint | null;
  /** After this row, on the account's normal side (negative when it runs against it). */
  balance: bigint;
}

/** Date, then voucher number (posting order within the day; lines without one first), then stream position. */
const byPosting = (a: JournalLineView, b: JournalLineView): number => {
  if (a.occurredOn !== b.occurredOn) return a.occurredOn < b.occurredOn ? -1 : 1;
  const va = a.voucherNo === null ? 0 : (parseVoucherNo(a.voucherNo)?.n ?? 0);
  const vb = b.voucherNo === null ? 0 : (parseVoucherNo(b.voucherNo)?.n ?? 0);
  if (va !== vb) return va - vb;
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  if (a.streamId !== b.streamId) return a.streamId < b.streamId ? -1 : 1;
  return a.version - b.version || a.line - b.line;
};

export function ledgerDetail(report: FundMonthReport, lines: readonly JournalLineView[]): LedgerDetailRow[] {
  const inMonth = lines.filter((l) => l.occurredOn.startsWith(`${report.month}-`));
  const byAccount = new Map<string, JournalLineView[]>();
  for (const line of [...inMonth].sort(byPosting)) byAccount.set(line.account, [...(byAccount.get(line.account) ?? []), line]);
  const rows: LedgerDetailRow[] = [];
  const names = (code: string) => (isAccountCode(code) ? { nameZh: CHART_OF_ACCOUNTS[code].nameZh, nameEn: CHART_OF_ACCOUNTS[code].nameEn } : { nameZh: code, nameEn: code });
  const creditNormal = (code: string): boolean => isAccountCode(code) && CHART_OF_ACCOUNTS[code].normalSide === 'credit';
  const opening = new Map(report.accounts.map((a) => [a.account, a.opening] as const));
  // The chart's order, then any account the chart no longer names.
  const codes = [...report.accounts.map((a) => a.account), ...[...byAccount.keys()].filter((code) => !opening.has(code))];
  for (const code of codes) {
    const moved = byAccount.get(code) ?? [];
    let balance = opening.get(code) ?? 0n;
    if (balance === 0n && moved.length === 0) continue;
    const account = { account: code, ...names(code) };
    rows.push({ kind: 'opening', date: `${report.month}-01`, voucherNo: null, summary: ACT_WORDS.openingBalance.zh, summaryEn: capitalised(ACT_WORDS.openingBalance.en), reference: null, ...account, debit: null, credit: null, balance });
    let debit = 0n;
    let credit = 0n;
    for (const l of moved) {
      balance += creditNormal(code) ? l.credit - l.debit : l.debit - l.credit;
      debit += l.debit;
      credit += l.credit;
      rows.push({ kind: 'line', date: l.occurredOn, voucherNo: l.voucherNo, summary: l.summary, summaryEn: l.summaryEn, reference: l.reference, ...account, debit: l.debit, credit: l.credit, balance });
    }
    rows.push({ kind: 'total', date: lastDayOf(report.month), voucherNo: null, summary: ACT_WORDS.monthTotal.zh, summaryEn: capitalised(ACT_WORDS.monthTotal.en), reference: null, ...account, debit, credit, balance });
  }
  return rows;
}
