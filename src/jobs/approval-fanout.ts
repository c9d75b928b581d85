import { z } from 'zod';
import { stagesOwingFanOut } from '../db/sql/purchase';
import { fanOutDecisions } from '../features/purchase/fanout';
import { enqueueApprovalCenterSync } from './approval-center-sync';
import { enqueueBulk } from './enqueue';
import { defineJob, type Queues } from './types';

/** Decisions committed within this window share one job (one Redis call here, one job to run). */
const BATCH_MS = 25;
/** At most this many stages per job, so a sweep's backlog is spread over the worker's slots. */
const BATCH_MAX = 50;

/**
 * Decisions' cards, filer messages and next stages (see `fanOutDecisions`), the job's stages in one
 * transaction; a rerun writes nothing for a stage already done. `stageId` is the form of jobs
 * queued before batching. Then the approval center is told (the decisions and the stages they
 * opened), so a decision shows there within seconds.
 */
export const approvalFanout = defineJob({
  name: 'approval.fanout',
  queue: 'approvals',
  payload: z
    .union([
      z.object({ stageIds: z.array(z.number().int().positive()).min(1) }),
      z.object({ stageId: z.number().int().positive() }),
    ])
    .transform((p) => ('stageIds' in p ? p.stageIds : [p.stageId])),
  async process(stageIds, deps) {
    const ids = await fanOutDecisions(deps.db, stageIds, deps.now());
    await deps.enqueueOutbox(ids);
    await enqueueApprovalCenterSync(deps.queues, stageIds);
    return { outbox: ids.length };
  },
});

/**
 * Re-enqueues the fan-out of decided stages that still owe it: the process died between the
 * decision's commit and the enqueue, or the job's retries ran out during an outage. Every minute,
 * for decisions left alone for 30 s.
 */
export const approvalFanoutSweep = defineJob({
  name: 'approval.fanout-sweep',
  queue: 'sweeps',
  payload: z.object({ olderThanMs: z.number().int().min(0).default(30_000) }),
  schedule: { id: 'approval-fanout-sweep', every: 60_000, data: { olderThanMs: 30_000 } },
  async process({ olderThanMs }, deps) {
    const ids = await stagesOwingFanOut(deps.db, new Date(deps.now().getTime() - olderThanMs));
    await deps.enqueueFanout(ids);
    return { requeued: ids.length };
  },
});

/**
 * Queues the fan-out of decided stages. Calls within a few milliseconds of each other are merged
 * into one job (the clicks of busy moments cost one Redis call and one job between them); the
 * promise settles when that job is queued. A job lost before it is queued (the process dies in the
 * window) is the sweep's to redo, as is any failure here: a decided stage keeps `fanned_out_at` null
 * until its fan-out is written.
 */
export function createFanoutEnqueuer(queues: Queues) {
  let pending: number[] = [];
  let waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  let scheduled = false;

  async function add(stageIds: number[]) {
    const ids = [...new Set(stageIds)].sort((a, b) => a - b);
    const batches: number[][] = [];
    for (let i = 0; i < ids.length; i += BATCH_MAX) batches.push(ids.slice(i, i + BATCH_MAX));
    await enqueueBulk(
      queues,
      approvalFanout,
      // The same set queued twice (two sweeps at once) runs once; a custom BullMQ id may not be a
      // bare integer, hence the prefix.
      batches.map((b) => ({ payload: { stageIds: b }, opts: { jobId: `stages-${b.join('-')}` } })),
    );
  }

  function flush() {
    const ids = pending;
    const done = waiting;
    pending = [];
    waiting = [];
    scheduled = false;
    add(ids).then(
      () => {
        for (const w of done) w.resolve();
      },
      (err) => {
        for (const w of done) w.reject(err);
      },
    );
  }

  return function enqueueFanout(stageIds: number[]): Promise<void> {
    if (stageIds.length === 0) return Promise.resolve();
    pending.push(...stageIds);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, BATCH_MS);
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}
