import { z } from 'zod';
import { chaseExitItems } from '../features/termination/chase';
import { defineJob } from './types';

/** 催办 of open hand-over and exit items of started terminations (rule 8); daily at 09:30 Shanghai. */
export const exitChase = defineJob({
  name: 'exit.chase',
  queue: 'sweeps',
  payload: z.object({}),
  schedule: { id: 'exit-chase', pattern: '30 9 * * *', data: {} },
  async process(_payload, deps) {
    return chaseExitItems(deps.db, deps.now(), deps);
  },
});
