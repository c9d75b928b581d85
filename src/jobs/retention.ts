import { z } from 'zod';
import { rawSql } from '../db/client';
import { deleteProcessedEventsBatch, deleteSentOutboxBatch } from '../db/sql/retention';
import { defineJob } from './types';

const DAY_MS = 86_400_000;
export const RETENTION_DEFAULTS = { eventDedupeDays: 30, outboxRetentionDays: 90 };

/**
 * Keeps the two tables that grow with traffic bounded: processed event ids past
 * the dedupe window (Feishu re-delivers for about 7 hours; the window is days, so a re-delivery is
 * always still refused) and sent outbox rows past their retention. Small batches, each its own
 * statement, so the bot's clicks never wait behind one long delete. The audit trail is never
 * touched: it is kept forever, and its trigger refuses deletes anyway. A rerun finds less to do.
 */
export const retention = defineJob({
  name: 'retention',
  queue: 'sweeps',
  payload: z.object({
    batchSize: z.number().int().min(1).max(50_000).default(5_000),
    at: z.string().datetime({ offset: true }).optional(),
  }),
  // 03:30 Asia/Shanghai: the quietest hour, after the night and before the 09:00 sweeps.
  schedule: { id: 'retention', pattern: '30 3 * * *', data: {} },
  async process({ batchSize, at }, deps) {
    const now = at ? new Date(at) : deps.now();
    const days = deps.retention ?? RETENTION_DEFAULTS;
    const sql = rawSql(deps.db);
    const run = async (batch: (before: Date, limit: number) => Promise<number>, keepDays: number) => {
      const before = new Date(now.getTime() - keepDays * DAY_MS);
      let rows = 0;
      let batches = 0;
      for (;;) {
        const n = await batch(before, batchSize);
        if (n > 0) batches++;
        rows += n;
        if (n < batchSize) return { rows, batches };
      }
    };
    const events = await run((b, n) => deleteProcessedEventsBatch(sql, b, n), days.eventDedupeDays);
    const outbox = await run((b, n) => deleteSentOutboxBatch(sql, b, n), days.outboxRetentionDays);
    deps.logger.info({ events, outbox }, 'retention: old rows deleted');
    return { events, outbox };
  },
});
