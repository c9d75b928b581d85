import { schedulesMarkerKey } from '../outbox/redis-keys';
import { approvalFanoutSweep } from './approval-fanout';
import { enqueue } from './enqueue';
import { outboxSweep } from './outbox-sweep';
import { installSchedules } from './registry';
import type { JobDeps } from './types';

/**
 * Puts back everything Redis must hold for the deployment to run: the schedules, and one sweep of
 * each kind that re-enqueues every unsent outbox row and every fan-out still owed (Postgres is the
 * record; rows with a live job are skipped by job id). The marker is written last, so a crash half
 * way leaves it missing and the next check installs again. Every step is idempotent, so two workers
 * doing it at once only repeat work.
 */
export async function installQueueState(deps: Pick<JobDeps, 'queues' | 'redis' | 'prefix'>): Promise<void> {
  await installSchedules(deps.queues);
  // One attempt each: their schedules run them again within a minute.
  await Promise.all(
    [outboxSweep, approvalFanoutSweep].map((job) =>
      enqueue(deps.queues, job, { olderThanMs: 0 }, { attempts: 1 }),
    ),
  );
  await deps.redis.set(schedulesMarkerKey(deps.prefix), new Date().toISOString());
}

/**
 * Watches for Redis coming back empty (a restart without persistence, a failover to an empty
 * replica, a FLUSHDB): the marker written at install time is gone. Then it installs the queue
 * state again, without a process restart. A check that cannot reach Redis just waits for the next.
 */
export function watchRedis(
  deps: Pick<JobDeps, 'queues' | 'redis' | 'prefix' | 'logger'>,
  intervalMs = 10_000,
) {
  let running: Promise<void> | undefined;
  const check = async () => {
    try {
      if ((await deps.redis.exists(schedulesMarkerKey(deps.prefix))) === 1) return;
      deps.logger.warn(
        'Redis lost the schedules (came back empty?): installing them and sweeping the outbox',
      );
      await installQueueState(deps);
    } catch (err) {
      deps.logger.warn({ err: String(err) }, 'redis watch check failed');
    }
  };
  const timer = setInterval(() => {
    running ??= check().finally(() => {
      running = undefined;
    });
  }, intervalMs);
  timer.unref();
  return {
    /** A check waiting on an unreachable Redis is not waited for beyond a second. */
    async stop() {
      clearInterval(timer);
      let t: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((r) => (t = setTimeout(r, 1000)))]);
      clearTimeout(t);
    },
  };
}
