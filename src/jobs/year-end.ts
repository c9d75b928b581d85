import { z } from 'zod';
import { shanghaiDate } from '../domain/calendar';
import { runYearEnd } from '../features/bans/year-end';
import { defineJob } from './types';

/**
 * 年度禁投 (rule 10): judges last year's averages and records next year's bidding bans. The schedule
 * (1 January, 01:00 Asia/Shanghai) sends no year: the job takes the year before today's business
 * date, computed when it runs. A year may be given to re-run a past year by hand.
 */
export const yearEnd = defineJob({
  name: 'thresholds.year-end',
  queue: 'sweeps',
  payload: z.object({ year: z.number().int().min(2000).max(9998).optional() }),
  schedule: { id: 'year-end', pattern: '0 1 1 1 *', data: {} },
  async process(payload, deps) {
    const now = deps.now();
    const year = payload.year ?? Number(shanghaiDate(now).slice(0, 4)) - 1;
    const counts = await runYearEnd(deps.db, year, deps, { now });
    deps.logger.info(counts, 'year-end bans recorded');
    return counts;
  },
});
