import { isCalendarDate } from '../events/primitives';

// Business dates are calendar days (YYYY-MM-DD, Asia/Shanghai). They are computed as UTC midnights so
// the machine's timezone and DST never shift a day.

const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a business date: ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** Calendar days from `from` to `to` (negative when to is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** "2024-03-15" → "2024-03". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Months from `first` to `last` inclusive, YYYY-MM. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = addDays(`${m}-28`, 7).slice(0, 7)) out.push(m);
  return out;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Today's business date in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Day of the year, 1-based, and the year's length; for pro-rata progress against yearly targets. */
export function dayOfYear(date: string): { day: number; daysInYear: number } {
  const year = yearOf(date);
  return { day: daysBetween(`${year}-01-01`, date) + 1, daysInYear: daysBetween(`${year}-01-01`, `${year + 1}-01-01`) };
}
