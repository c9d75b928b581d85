import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createProcessor } from './processor';
import { installQueueState, watchRedis } from './redis-watch';
import { type JobDeps, QUEUE_NAMES, type QueueName } from './types';

export interface WorkerOptions {
  /** Sends per second across all relay processes (BullMQ's limiter is global per queue). */
  relayRatePerSec: number;
  concurrency?: number;
  /** Short locks so a killed worker's jobs are picked up again within seconds. */
  lockDurationMs?: number;
  /** How often the worker checks that Redis still holds the schedules (default 10 s). */
  redisWatchMs?: number;
}

export async function startWorkers(deps: JobDeps, connection: Redis, opts: WorkerOptions) {
  const lockDuration = opts.lockDurationMs ?? 10_000;
  const processor = createProcessor(deps);
  const workers = QUEUE_NAMES.map(
    (name: QueueName) =>
      new Worker(name, processor, {
        connection,
        prefix: deps.prefix,
        // One spreadsheet at a time per process: each holds a snapshot open and streams a file.
        concurrency: name === 'exports' ? 1 : (opts.concurrency ?? 4),
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 10,
        ...(name === 'outbox' ? { limiter: { max: opts.relayRatePerSec, duration: 1000 } } : {}),
      }),
  );
  for (const w of workers) {
    w.on('failed', (job, err) =>
      deps.logger.warn({ job_id: job?.id, job: job?.name, err: err.message }, 'job attempt failed'),
    );
    w.on('error', (err) => deps.logger.error({ err: err.message }, 'worker error'));
  }
  // Schedules and boot sweeps: every unsent row and every fan-out still owed gets a job again.
  await installQueueState(deps);
  // Installed once is not enough: Redis may come back empty while this process lives.
  const watch = watchRedis(deps, opts.redisWatchMs);
  return {
    workers,
    /** Stops taking jobs and lets running ones finish. */
    async close() {
      await watch.stop();
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
