import { z } from 'zod';
import { stalePendingExports } from '../features/exports/build';
import { enqueueExports } from './export-build';
import { defineJob } from './types';

/**
 * Re-enqueues exports still pending a minute after the click: the process died between the click's
 * commit and its enqueue, or Redis lost the job. Rows with a live job are skipped by job id.
 */
export const exportSweep = defineJob({
  name: 'exports.sweep',
  queue: 'sweeps',
  payload: z.object({ olderThanMs: z.number().int().min(0).default(60_000) }),
  schedule: { id: 'exports-sweep', every: 60_000, data: { olderThanMs: 60_000 } },
  async process({ olderThanMs }, deps) {
    const ids = await stalePendingExports(deps.db, olderThanMs);
    await enqueueExports(deps.queues, ids);
    return { requeued: ids.length };
  },
});
