import { z } from 'zod';
import { checkNextYearCalendar } from '../features/calendar/notice';
import { defineJob } from './types';

/**
 * Tells the zone admins, once a year from 1 November, that next year's holidays are not loaded.
 * `at` (an ISO instant) stands in for the clock in tests and manual reruns.
 */
export const calendarCheck = defineJob({
  name: 'calendar.check',
  queue: 'sweeps',
  payload: z.object({ at: z.string().datetime({ offset: true }).optional() }),
  // 09:10, after the morning reminders; daily, so a missed day is caught by the next.
  schedule: { id: 'calendar-check', pattern: '10 9 * * *', data: {} },
  async process({ at }, deps) {
    return checkNextYearCalendar(deps.db, at ? new Date(at) : deps.now(), deps);
  },
});
