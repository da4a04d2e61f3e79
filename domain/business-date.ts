// Which business dates a command may carry (issue 13). A date the policy versions do not cover
// cannot be judged (no limit, rate or split is in force), and a date after today records
// something that has not happened: both are refused with a stable code before any rule runs.
import { daysBetween } from './dates';
import { type DomainError, domainError } from './errors';
import { DEFAULT_POLICIES, type PolicyVersion } from './policy';

/**
 * How far after today (Asia/Shanghai) a business date may lie. Zero: the books record what the
 * bank has done, and every actor posts in the same time zone as the server's "today".
 */
export const MAX_DAYS_AHEAD = 0;

/** The earliest business date any policy version covers. */
export const firstPolicyDate = (policies: readonly PolicyVersion[] = DEFAULT_POLICIES): string =>
  policies.reduce((earliest, v) => (v.effectiveFrom < earliest ? v.effectiveFrom : earliest), policies[0]?.effectiveFrom ?? '9999-12-31');

/** Undefined when `date` may be posted on `today`; otherwise the refusal. */
export function checkBusinessDate(date: string, today: string, policies: readonly PolicyVersion[] = DEFAULT_POLICIES): DomainError | undefined {
  const first = firstPolicyDate(policies);
  if (date < first) {
    return domainError('no-policy-in-force', `No policy version is in force on ${date}; the books cover business dates from ${first}`, { limit: first, actual: date });
  }
  if (daysBetween(today, date) > MAX_DAYS_AHEAD) {
    return domainError('date-in-future', `The business date ${date} is after today (${today}, Asia/Shanghai)`, { limit: today, actual: date });
  }
  return undefined;
}
