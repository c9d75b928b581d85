import { z } from 'zod';
import { chaseDueStages } from '../features/purchase/chase';
import { defineJob } from './types';

/** 催办: reminds, then escalates, approval stages left pending (rule 4); run by a half-hourly schedule. */
export const approvalChase = defineJob({
  name: 'approval.chase',
  queue: 'sweeps',
  payload: z.object({}),
  async process(_payload, deps) {
    return chaseDueStages(deps.db, new Date(), deps);
  },
});
