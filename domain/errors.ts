// Domain errors are values the caller must handle (STYLE.md), with a stable code the API maps to a
// problem+json `type`, and human strings for the limit and the actual value.

export const DOMAIN_ERROR_CODES = [
  'insufficient-funds',
  'exceeds-renewal-commitment',
  'exceeds-bridge-loan-cap',
  'term-too-long',
  'bridge-lending-suspended',
  'missing-renewal-commitment',
  'government-share-too-high',
  'manager-capital-too-low',
  'exceeds-unfunded-commitment',
  'return-exceeds-paid-in',
  'risk-share-not-100',
  'loss-exceeds-principal',
  'costs-exceed-recovery',
  'period-closed',
  'reconciliation-not-clean',
  'already-exists',
  'not-found',
  'invalid-state',
  'wrong-fund-kind',
  'date-before-start',
  'invalid-amount',
  'before-fund-opened',
  'no-policy-in-force',
  'date-in-future',
  // Subsidies and two-person approval (issue 12).
  'not-repaid-on-time',
  'no-rate-in-force',
  'fee-rate-too-high',
  'cap-exhausted',
  'exceeds-granted',
  'same-person',
  'already-decided',
  'not-opening-day',
  'migrated-after-opening',
  // Policy versions (issue 20).
  'would-rejudge',
  'later-version-in-force',
  // Year end (issue 21).
  'months-open',
  'year-closed',
  // Reversals (issue 19 §1): each names the events it is about.
  'has-dependents',
  'already-reversed',
  'not-reversible',
  // Every bank line bookable (issue 19 §2): adjustments and manual matching.
  'not-adjustable',
  'bank-reference-required',
  'unbalanced',
  'unknown-bank-line',
  'unknown-book-entry',
  'sides-differ',
  'already-matched',
  // Cities (issue 24): a county the command's city does not have.
  'unknown-county',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainError {
  code: DomainErrorCode;
  message: string;
  limit?: string;
  actual?: string;
  field?: string;
  /** The stored events a refusal is about (a reversal's dependents, its earlier reversal…). */
  events?: EventRef[];
}

/** A stored event by position, as a refusal names it. */
export interface EventRef {
  streamId: string;
  version: number;
  type: string;
}

export function domainError(
  code: DomainErrorCode,
  message: string,
  details: { limit?: string; actual?: string; field?: string; events?: EventRef[] } = {},
): DomainError {
  return { code, message, ...details };
}

export function isDomainError(value: unknown): value is DomainError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (DOMAIN_ERROR_CODES as readonly string[]).includes((value as { code: string }).code) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
