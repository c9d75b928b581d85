import { z } from 'zod';
import { chaseRectificationItems } from '../features/inspections/chase';
import { defineJob } from './types';

/** 催办 and 督办 of open rectification items of on-site inspections (rule 13); daily at 09:30 Shanghai. */
export const rectificationChase = defineJob({
  name: 'rectification.chase',
  queue: 'sweeps',
  payload: z.object({}),
  schedule: { id: 'rectification-chase', pattern: '30 9 * * *', data: {} },
  async process(_payload, deps) {
    return chaseRectificationItems(deps.db, deps.now(), deps);
  },
});
