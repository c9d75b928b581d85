import { z } from 'zod';
import { type MirrorDeps, syncApprovalCenter } from '../features/approval-center/sync';
import { redisKey } from '../outbox/redis-keys';
import { enqueue } from './enqueue';
import { defineJob, type JobDeps, type Queues } from './types';

/** The pause after a 429 from the approval API, shared by every worker (the relay has its own). */
export function mirrorDeps(deps: JobDeps): MirrorDeps {
  const key = redisKey(deps.prefix, 'approval-center', 'blocked');
  return {
    db: deps.db,
    feishu: deps.feishu,
    logger: deps.logger.child({ component: 'approval-center' }),
    now: deps.now,
    blockedMs: async () => Math.max(0, await deps.redis.pttl(key)),
    block: async (ms) => {
      await deps.redis.set(key, '1', 'PX', Math.max(1, ms));
    },
  };
}

/**
 * Mirrors approval stages into Feishu's approval center (`syncApprovalCenter`): every minute for
 * all stages, and right after each decision's fan-out for that request's stages. A fan-out's run
 * that had to stop (a 429's pause, Feishu unreachable) fails, so the job's backoff tries it again
 * within a minute or two; the schedule's run just leaves the rest to its next minute.
 */
export const approvalCenterSync = defineJob({
  name: 'approval-center.sync',
  queue: 'sweeps',
  payload: z.object({ stageIds: z.array(z.number().int().positive()).min(1).optional() }),
  schedule: { id: 'approval-center-sync', every: 60_000, data: {} },
  async process({ stageIds }, deps) {
    const result = await syncApprovalCenter(mirrorDeps(deps), stageIds ? { stageIds } : {});
    if (stageIds && result.stopped) throw new Error(`approval center sync stopped: ${result.stopped}`);
    return result;
  },
});

/** Queues the sync of the requests of `stageIds` (a fan-out's decisions); the same set queued twice runs once. */
export async function enqueueApprovalCenterSync(queues: Queues, stageIds: number[]): Promise<void> {
  const ids = [...new Set(stageIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await enqueue(queues, approvalCenterSync, { stageIds: ids }, { jobId: `approval-center-${ids.join('-')}` });
}
