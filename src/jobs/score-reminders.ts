import { z } from 'zod';
import { sweepScoreReminders } from '../features/scoring/reminders';
import { defineJob } from './types';

/**
 * The monthly scoring reminders (rule 7): window opened, reminder, overdue, escalation. `at` (an
 * ISO instant) stands in for the clock, for tests and a manual re-run of a given day; the schedule
 * leaves it out.
 */
export const scoreRemindersJob = defineJob({
  name: 'score.reminders',
  queue: 'sweeps',
  payload: z.object({ at: z.string().datetime({ offset: true }).optional() }),
  // 09:00; the 14:00 run catches a morning missed (an outage), a rerun sends nothing twice.
  schedule: { id: 'score-reminders', pattern: '0 9,14 * * *', data: {} },
  async process({ at }, deps) {
    return sweepScoreReminders(deps.db, at ? new Date(at) : deps.now(), deps);
  },
});
