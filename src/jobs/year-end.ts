import { z } from 'zod';
import { judgeEndedYears, runYearEnd } from '../features/bans/year-end';
import { defineJob } from './types';

/**
 * 年度禁投 (rule 10): judges a year's averages and records next year's bidding bans. The schedule
 * (daily, 01:00 Asia/Shanghai) sends no year: the job judges every ended year the year end has not
 * finished, which on 1 January is the year just ended, and otherwise a year whose run was missed or
 * died (usually none: one query). A year may be given to re-run a past year by hand.
 */
export const yearEnd = defineJob({
  name: 'thresholds.year-end',
  queue: 'sweeps',
  payload: z.object({ year: z.number().int().min(2000).max(9998).optional() }),
  schedule: { id: 'year-end', pattern: '0 1 * * *', data: {} },
  async process(payload, deps) {
    const now = deps.now();
    if (payload.year === undefined) {
      const runs = await judgeEndedYears(deps.db, deps, { now });
      for (const counts of runs) deps.logger.info(counts, 'year-end bans recorded');
      return runs;
    }
    const counts = await runYearEnd(deps.db, payload.year, deps, { now });
    deps.logger.info(counts, 'year-end bans recorded');
    return counts;
  },
});
