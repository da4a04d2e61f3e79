import { describe, expect, it } from 'vitest';
import { checkBusinessDate, checkDateByRule, firstPolicyDate, MAX_DAYS_AHEAD } from '../../../domain/business-date';

describe('business dates a command may carry', () => {
  const today = '2026-12-02';

  it('accepts dates from the first policy version up to a month after today', () => {
    expect(firstPolicyDate()).toBe('2024-01-01');
    for (const date of ['2024-01-01', '2025-06-30', today, '2027-01-02']) expect(checkBusinessDate(date, today)).toBeUndefined();
  });

  it('refuses a date before every policy version as no-policy-in-force, naming the first covered day', () => {
    expect(checkBusinessDate('1900-01-01', today)).toMatchObject({ code: 'no-policy-in-force', limit: '2024-01-01', actual: '1900-01-01' });
    expect(checkBusinessDate('2023-12-31', today)?.code).toBe('no-policy-in-force');
  });

  it(`refuses a date more than ${MAX_DAYS_AHEAD} days after today as date-in-future`, () => {
    // 2026-12-02 + 31 days = 2027-01-02, the last day accepted
    expect(checkBusinessDate('2027-01-03', today)).toMatchObject({ code: 'date-in-future', limit: '2027-01-02', actual: '2027-01-03' });
    expect(checkBusinessDate('2999-12-31', today)?.code).toBe('date-in-future');
  });

  it('without a today (a period end) only the policy bound applies', () => {
    expect(checkBusinessDate('2999-12-31', undefined)).toBeUndefined();
    expect(checkBusinessDate('1969-12-31', undefined)?.code).toBe('no-policy-in-force');
  });

  it('gives a fund opening day the policy bound only: 1900-01-01 is refused, the fund rule judges the future', () => {
    expect(checkDateByRule('1900-01-01', 'opening', today)).toMatchObject({ code: 'no-policy-in-force', limit: '2024-01-01', actual: '1900-01-01' });
    expect(checkDateByRule('2023-12-31', 'opening', today)?.code).toBe('no-policy-in-force');
    expect(checkDateByRule('2024-01-01', 'opening', today)).toBeUndefined();
    expect(checkDateByRule('2999-12-31', 'opening', today)).toBeUndefined();
    expect(checkDateByRule('2999-12-31', 'period-end', today)).toBeUndefined();
    expect(checkDateByRule('2999-12-31', 'business', today)?.code).toBe('date-in-future');
  });
});
