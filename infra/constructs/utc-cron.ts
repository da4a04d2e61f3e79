// Scheduler cron expressions in the business time zone, rewritten for EventBridge rules, which
// evaluate cron in UTC only (used where the region has no EventBridge Scheduler,
// infra/stacks/region-capabilities.ts). Asia/Shanghai keeps UTC+8 all year (no daylight saving
// since 1991), so a fixed shift is exact. Only the shapes functions/shared/schedules.ts uses are
// accepted — a fixed minute and hour, every day or the 1st of the month — and anything else throws
// at synth rather than fire at the wrong time.

/** Hours the business time zone is ahead of UTC. */
export const SHANGHAI_UTC_OFFSET_HOURS = 8;

const CRON = /^cron\((\d{1,2}) (\d{1,2}) (\*|1) \* \? \*\)$/;

/**
 * `cron(m h dom * ? *)` at UTC+offset → the same instants in UTC. An hour before the offset falls
 * on the previous UTC day: every day stays every day, and the 1st becomes `L`, the last day of the
 * previous month (EventBridge cron's "L" wildcard).
 * Worked example: 01:00 on the 1st in Shanghai = 17:00 UTC on the last day of the month before:
 * cron(0 1 1 * ? *) → cron(0 17 L * ? *).
 */
export const utcCron = (expression: string, offsetHours: number = SHANGHAI_UTC_OFFSET_HOURS): string => {
  const match = CRON.exec(expression);
  if (match === null) throw new Error(`utcCron: only cron(<minute> <hour> <* or 1> * ? *) is supported, got ${expression}`);
  const [, minute, hour, dayOfMonth] = match as unknown as [string, string, string, string];
  const local = Number(hour);
  if (local > 23 || Number(minute) > 59) throw new Error(`utcCron: no such time in ${expression}`);
  const utcHour = local - offsetHours;
  if (utcHour >= 0) return `cron(${minute} ${utcHour} ${dayOfMonth} * ? *)`;
  return `cron(${minute} ${utcHour + 24} ${dayOfMonth === '1' ? 'L' : '*'} * ? *)`;
};
