// Stream ids of docs/design-notes.md: sub-aggregates are scoped by their fund.
export const streamIds = {
  fund: (fundId: string) => `fund-${fundId}`,
  guarantee: (fundId: string, guaranteeId: string) => `guarantee-${fundId}:${guaranteeId}`,
  bridgeLoan: (fundId: string, loanId: string) => `bridge-loan-${fundId}:${loanId}`,
  commitment: (fundId: string, commitmentId: string) => `commitment-${fundId}:${commitmentId}`,
  period: (fundId: string, month: string) => `period-${fundId}-${month}`,
  statement: (fundId: string, month: string) => `statement-${fundId}-${month}`,
  /** alertIds are generated from the fund and the alert's subject (domain/alert.ts), so they are unique across funds. */
  alert: (alertId: string) => `alert-${alertId}`,
} as const;
