import type { Queue } from 'bullmq';
import { z } from 'zod';
import { fanOutDecision, stagesOwingFanOut } from '../purchase/fanout';
import { defineJob } from './types';

/**
 * Queues the fan-out of decided stages. Job id = the stage's, so a stage already queued is not
 * queued twice (a custom BullMQ id may not be a bare integer, hence the `stage-` prefix).
 */
export function createFanoutEnqueuer(queue: Queue) {
  return async function enqueueFanout(stageIds: number[]): Promise<void> {
    if (stageIds.length === 0) return;
    await queue.addBulk(
      stageIds.map((stageId) => ({
        name: 'approval.fanout',
        data: { stageId },
        opts: {
          jobId: `stage-${stageId}`,
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  };
}

/** A decision's cards, filer message and next stage (see `fanOutDecision`); a rerun writes nothing. */
export const approvalFanout = defineJob({
  name: 'approval.fanout',
  queue: 'approvals',
  payload: z.object({ stageId: z.number().int().positive() }),
  async process({ stageId }, deps) {
    const ids = await fanOutDecision(deps.db, stageId, new Date());
    await deps.enqueueOutbox(ids);
    return { outbox: ids.length };
  },
});

/**
 * Re-enqueues the fan-out of decided stages that still owe it: the process died between the
 * decision's commit and the enqueue, or the job's retries ran out during an outage.
 */
export const approvalFanoutSweep = defineJob({
  name: 'approval.fanout-sweep',
  queue: 'sweeps',
  payload: z.object({ olderThanMs: z.number().int().min(0).default(30_000) }),
  async process({ olderThanMs }, deps) {
    const ids = await stagesOwingFanOut(deps.db, new Date(Date.now() - olderThanMs));
    await deps.enqueueFanout(ids);
    return { requeued: ids.length };
  },
});
