import { type Job, UnrecoverableError } from 'bullmq';
import { jobByName } from './registry';
import type { JobDeps } from './types';

/**
 * Runs a queued job by its definition. A job no definition knows, or whose payload fails the
 * definition's schema, fails at once (`UnrecoverableError`): a retry would meet the same data.
 */
export function createProcessor(deps: JobDeps) {
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
