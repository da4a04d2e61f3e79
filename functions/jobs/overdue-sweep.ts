// Overdue sweep (daily, EventBridge Scheduler): every open bridge loan whose dueOn is before today
// (Asia/Shanghai) is marked overdue through the command pipeline. The idempotency key is derived
// from the loan and its due date, so a rerun (or a retried invocation) adds nothing.
import { createHash } from 'node:crypto';
import type { Commands } from '../commands';
import { CommandRefused } from '../commands/pipeline';
import type { ReadModelQueries } from '../store/read-models/queries';

export interface OverdueSweepInput {
  queries: Pick<ReadModelQueries, 'listFunds' | 'listBridgeLoans'>;
  commands: Pick<Commands, 'markBridgeLoanOverdue'>;
  /** Business date the sweep runs for (YYYY-MM-DD, Asia/Shanghai). */
  today: string;
  requestId: string;
}

export interface OverdueSweepResult {
  today: string;
  fundsSwept: number;
  /** Loans past due that the read model listed as open. */
  candidates: number;
  marked: { fundId: string; loanId: string }[];
  /** Refused by the aggregate (e.g. repaid meanwhile: the read model lagged); nothing written. */
  skipped: { fundId: string; loanId: string; code: string }[];
}

export const overdueKey = (fundId: string, loanId: string, dueOn: string): string => `overdue-sweep:${fundId}:${loanId}:${dueOn}`;

export const sweepOverdue = async ({ queries, commands, today, requestId }: OverdueSweepInput): Promise<OverdueSweepResult> => {
  const funds = (await queries.listFunds()).filter((fund) => fund.kind === 'bridge-fund');
  const result: OverdueSweepResult = { today, fundsSwept: funds.length, candidates: 0, marked: [], skipped: [] };
  for (const fund of funds) {
    const open = await queries.listBridgeLoans(fund.fundId, { status: 'open' });
    for (const loan of open.filter((l) => l.dueOn < today)) {
      result.candidates += 1;
      const key = overdueKey(fund.fundId, loan.loanId, loan.dueOn);
      try {
        await commands.markBridgeLoanOverdue(fund.fundId, loan.loanId, today, {
          meta: { actor: 'overdue-sweep', role: 'system', requestId, correlationId: `overdue-sweep-${today}` },
          idempotencyKey: key,
          requestHash: createHash('sha256').update(key).digest('hex'),
        });
        result.marked.push({ fundId: fund.fundId, loanId: loan.loanId });
      } catch (error) {
        // One loan the aggregate refuses must not stop the sweep of the others.
        if (!(error instanceof CommandRefused)) throw error;
        result.skipped.push({ fundId: fund.fundId, loanId: loan.loanId, code: error.code });
      }
    }
  }
  return result;
};
