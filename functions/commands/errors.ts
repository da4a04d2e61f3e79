// Refusals the command layer raises itself (the domain's rule refusals are DomainError values).

/** The command names a fund or record that does not exist (or not in that fund). */
export class ResourceNotFound extends Error {
  readonly code = 'not-found' as const;
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`Unknown ${resource} ${id}`);
    this.name = 'ResourceNotFound';
  }
}

/** The business date falls in a closed period: nothing may be posted there any more. */
export class PeriodClosed extends Error {
  readonly code = 'period-closed' as const;
  constructor(
    readonly fundId: string,
    readonly month: string,
  ) {
    super(`Period ${month} of fund ${fundId} is closed`);
    this.name = 'PeriodClosed';
  }
}

/** The business date falls in a closed year (issue 21): nothing may be dated in it, reversals included. */
export class YearClosedError extends Error {
  readonly code = 'year-closed' as const;
  constructor(
    readonly fundId: string,
    readonly year: number,
  ) {
    super(`Year ${year} of fund ${fundId} is closed; date it in ${year + 1} or later`);
    this.name = 'YearClosedError';
  }
}

/** A proposed policy version fails the parameter schema: each bad field named (a 400, like any bad body). */
export class InvalidProposal extends Error {
  readonly code = 'invalid-proposal' as const;
  constructor(readonly errors: { field: string; message: string }[]) {
    super(`The proposed version is invalid: ${errors.map((e) => e.field).join(', ')}`);
    this.name = 'InvalidProposal';
  }
}
