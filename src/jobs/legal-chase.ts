import { z } from 'zod';
import { chaseLegalReviews } from '../features/contracts/review-chase';
import { defineJob } from './types';

/** 催办 of contract drafts waiting for legal review (法务审核, rule 6); daily at 10:00 Shanghai. */
export const legalChase = defineJob({
  name: 'legal.chase',
  queue: 'sweeps',
  payload: z.object({}),
  schedule: { id: 'legal-chase', pattern: '0 10 * * *', data: {} },
  async process(_payload, deps) {
    return chaseLegalReviews(deps.db, deps.now(), deps);
  },
});
