// Which business dates a command may carry (issue 13). A date the policy versions do not cover
// cannot be judged (no limit, rate or split is in force), and a date far after today records
// something nobody can vouch for yet: both are refused with a stable code before any rule runs.
import { addDays, daysBetween } from './dates';
import { type DomainError, domainError } from './errors';
import { DEFAULT_POLICIES, type PolicyVersion } from './policy';

/**
 * How far after today (Asia/Shanghai) a business date may lie: one month, so a value date known in
 * advance (a scheduled repayment or injection, the first day of the next period) can be entered,
 * while a typo of a year (2999-12-31) or a date nobody can vouch for is refused.
 */
export const MAX_DAYS_AHEAD = 31;

/** The earliest business date any policy version covers. */
export const firstPolicyDate = (policies: readonly PolicyVersion[] = DEFAULT_POLICIES): string =>
  policies.reduce((earliest, v) => (v.effectiveFrom < earliest ? v.effectiveFrom : earliest), policies[0]?.effectiveFrom ?? '9999-12-31');

/** Undefined when `date` may be posted on `today` (no upper bound without one); otherwise the refusal. */
export function checkBusinessDate(date: string, today: string | undefined, policies: readonly PolicyVersion[] = DEFAULT_POLICIES): DomainError | undefined {
  const first = firstPolicyDate(policies);
  if (date < first) {
    return domainError('no-policy-in-force', `No policy version is in force on ${date}; the books cover business dates from ${first}`, { limit: first, actual: date });
  }
  if (today !== undefined && daysBetween(today, date) > MAX_DAYS_AHEAD) {
    return domainError('date-in-future', `The business date ${date} is more than ${MAX_DAYS_AHEAD} days after today (${today}, Asia/Shanghai)`, { limit: addDays(today, MAX_DAYS_AHEAD), actual: date });
  }
  return undefined;
}

/**
 * Which bounds a command's date gets: both for an event's day; only the policy bound for a period's
 * last day (a month may be closed before it ends) and for a fund's opening day (its own rule keeps
 * it ≤ today; before the first policy version nothing could be posted in it: issue 13).
 */
export type DateRule = 'business' | 'period-end' | 'opening';

export const checkDateByRule = (date: string, rule: DateRule, today: string, policies: readonly PolicyVersion[] = DEFAULT_POLICIES): DomainError | undefined =>
  checkBusinessDate(date, rule === 'business' ? today : undefined, policies);
