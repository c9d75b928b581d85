import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DbOrTx } from '../db/client';
import { pendingOutboxRows } from '../db/sql/outbox';
import { spacingKey } from './rows';
import { reserveSlots } from './spacing';

/** 4 per second per receiver keeps a margin under Feishu's 5/s. */
export const RECEIVER_SPACING_MS = 250;

/**
 * How every queued job is retried and kept: seven retries, 1 s doubling to 64 s (about two minutes
 * of an outage), and no finished job left in Redis, where Postgres is the record. It lives here, in
 * the lowest layer that queues jobs (outbox/ may not import jobs/), so the relay's sends and
 * jobs/enqueue.ts, which every other enqueue goes through, share one policy.
 */
export const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: true,
} as const satisfies JobsOptions;

/** The relay's job; its definition (jobs/outbox-send.ts) takes this name, so the two cannot drift. */
export const OUTBOX_SEND_JOB = 'outbox.send';

/**
 * Enqueues send jobs for committed outbox rows. Job id = row id, so a row already queued is not
 * queued twice; each job is delayed to its receiver's next free slot.
 */
export function createOutboxEnqueuer(deps: { db: DbOrTx; redis: Redis; prefix: string; queue: Queue }) {
  return async function enqueueOutbox(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await pendingOutboxRows(deps.db, ids);
    if (rows.length === 0) return;
    const delays = await reserveSlots(deps.redis, deps.prefix, rows.map(spacingKey), RECEIVER_SPACING_MS);
    await deps.queue.addBulk(
      rows.map((row, i) => ({
        name: OUTBOX_SEND_JOB,
        data: { outboxId: row.id },
        opts: { ...JOB_OPTIONS, jobId: row.id, delay: delays[i] ?? 0 },
      })),
    );
  };
}
