// The demo's calendar: business days of the period (weekdays outside the Spring Festival and
// National Day holidays of 2024 and 2025), month boundaries, and month arithmetic on YYYY-MM-DD.
import { addDays } from '../../domain/dates';
import { lastDayOf } from '../../functions/month-end/reconcile';

export { addDays, lastDayOf };

const HOLIDAYS: readonly [string, string][] = [
  ['2024-02-10', '2024-02-17'],
  ['2024-10-01', '2024-10-07'],
  ['2025-01-28', '2025-02-04'],
  ['2025-10-01', '2025-10-08'],
];

export interface Period {
  year: number;
  /** 'YYYY-MM' of each month covered, in order. */
  months: string[];
  first: string;
  last: string;
}

export const periodOf = (year: number, monthCount: number): Period => {
  const months = Array.from({ length: monthCount }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return { year, months, first: `${year}-01-01`, last: lastDayOf(months[months.length - 1] ?? `${year}-12`) };
};

const isHoliday = (date: string): boolean => HOLIDAYS.some(([from, to]) => date >= from && date <= to);

/** Weekdays of [from, to] that are not holidays. */
export const businessDays = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !isHoliday(d)) days.push(d);
  }
  return days;
};

/** The same day `months` later, clamped to the month's end; the day before, for a term's last day. */
export const addMonths = (date: string, months: number): string => {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const month = `${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  const last = lastDayOf(month);
  const day = `${month}-${date.slice(8, 10)}`;
  return day > last ? last : day;
};
