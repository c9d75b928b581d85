import { z } from 'zod';
import { buildExport, giveUpExport } from '../features/exports/build';
import { enqueueBulk } from './enqueue';
import { defineJob, type Queues } from './types';

/**
 * Builds one export (features/exports/build.ts) on the `exports` queue, one at a time per worker.
 * The job id is the export's id, so a sweep re-enqueueing it while it runs adds nothing. On the last
 * attempt's failure the requester is told, and the row leaves pending (the sweep stops retrying it).
 */
export const exportBuild = defineJob({
  name: 'export.build',
  queue: 'exports',
  payload: z.object({ exportId: z.string().uuid() }),
  async process({ exportId }, deps, job) {
    try {
      const r = await buildExport(deps, exportId);
      if (r.status !== 'skipped') await deps.enqueueOutbox(r.outboxIds);
      return { status: r.status };
    } catch (err) {
      const attempts = job?.opts?.attempts ?? 1;
      if ((job?.attemptsMade ?? 0) + 1 >= attempts) {
        deps.logger.error({ export_id: exportId, err: String(err) }, 'export failed for good');
        const r = await giveUpExport(deps, exportId);
        if (r.status !== 'skipped') await deps.enqueueOutbox(r.outboxIds);
      }
      throw err;
    }
  },
});

/** Queues the builds of these exports (their ids are the job ids). */
export function enqueueExports(queues: Queues, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return enqueueBulk(
    queues,
    exportBuild,
    ids.map((id) => ({ payload: { exportId: id }, opts: { jobId: `export-${id}` } })),
  );
}
