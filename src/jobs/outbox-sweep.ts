import { z } from 'zod';
import { pendingOutboxRows } from '../db/sql/outbox';
import { defineJob } from './types';

/**
 * Re-enqueues unsent rows: those whose process died between commit and enqueue, and those whose
 * retries ran out during an outage. A row that still has a live job is not enqueued twice (job id).
 * Every minute, for rows left alone for 30 s (younger ones are still on their way).
 */
export const outboxSweep = defineJob({
  name: 'outbox.sweep',
  queue: 'sweeps',
  payload: z.object({ olderThanMs: z.number().int().min(0).default(30_000) }),
  schedule: { id: 'outbox-sweep', every: 60_000, data: { olderThanMs: 30_000 } },
  async process({ olderThanMs }, deps) {
    const rows = await pendingOutboxRows(deps.db, undefined, olderThanMs);
    await deps.enqueueOutbox(rows.map((r) => r.id));
    return { requeued: rows.length };
  },
});
