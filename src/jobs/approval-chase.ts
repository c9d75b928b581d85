import { z } from 'zod';
import { chaseDueStages } from '../features/purchase/chase';
import { defineJob } from './types';

/** 催办: reminds, then escalates, approval stages left pending (rule 4); half-hourly in office hours. */
export const approvalChase = defineJob({
  name: 'approval.chase',
  queue: 'sweeps',
  payload: z.object({}),
  schedule: { id: 'approval-chase', pattern: '*/30 8-18 * * *', data: {} },
  async process(_payload, deps) {
    return chaseDueStages(deps.db, deps.now(), deps);
  },
});
