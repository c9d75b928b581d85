import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { approvalFanoutSweep } from './approval-fanout';
import { enqueue } from './enqueue';
import { outboxSweep } from './outbox-sweep';
import { createProcessor } from './processor';
import { installSchedules } from './registry';
import { type JobDeps, QUEUE_NAMES, type QueueName } from './types';

export interface WorkerOptions {
  /** Sends per second across all relay processes (BullMQ's limiter is global per queue). */
  relayRatePerSec: number;
  concurrency?: number;
  /** Short locks so a killed worker's jobs are picked up again within seconds. */
  lockDurationMs?: number;
}

export async function startWorkers(deps: JobDeps, connection: Redis, opts: WorkerOptions) {
  const lockDuration = opts.lockDurationMs ?? 10_000;
  const processor = createProcessor(deps);
  const workers = QUEUE_NAMES.map(
    (name: QueueName) =>
      new Worker(name, processor, {
        connection,
        prefix: deps.prefix,
        concurrency: opts.concurrency ?? 4,
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
  await installSchedules(deps.queues);
  // Boot sweeps: every unsent row and every fan-out still owed gets a job again (those with a live
  // job are skipped by job id). One attempt each: their schedules run them again within a minute.
  await Promise.all(
    [outboxSweep, approvalFanoutSweep].map((job) =>
      enqueue(deps.queues, job, { olderThanMs: 0 }, { attempts: 1 }),
    ),
  );
  return {
    workers,
    /** Stops taking jobs and lets running ones finish. */
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
