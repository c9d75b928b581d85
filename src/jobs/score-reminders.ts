import { z } from 'zod';
import { sweepScoreReminders } from '../features/scoring/reminders';
import { defineJob } from './types';

/**
 * The monthly scoring reminders (rule 7): window opened, reminder, overdue, escalation; run by a
 * daily schedule in Asia/Shanghai. `at` (an ISO instant) stands in for the clock, for tests and a
 * manual re-run of a given day; the schedule leaves it out.
 */
export const scoreRemindersJob = defineJob({
  name: 'score.reminders',
  queue: 'sweeps',
  payload: z.object({ at: z.string().datetime({ offset: true }).optional() }),
  async process({ at }, deps) {
    return sweepScoreReminders(deps.db, at ? new Date(at) : new Date(), deps);
  },
});
