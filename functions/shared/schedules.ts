// Scheduled jobs (DESIGN §3), in EventBridge Scheduler syntax and evaluated in the business
// time zone, so "01:00 on the 1st" means Beijing time whatever the region's clock says.
import type { FunctionName } from './functions';

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

export interface JobSchedule {
  function: FunctionName;
  /** EventBridge Scheduler cron: minutes hours day-of-month month day-of-week year. */
  expression: string;
  timeZone: typeof BUSINESS_TIME_ZONE;
  description: string;
}

export const SCHEDULES = {
  // Runs for the month that just ended; the job derives it from its own clock in BUSINESS_TIME_ZONE.
  monthEnd: {
    function: 'monthEnd',
    expression: 'cron(0 1 1 * ? *)',
    timeZone: BUSINESS_TIME_ZONE,
    description: 'Month-end reconciliation of the previous month, 01:00 Asia/Shanghai on the 1st',
  },
  overdueSweep: {
    function: 'overdueSweep',
    expression: 'cron(30 0 * * ? *)',
    timeZone: BUSINESS_TIME_ZONE,
    description: 'Marks bridge loans past their due date as overdue, daily 00:30 Asia/Shanghai',
  },
  // Seals the business day that just ended; the job derives the date from its own clock.
  dailySeal: {
    function: 'seal',
    expression: 'cron(5 0 * * ? *)',
    timeZone: BUSINESS_TIME_ZONE,
    description: 'Seals every stream head of the day that ended (Merkle root, chained), daily 00:05 Asia/Shanghai',
  },
  // After month end (01:00 on the 1st) has stored the month's reconciliation reports.
  monthlyArchive: {
    function: 'archive',
    expression: 'cron(0 4 1 * ? *)',
    timeZone: BUSINESS_TIME_ZONE,
    description: 'Archives the previous month (events, statements, reconciliation reports, 台账) for legal retention, 04:00 Asia/Shanghai on the 1st',
  },
} as const satisfies Record<string, JobSchedule>;

export type ScheduleName = keyof typeof SCHEDULES;
