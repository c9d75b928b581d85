import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Db } from '../src/db/client';
import type { ReminderCounts } from '../src/features/scoring/reminders';
import { REDIS_URL } from '../test/helpers/redis';
import { startBenchStack } from './processes';
import { seedAssessedContracts } from './seed-contracts';
import { benchLine } from './stats';

const ASSESSORS = 1000;
const BUDGET = 16; // RELAY_RATE_PER_SEC, the default
const AT = '2026-09-28T09:00:00+08:00'; // September's window is open (09-25 was 中秋节): 1,000 「已开放」
const assessorId = (i: number) => `ou_month_end_${String(i).padStart(4, '0')}`;

/** 1,000 assessors, each of one active contract signed under the current policy, inserted in bulk. */
export async function seed(db: Db) {
  const { staff } = await seedAssessedContracts(db, {
    unit: { code: 'month_end', name: '月末基准单位' },
    vendor: { name: '基准物业服务有限公司', usccSeed: 424242 },
    tag: '基准',
    assessors: Array.from({ length: ASSESSORS }, (_, i) => ({ openId: assessorId(i), name: `考核员${i}` })),
    contracts: ASSESSORS,
    assessorsOf: (i) => [i],
  });
  return staff;
}

/**
 * Month end: the scoring reminder sweep for 1,000 assessors (one contract each) on a day their window
 * is open, run as the `score.reminders` job in the worker process. Time from the sweep's start to the
 * last delivery, against the floor the relay's budget sets (1,000 / RELAY_RATE_PER_SEC seconds).
 */
export async function benchMonthEnd() {
  const s = await startBenchStack(BUDGET);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sweeps = new Queue('sweeps', { connection: redis, prefix: s.prefix });
  const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: s.prefix });
  await events.waitUntilReady();
  await sweeps.removeJobScheduler('score-reminders'); // the daily schedule would sweep today's date
  const staff = await seed(s.db);
  for (const p of staff) s.sb.addUser({ openId: p.openId, name: p.name });
  s.sb.reset();

  const queuedAt = Date.now();
  const job = await sweeps.add('score.reminders', { at: AT });
  const result = (await job.waitUntilFinished(events, 120_000)) as ReminderCounts;
  const inboxes = () => staff.map((p) => s.sb.inbox(p.openId));
  await s.sb.waitFor(() => inboxes().every((m) => m.length >= 1), 600_000);
  await new Promise((r) => setTimeout(r, 2000)); // would-be duplicates have time to land
  const done = (await sweeps.getJob(job.id!))!;
  const startedAt = done.processedOn!;
  const all = inboxes();
  const last = Math.max(...all.flat().map((m) => m.createdAt));
  const elapsedS = (last - startedAt) / 1000;
  const floorS = ASSESSORS / BUDGET;
  const stats = s.sb.stats();
  await sweeps.close();
  await events.close();
  await redis.quit();
  await s.stop();
  return benchLine('month_end', {
    assessors: ASSESSORS,
    reminded: result.open,
    budget_per_s: BUDGET,
    pickup_ms: startedAt - queuedAt,
    sweep_s: (done.finishedOn! - startedAt) / 1000,
    elapsed_s: elapsedS,
    floor_s: floorS,
    ratio: elapsedS / floorS,
    delivered: all.filter((m) => m.length > 0).length,
    rate_limited_429: stats.rateLimited,
    duplicates: all.reduce((n, m) => n + Math.max(0, m.length - 1), 0),
  });
}
