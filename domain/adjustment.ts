// 调整分录 (adjustments, issue 19 §2): a journal entry a person writes, held for a second person.
// Which accounts it may move is the chart's `adjustable` flag; cash (1001) only when the entry names
// the bank line it stands for; positions never (they move only through their business commands and
// reversals, or the books would disagree with the guarantees, loans and commitments behind them).
import { CASH_ACCOUNT, CHART_OF_ACCOUNTS, isAccountCode } from './accounts';
import type { DomainErrorCode } from './errors';
import { formatYuan } from './money';

export interface AdjustmentLine {
  account: string;
  side: 'debit' | 'credit';
  amount: bigint;
}

export interface AdjustmentInput {
  lines: readonly AdjustmentLine[];
  bankReference?: string | undefined;
}

/** Position accounts: bridge loans (performing, overdue), equity investments, memo exposure. */
export const POSITION_ACCOUNTS: readonly string[] = ['1201', '1203', '1501', '9001', '9002'];

/** One reason an adjustment is refused, naming the field (a path into the request body). */
export interface AdjustmentProblem {
  code: Extract<DomainErrorCode, 'not-adjustable' | 'bank-reference-required' | 'unbalanced'>;
  path: (string | number)[];
  message: string;
}

function lineProblem(line: AdjustmentLine, index: number, bankReference: string | undefined): AdjustmentProblem | undefined {
  const path = ['lines', index, 'account'];
  if (!isAccountCode(line.account)) return { code: 'not-adjustable', path, message: `${line.account} is not an account of the chart` };
  const account = CHART_OF_ACCOUNTS[line.account];
  if (line.account === CASH_ACCOUNT) {
    return bankReference === undefined ? { code: 'bank-reference-required', path, message: 'a cash (1001) line needs the bankReference of the bank line it stands for' } : undefined;
  }
  if (POSITION_ACCOUNTS.includes(line.account)) {
    return { code: 'not-adjustable', path, message: `${line.account} ${account.nameZh} is a position account: it moves only through its business commands and reversals` };
  }
  if (!account.adjustable) return { code: 'not-adjustable', path, message: `${line.account} ${account.nameZh} is not adjustable (income, expense, payables and 3101 are)` };
  return undefined;
}

/** Every reason the adjustment is refused; empty when it may be posted. */
export function adjustmentProblems(input: AdjustmentInput): AdjustmentProblem[] {
  const problems: AdjustmentProblem[] = [];
  input.lines.forEach((line, index) => {
    const problem = lineProblem(line, index, input.bankReference);
    if (problem !== undefined) problems.push(problem);
  });
  let debits = 0n;
  let credits = 0n;
  for (const line of input.lines) {
    if (line.side === 'debit') debits += line.amount;
    else credits += line.amount;
  }
  if (debits !== credits) problems.push({ code: 'unbalanced', path: ['lines'], message: `debits ${formatYuan(debits)} ≠ credits ${formatYuan(credits)}: an adjustment balances to the fen` });
  return problems;
}

/** What the adjustment does to cash at bank (1001): positive = in. */
export function adjustmentCashEffect(lines: readonly AdjustmentLine[]): bigint {
  let net = 0n;
  for (const line of lines) if (line.account === CASH_ACCOUNT) net += line.side === 'debit' ? line.amount : -line.amount;
  return net;
}
