import { DelayedError, type Job, RateLimitError, UnrecoverableError } from 'bullmq';
import { jobByName } from './registry';
import type { JobDeps } from './types';

/**
 * Runs a queued job by its definition. A job no definition knows, or whose payload fails the
 * definition's schema, fails at once (`UnrecoverableError`): a retry would meet the same data.
 */
export function createProcessor(deps: JobDeps) {
  const run = runner(deps);
  const m = deps.metrics;
  if (!m) return run;
  return async (job: Job) => {
    const def = jobByName(job.name);
    // A label per known job; whatever else is queued shares one, so labels stay bounded.
    const name = def ? def.name : 'unknown';
    const t0 = performance.now();
    const took = () => (performance.now() - t0) / 1000;
    let result: unknown;
    try {
      result = await run(job);
    } catch (err) {
      // A rate-limit wait, or a receiver's back-off (moved to delayed), puts the job back without
      // running it: neither a failure nor a run.
      if (err instanceof RateLimitError || err instanceof DelayedError) throw err;
      m.jobDuration.observe({ job_name: name }, took());
      m.jobFailures.inc({ job_name: name });
      throw err;
    }
    m.jobDuration.observe({ job_name: name }, took());
    // Scheduled jobs (the sweeps) record their last success for the alert on a sweep not run.
    if (def?.schedule)
      await m
        .noteSuccess(name, deps.now())
        .catch((err) =>
          deps.logger.warn({ job: name, err: String(err) }, 'could not record the job success'),
        );
    return result;
  };
}

function runner(deps: JobDeps) {
  return async (job: Job) => {
    const def = jobByName(job.name);
    if (!def) {
      deps.logger.error({ job: job.name, job_id: job.id }, 'unknown job: failed without retry');
      throw new UnrecoverableError(`unknown job ${job.name}`);
    }
    const parsed = def.payload.safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
      deps.logger.error(
        { job: job.name, job_id: job.id, issues },
        'invalid job payload: failed without retry',
      );
      throw new UnrecoverableError(`invalid payload of ${job.name}: ${issues.join('; ')}`);
    }
    return def.process(parsed.data, deps, job);
  };
}
