import type { ChildProcess } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEV_AUDIT_KEY } from '../../src/audit/key';
import { people, roleGrants } from '../../src/db/schema';
import type { ReminderCounts } from '../../src/features/scoring/reminders';
import { botCards } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { outboxDelivered } from '../helpers/outbox';
import { REDIS_URL } from '../helpers/redis';
import { exited, spawnApp } from '../helpers/spawn-app';

const CONTRACTS = 40;
const RATE = 4; // sends per second: slow enough to kill the workers halfway through
const AT = '2026-09-28T09:00:00+08:00'; // September's window is open (the 25th was 中秋节)

let h: Harness;
let redis: Redis;
let events: QueueEvents;
let sweeps: Queue;
const children: ChildProcess[] = [];
const assessor = (i: number) => `ou_sr_${String(i).padStart(3, '0')}`;

function workerEnv() {
  return {
    DATABASE_URL: h.appUrl,
    DATABASE_OWNER_URL: h.dbUrl,
    AUDIT_KEY: DEV_AUDIT_KEY,
    REDIS_URL,
    QUEUE_PREFIX: h.prefix,
    FEISHU_APP_ID: h.sb.appId,
    FEISHU_APP_SECRET: h.sb.appSecret,
    FEISHU_DOMAIN: h.sb.url,
    PORT: '0',
    RELAY_RATE_PER_SEC: String(RATE),
  };
}

async function startWorker() {
  const child = await spawnApp(['--role', 'worker'], workerEnv());
  children.push(child);
  // The daily schedule (re)installed by every worker would sweep today's real date.
  await sweeps.removeJobScheduler('score-reminders');
  return child;
}

async function kill(child: ChildProcess) {
  child.kill('SIGKILL');
  await exited(child);
}

/** Runs `n` sweep jobs at once (the pickup is spread over the workers) and returns their results. */
async function runJobs(n: number, at: string): Promise<ReminderCounts[]> {
  const jobs = await sweeps.addBulk(
    Array.from({ length: n }, () => ({ name: 'score.reminders', data: { at } })),
  );
  return Promise.all(jobs.map((j) => j.waitUntilFinished(events, 30_000)));
}

/** Reminder cards in each assessor's inbox. */
const perAssessor = () =>
  Array.from({ length: CONTRACTS }, (_, i) =>
    botCards(h.sb.inbox(assessor(i))).filter((m) => JSON.stringify(m.content).includes('score.form')),
  );

beforeAll(async () => {
  // The bot in this process; the jobs and the relay only in the worker processes started below.
  h = await startHarness({ role: 'bot' });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  sweeps = new Queue('sweeps', { connection: redis, prefix: h.prefix });
  await events.waitUntilReady();
  // One assessor per contract, each a person of their own (Feishu allows 5 messages/s per receiver).
  const [unit] = await h.sql`select id from units where code = 'asset'`;
  const rows = await h.db
    .insert(people)
    .values(
      Array.from({ length: CONTRACTS }, (_, i) => ({
        openId: assessor(i),
        name: `考核员${i}`,
        unitId: Number(unit!.id),
      })),
    )
    .returning();
  await h.db
    .insert(roleGrants)
    .values(
      rows.map((p) => ({ personId: p.id, role: 'assessor' as const, unitId: p.unitId, grantedBy: 'test' })),
    );
  for (const p of rows) h.sb.addUser({ openId: p.openId, name: p.name });
  const names = new Map(rows.map((p) => [p.name, p.openId]));
  const hh = { ...h, person: (n: string) => names.get(n) ?? h.person(n) } as Harness;
  for (let i = 0; i < CONTRACTS; i++)
    await createContract(hh, { startsOn: '2026-09-01', endsOn: '2027-08-31', assessors: [`考核员${i}`] });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map(exited));
  await sweeps.close();
  await events.close();
  await redis.quit();
  await h.stop();
});

it('two worker processes sweep at once, both are killed mid-send, a restart delivers the rest: each reminder once', async () => {
  const w1 = await startWorker();
  const w2 = await startWorker();
  // 8 sweep jobs at once over two worker processes (4 slots each): concurrent sweeps in both.
  const results = await runJobs(8, AT);
  expect(results.reduce((n, r) => n + r.open, 0)).toBe(CONTRACTS);
  expect(results.every((r) => r.remind + r.overdue + r.escalate === 0)).toBe(true);
  const [claimed] = await h.db.execute<{ n: number }>(sql`select count(*)::int as n from score_reminders`);
  expect(claimed!.n).toBe(CONTRACTS);

  // Committed, now being sent at 4/s: kill both workers after a few deliveries.
  await h.sb.waitFor(() => perAssessor().filter((m) => m.length > 0).length >= 8, 30_000);
  await Promise.all([kill(w1), kill(w2)]);
  const before = perAssessor().filter((m) => m.length > 0).length;
  expect(before).toBeLessThan(CONTRACTS);

  // A fresh worker: its boot sweep hands every unsent outbox row to the relay again.
  await startWorker();
  await outboxDelivered(h.sb, h.db, 60_000);
  const inboxes = perAssessor();
  expect(inboxes.map((m) => m.length)).toEqual(Array(CONTRACTS).fill(1));
  // The sweep run again on the restarted worker, the same morning and in the afternoon, sends nothing.
  const again = await runJobs(2, AT);
  const afternoon = await runJobs(1, '2026-09-28T14:00:00+08:00');
  for (const r of [...again, ...afternoon]) expect(r.open + r.remind + r.overdue + r.escalate).toBe(0);
  await new Promise((r) => setTimeout(r, 1000));
  expect(perAssessor().map((m) => m.length)).toEqual(Array(CONTRACTS).fill(1));
  console.log(`score-reminders-workers: killed both workers after ${before}/${CONTRACTS} deliveries`);
}, 180_000);
