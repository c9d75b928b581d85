import type { Queue } from 'bullmq';
import type { QueueName } from './types';

/** Recurring jobs. Cron patterns are evaluated in Asia/Shanghai, the zone's business time. */
export const schedules: {
  id: string;
  job: string;
  queue: QueueName;
  every?: number;
  pattern?: string;
  data: object;
}[] = [
  { id: 'outbox-sweep', job: 'outbox.sweep', queue: 'sweeps', every: 60_000, data: { olderThanMs: 30_000 } },
  {
    id: 'approval-fanout-sweep',
    job: 'approval.fanout-sweep',
    queue: 'sweeps',
    every: 60_000,
    data: { olderThanMs: 30_000 },
  },
  { id: 'approval-chase', job: 'approval.chase', queue: 'sweeps', pattern: '*/30 8-18 * * *', data: {} },
];

export async function installSchedules(queues: Record<QueueName, Queue>): Promise<void> {
  for (const s of schedules) {
    await queues[s.queue].upsertJobScheduler(
      s.id,
      s.pattern ? { pattern: s.pattern, tz: 'Asia/Shanghai' } : { every: s.every! },
      { name: s.job, data: s.data },
    );
  }
}
