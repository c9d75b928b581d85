import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DbOrTx } from '../db/client';
import { pendingOutboxRows, spacingKey } from './rows';
import { reserveSlots } from './spacing';

/** 4 per second per receiver keeps a margin under Feishu's 5/s. */
export const RECEIVER_SPACING_MS = 250;

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
        name: 'outbox.send',
        data: { outboxId: row.id },
        opts: {
          jobId: row.id,
          delay: delays[i] ?? 0,
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  };
}
