import { z } from 'zod';
import { reconcileApprovalCenter } from '../features/approval-center/reconcile';
import { approvalCenterSync, mirrorDeps } from './approval-center-sync';
import { enqueue } from './enqueue';
import { defineJob } from './types';

/**
 * Repairs drift between the stages and Feishu's approval center after an outage or lost updates
 * (`reconcileApprovalCenter`, the last 30 days), every 30 minutes. What it marks is resent by a
 * sync queued at once rather than at the schedule's next minute.
 */
export const approvalCenterReconcile = defineJob({
  name: 'approval-center.reconcile',
  queue: 'sweeps',
  payload: z.object({ days: z.number().int().positive().max(365).default(30) }),
  schedule: { id: 'approval-center-reconcile', every: 30 * 60_000, data: { days: 30 } },
  async process({ days }, deps) {
    const result = await reconcileApprovalCenter(mirrorDeps(deps), { days });
    if (result.drifted > 0) await enqueue(deps.queues, approvalCenterSync, {});
    return result;
  },
});
