import type { JobsOptions } from 'bullmq';
import { JOB_OPTIONS } from '../outbox/relay';
import type { JobDef, Queues } from './types';

/**
 * Queues one run of `job` on its own queue, with the one retry policy (`JOB_OPTIONS`); `opts` adds
 * to it or overrides it (a job id, a delay). The payload is typed by the definition, so a call site
 * names the definition, never a job by string.
 */
export function enqueue<I>(queues: Queues, job: JobDef<any, I>, payload: NoInfer<I>, opts?: JobsOptions) {
  return queues[job.queue].add(job.name, payload, { ...JOB_OPTIONS, ...opts });
}

/** Many runs of one job in one Redis call. */
export function enqueueBulk<I>(
  queues: Queues,
  job: JobDef<any, I>,
  runs: { payload: NoInfer<I>; opts?: JobsOptions }[],
) {
  return queues[job.queue].addBulk(
    runs.map((r) => ({ name: job.name, data: r.payload, opts: { ...JOB_OPTIONS, ...r.opts } })),
  );
}
