// Stream ids of docs/design-notes.md: sub-aggregates are scoped by their fund.
export const streamIds = {
  fund: (fundId: string) => `fund-${fundId}`,
  guarantee: (fundId: string, guaranteeId: string) => `guarantee-${fundId}:${guaranteeId}`,
  bridgeLoan: (fundId: string, loanId: string) => `bridge-loan-${fundId}:${loanId}`,
  commitment: (fundId: string, commitmentId: string) => `commitment-${fundId}:${commitmentId}`,
  period: (fundId: string, month: string) => `period-${fundId}-${month}`,
  statement: (fundId: string, month: string) => `statement-${fundId}-${month}`,
  /** Manual matches (人工勾对) of a fund's month (events/match-events.ts). */
  match: (fundId: string, month: string) => `match-${fundId}-${month}`,
  /** alertIds are generated from the fund and the alert's subject (domain/alert.ts), so they are unique across funds. */
  alert: (alertId: string) => `alert-${alertId}`,
  subsidy: (fundId: string, subsidyId: string) => `subsidy-${fundId}:${subsidyId}`,
  /** Approval ids are unique across funds, so the approve route finds the stream from the id alone. */
  approval: (approvalId: string) => `approval-${approvalId}`,
  /** A correction (冲正) of the fund's books: its request and the second person's decision. */
  correction: (fundId: string, correctionId: string) => `correction-${fundId}:${correctionId}`,
  /** Counter of one per-firm cap (programme, firm, year or "all"), shared by every subsidy-budget fund. */
  grantCap: (capKey: string) => `grant-cap-${capKey}`,
  /** The one stream of policy versions the bureau adopts (issue 20); every command condition-checks its head. */
  policy: () => 'policy',
  /** One fund's year end: its closing entries (结转). */
  year: (fundId: string, year: number) => `year-${fundId}-${year}`,
} as const;
