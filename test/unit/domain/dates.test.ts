import { describe, expect, it } from 'vitest';
import { addDays, dayOfYear, daysBetween, monthOf, shanghaiToday, yearOf } from '../../../domain/dates';

describe('business dates', () => {
  it('counts calendar days across month and leap-year ends', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(daysBetween('2024-05-10', '2024-05-06')).toBe(-4);
  });

  it('adds days and takes the month and year', () => {
    expect(addDays('2024-01-31', 15)).toBe('2024-02-15');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(monthOf('2024-03-15')).toBe('2024-03');
    expect(yearOf('2024-03-15')).toBe(2024);
  });

  it('refuses a non-date', () => {
    expect(() => daysBetween('2024-02-30', '2024-03-01')).toThrow(RangeError);
  });

  it("takes today's date in Shanghai, 8 hours ahead of UTC", () => {
    expect(shanghaiToday(new Date('2024-05-31T16:30:00Z'))).toBe('2024-06-01');
    expect(shanghaiToday(new Date('2024-05-31T15:59:59Z'))).toBe('2024-05-31');
  });

  it('numbers days of the year', () => {
    expect(dayOfYear('2024-12-31')).toEqual({ day: 366, daysInYear: 366 });
    expect(dayOfYear('2023-01-01')).toEqual({ day: 1, daysInYear: 365 });
  });
});
