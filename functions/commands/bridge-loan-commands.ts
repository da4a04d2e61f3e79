// Bridge-fund commands (应急转贷): every one moves the fund's cash or overdue exposure, so each
// appends to the loan stream and the fund stream in one transaction.
import { decideDisbursement, decideOverdue, decideRepayment, evolveBridgeLoan, initialBridgeLoanState, type BridgeLoanState } from '../../domain/bridge-fund';
import { formatYuan } from '../../domain/money';
import type { CountyCode } from '../../events/primitives';
import { streamIds } from '../../events/stream-ids';
import { countyRefusal } from '../shared/city-county';
import { alertIdFor, raiseAlertChange, resolveAlertChange } from './alert-commands';
import { withFund } from './changes';
import { businessDateOf, type Aggregate, type CommandContext, type CommandResult, type Pipeline } from './pipeline';

/** A loan's overdue alert: raised by the overdue sweep, resolved by the repayment. */
export const overdueAlertId = (fundId: string, loanId: string): string => alertIdFor(fundId, 'bridge-loan-overdue', loanId);

export const bridgeLoanAggregate = (fundId: string, loanId: string): Aggregate<BridgeLoanState> => ({
  initial: initialBridgeLoanState(fundId, loanId),
  evolve: evolveBridgeLoan,
  // 2: the state remembers wasOverdue (a reversed repayment puts an overdue loan back overdue).
  snapshotVersion: 2,
});

export interface GrantBridgeLoanInput {
  loanId: string;
  borrower: { name: string; creditCode: string; county?: CountyCode | undefined };
  bank: string;
  amount: bigint;
  renewalCommitment: { reference: string; amount: bigint };
  disbursedOn: string;
  dueOn: string;
  /** A live loan brought in on the fund's openedOn (docs/migration.md). */
  migratedOn?: string | undefined;
}

const loanView = (loan: BridgeLoanState) => ({
  fundId: loan.fundId,
  loanId: loan.loanId,
  status: loan.status,
  amount: formatYuan(loan.amount),
  disbursedOn: loan.disbursedOn,
  dueOn: loan.dueOn,
});

export const createBridgeLoanCommands = (pipeline: Pipeline) => ({
  grantBridgeLoan: (fundId: string, input: GrantBridgeLoanInput, context: CommandContext): Promise<CommandResult> =>
    withFund(
      pipeline,
      {
        fundId,
        ...businessDateOf(input.migratedOn, input.disbursedOn, 'disbursedOn'),
        streamId: streamIds.bridgeLoan(fundId, input.loanId),
        aggregate: bridgeLoanAggregate(fundId, input.loanId),
        key: 'loan',
        // A county is the city's (events accept every city's codes; the city is this command's).
        decide: (loan, fund, policy) => countyRefusal(input.borrower.county) ?? decideDisbursement(loan, fund, { type: 'disburseBridgeLoan', fundId, ...input }, policy),
        answer: (loan, fund) => ({ ...loanView(loan), cash: formatYuan(fund.cash) }),
      },
      context,
    ),

  /** The answer states principal, fee and days used (fee = principal × feeBpsPerDay × days, the policy in force on repaidOn). */
  repayBridgeLoan: (fundId: string, loanId: string, input: { repaidOn: string }, context: CommandContext): Promise<CommandResult> =>
    withFund(
      pipeline,
      {
        fundId,
        occurredOn: input.repaidOn,
        dateField: 'repaidOn',
        streamId: streamIds.bridgeLoan(fundId, loanId),
        aggregate: bridgeLoanAggregate(fundId, loanId),
        key: 'loan',
        decide: (loan, fund, policy) => decideRepayment(loan, fund, { type: 'repayBridgeLoan', repaidOn: input.repaidOn }, policy),
        // Repaying an overdue loan resolves its overdue alert.
        also: async (load, events) =>
          events.some((e) => e.type === 'BridgeLoanRepaid' && e.data.wasOverdue)
            ? [await resolveAlertChange(load, overdueAlertId(fundId, loanId), { resolvedOn: input.repaidOn, reason: `loan ${loanId} repaid on ${input.repaidOn}`, cause: { streamId: streamIds.bridgeLoan(fundId, loanId), type: 'BridgeLoanRepaid' } })]
            : [],
        answer: (loan, fund, events) => {
          const repaid = events.find((e) => e.type === 'BridgeLoanRepaid');
          return {
            ...loanView(loan),
            repaidOn: loan.repaidOn,
            principal: formatYuan(loan.amount),
            fee: formatYuan(loan.fee),
            daysUsed: loan.daysUsed,
            wasOverdue: repaid?.type === 'BridgeLoanRepaid' ? repaid.data.wasOverdue : false,
            cash: formatYuan(fund.cash),
          };
        },
      },
      context,
    ),

  /** Run by the overdue sweep, on `on` (today, Asia/Shanghai) for a loan past its due date. */
  markBridgeLoanOverdue: (fundId: string, loanId: string, on: string, context: CommandContext): Promise<CommandResult> =>
    withFund(
      pipeline,
      {
        fundId,
        occurredOn: on,
        streamId: streamIds.bridgeLoan(fundId, loanId),
        aggregate: bridgeLoanAggregate(fundId, loanId),
        key: 'loan',
        decide: (loan, fund, policy) => decideOverdue(loan, fund, { type: 'markOverdue', on }, policy),
        also: async (load, events) => {
          const overdue = events.find((e) => e.type === 'BridgeLoanWentOverdue');
          if (overdue?.type !== 'BridgeLoanWentOverdue') return [];
          const alertId = overdueAlertId(fundId, loanId);
          const summary = `bridge loan ${loanId} is overdue since ${on}: principal ${formatYuan(overdue.data.principal)} not repaid`;
          return [await raiseAlertChange(load, { alertId, fundId, kind: 'bridge-loan-overdue', level: 'breach', summary, raisedOn: on, cause: { streamId: streamIds.bridgeLoan(fundId, loanId), type: 'BridgeLoanWentOverdue' }, loanId })];
        },
        answer: (loan) => ({ ...loanView(loan), overdueOn: on }),
      },
      context,
    ),
});

export type BridgeLoanCommands = ReturnType<typeof createBridgeLoanCommands>;
