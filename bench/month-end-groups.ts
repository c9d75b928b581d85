import { Queue, QueueEvents } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Db } from '../src/db/client';
import { groupBindings } from '../src/db/schema';
import type { ReminderCounts } from '../src/features/scoring/reminders';
import { REDIS_URL } from '../test/helpers/redis';
import { startBenchStack } from './processes';
import { seedAssessedContracts } from './seed-contracts';
import { benchLine } from './stats';

const GROUPS = 100;
const PER_GROUP = 10; // contracts bound to each group (group_bindings: one row per contract): 1,000 in all
const ASSESSORS = 5; // per group: the assessors of every contract of the group
const BUDGET = 16; // RELAY_RATE_PER_SEC, the default
const SWEEPS = 2; // sweep jobs queued at once, as two workers would run them
const AT = '2026-09-28T09:00:00+08:00'; // September's window is open (09-25 was 中秋节)
const chatId = (g: number) => `oc_meg_${String(g).padStart(3, '0')}`;
const openId = (g: number, k: number) => `ou_meg${String(g).padStart(3, '0')}a${k}`;

/** 100 groups of 5 assessors, each bound to 10 contracts that its 5 assess. */
async function seed(db: Db) {
  const groupOf = (i: number) => Math.floor(i / PER_GROUP);
  const { staff, contractIds } = await seedAssessedContracts(db, {
    unit: { code: 'month_end_groups', name: '群提醒基准单位' },
    vendor: { name: '基准物业服务有限公司', usccSeed: 434343 },
    tag: '基准',
    assessors: Array.from({ length: GROUPS * ASSESSORS }, (_, i) => {
      const [g, k] = [Math.floor(i / ASSESSORS), i % ASSESSORS];
      return { openId: openId(g, k), name: `考核员${g}-${k}` };
    }),
    contracts: GROUPS * PER_GROUP,
    assessorsOf: (i) => Array.from({ length: ASSESSORS }, (_, k) => groupOf(i) * ASSESSORS + k),
  });
  await db.insert(groupBindings).values(
    contractIds.map((id, i) => ({
      chatId: chatId(groupOf(i)),
      kind: 'project' as const,
      contractId: id,
      boundBy: 'bench',
    })),
  );
  return staff;
}

/**
 * Month end with bound project groups: the scoring reminder sweep over 1,000 contracts (none scored)
 * in 100 groups on a day their window is open, two sweep jobs at once in the worker process. Each
 * group gets one message listing its 10 contracts and @mentioning its 5 assessors. The groups' pass
 * runs first, so their 100 messages lead the relay's queue; the 5,000 private cards follow them. `elapsed`
 * runs from the first job's start to the last group message delivered, against the floor the relay's
 * budget sets for that many messages (messages / RELAY_RATE_PER_SEC). The private cards are counted
 * as outbox rows, not waited for (month_end measures their delivery).
 */
export async function benchMonthEndGroups() {
  const s = await startBenchStack(BUDGET);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sweeps = new Queue('sweeps', { connection: redis, prefix: s.prefix });
  const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: s.prefix });
  try {
    await events.waitUntilReady();
    return await measure(s, sweeps, events);
  } finally {
    // Also when a step fails: no bot, worker or floor process is left running.
    await sweeps.close();
    await events.close();
    await redis.quit();
    await s.stop();
  }
}

async function measure(s: Awaited<ReturnType<typeof startBenchStack>>, sweeps: Queue, events: QueueEvents) {
  await sweeps.removeJobScheduler('score-reminders'); // the daily schedule would sweep today's date
  const staff = await seed(s.db);
  for (const p of staff) s.sb.addUser({ openId: p.openId, name: p.name });
  for (let g = 0; g < GROUPS; g++)
    s.sb.addChat({
      chatId: chatId(g),
      name: `项目工作群${g}`,
      members: Array.from({ length: ASSESSORS }, (_, k) => openId(g, k)),
    });
  s.sb.reset();

  const queuedAt = Date.now();
  const jobs = await sweeps.addBulk(
    Array.from({ length: SWEEPS }, () => ({ name: 'score.reminders', data: { at: AT } })),
  );
  const results = (await Promise.all(
    jobs.map((j) => j.waitUntilFinished(events, 300_000)),
  )) as ReminderCounts[];
  // A group's messages, as its first member sees them (every member sees the same chat).
  const inGroups = () =>
    Array.from({ length: GROUPS }, (_, g) =>
      s.sb.inbox(openId(g, 0)).filter((m) => m.chatId === chatId(g) && m.sender === 'bot'),
    );
  await s.sb.waitFor(() => inGroups().every((m) => m.length >= 1), 300_000);
  await new Promise((r) => setTimeout(r, 2000)); // would-be duplicates have time to land
  const done = await Promise.all(jobs.map(async (j) => (await sweeps.getJob(j.id!))!));
  const startedAt = Math.min(...done.map((j) => j.processedOn!));
  const all = inGroups();
  const last = Math.max(...all.flat().map((m) => m.createdAt));
  const messages = all.reduce((n, m) => n + Math.min(1, m.length), 0);
  // Per message: the people @mentioned (distinct) and the contracts it lists (one 去评分 each).
  const texts = all.flat().map((m) => JSON.stringify(m.content));
  const mentioned = texts.map((t) => new Set(t.match(/<at id=ou_[0-9a-z]+><\/at>/g)).size);
  const listed = texts.map((t) => t.match(/"score\.form"/g)?.length ?? 0);
  const [rows] = await s.db.execute<{ group_rows: number; private_rows: number }>(sql`
    select count(*) filter (where receive_id_type = 'chat_id')::int as group_rows,
      count(*) filter (where receive_id_type = 'open_id')::int as private_rows
    from outbox where kind = 'send'`);
  const elapsedS = (last - startedAt) / 1000;
  const floorS = messages / BUDGET;
  const stats = s.sb.stats();
  return benchLine('month_end_groups', {
    contracts: GROUPS * PER_GROUP,
    groups: GROUPS,
    bound: GROUPS * PER_GROUP,
    messages,
    budget_per_s: BUDGET,
    pickup_ms: startedAt - queuedAt,
    sweep_s: (Math.max(...done.map((j) => j.finishedOn!)) - startedAt) / 1000,
    elapsed_s: elapsedS,
    floor_s: floorS,
    ratio: elapsedS / floorS,
    mentioned_min: Math.min(...mentioned),
    mentioned_max: Math.max(...mentioned),
    contracts_listed_min: Math.min(...listed),
    contracts_listed_max: Math.max(...listed),
    group_rows: rows!.group_rows,
    private_rows: rows!.private_rows,
    private_claimed: results.reduce((n, r) => n + r.open, 0),
    rate_limited_429: stats.rateLimited,
    // Messages beyond the first per group, delivered or only written (a row queued behind the cards).
    duplicates: Math.max(
      all.reduce((n, m) => n + Math.max(0, m.length - 1), 0),
      rows!.group_rows - messages,
    ),
  });
}
