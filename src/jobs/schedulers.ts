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
  { id: 'exit-chase', job: 'exit.chase', queue: 'sweeps', pattern: '30 9 * * *', data: {} },
  // Scoring reminders at 09:00; the 14:00 run catches a morning missed (an outage), a rerun sends nothing twice.
  { id: 'score-reminders', job: 'score.reminders', queue: 'sweeps', pattern: '0 9,14 * * *', data: {} },
  // Bidding bans on 1 January at 01:00; the job works out the year just ended when it runs.
  { id: 'year-end', job: 'thresholds.year-end', queue: 'sweeps', pattern: '0 1 1 1 *', data: {} },
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
