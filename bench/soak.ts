import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Db } from '../src/db/client';
import { people } from '../src/db/schema';
import { createOutboxEnqueuer } from '../src/outbox/relay';
import { startBenchStack } from './processes';
import { checkApprovals, checkDelivery, checkReminders } from './soak-check';
import { appPid, killAndRespawnWorker, rssMb, stopWorker } from './soak-procs';
import { startOwnRedis } from './soak-redis';
import { seedAssessors, seedLeaders } from './soak-seed';
import { approver, menuClicker, messenger, poll, ticker } from './soak-traffic';
import { benchLine, percentile } from './stats';

const LEADERS = 30;
const ASSESSORS = 200;
const CLICKS_PER_S = 4;
const APPROVALS_PER_S = 1;
const MESSAGES_PER_S = 1 / 3;
const RSS_EVERY_MS = 5000;
const REDIS_DOWN_MS = 5000;
const CARD_WAIT_MS = 180_000;
const DRAIN_MS = 300_000;

/**
 * The month-end sweeps, in date order, each opening or advancing the scoring window, with the
 * reminders it must claim for `n` assessors of one contract each (nothing is scored): `share` is
 * when it runs, as a share of the traffic's duration (the one at 2/3 runs just before the kill).
 */
const SWEEPS = [
  { share: 0.05, at: '2026-09-28', claims: (n: number) => n }, // 9月 opened
  { share: 0.13, at: '2026-10-12', claims: (n: number) => n }, // 9月 reminder
  { share: 0.21, at: '2026-10-14', claims: (n: number) => n }, // 9月 overdue
  { share: 0.28, at: '2026-10-16', claims: (n: number) => n }, // 9月 escalated to the leader
  { share: 0.42, at: '2026-10-26', claims: (n: number) => n }, // 10月 opened
  { share: 0.52, at: '2026-11-04', claims: (n: number) => n }, // 10月 reminder
  { share: 2 / 3, at: '2026-11-10', claims: (n: number) => 2 * n }, // 10月 overdue and escalated
  { share: 0.85, at: '2026-11-25', claims: (n: number) => n }, // 11月 opened
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const median = (xs: number[]) => percentile(xs, 50);

/** Outbox rows not yet sent, and decisions whose fan-out (cards, filer message) is not yet written. */
async function backlog(db: Db) {
  const [r] = (await db.execute(sql`select
    (select count(*)::int from outbox where status = 'pending') as pending,
    (select count(*)::int from approval_stages where decided_at is not null and fanned_out_at is null) as owing`)) as unknown as {
    pending: number;
    owing: number;
  }[];
  return r!;
}

/**
 * Soak: `SOAK_MINUTES` (default 10) of mixed traffic against the deployed shape (bot and worker
 * processes, the sandbox) on a Redis of the bench's own, which is restarted empty a third of the
 * way in, while the worker is SIGKILLed and started again two thirds in. Then every outbox row must
 * have reached the sandbox exactly once, every approval clicked must have taken effect once, every
 * reminder claimed must be in its user's chat once, and the bot's RSS must not grow over the second half.
 */
export async function benchSoak() {
  const minutes = Number(process.env.SOAK_MINUTES ?? 10);
  const durationMs = minutes * 60_000;
  const redis = await startOwnRedis();
  try {
    return await soak(minutes, durationMs, redis);
  } finally {
    await redis.stop();
  }
}

async function soak(minutes: number, durationMs: number, own: Awaited<ReturnType<typeof startOwnRedis>>) {
  const s = await startBenchStack(16, undefined, own.url);
  const conn = new Redis(own.url, { maxRetriesPerRequest: null });
  conn.on('error', () => {});
  const outboxQ = new Queue('outbox', { connection: conn, prefix: s.prefix });
  const sweeps = new Queue('sweeps', { connection: conn, prefix: s.prefix });
  for (const q of [outboxQ, sweeps]) q.on('error', () => {});
  let worker: Awaited<ReturnType<typeof killAndRespawnWorker>>['worker'] | undefined;
  // Timers and traffic to stop whatever happens, before the stack goes.
  const onExit: (() => unknown)[] = [];
  try {
    const { sb, db } = s;
    sb.setEventUrl(s.botUrl);
    const leaders = await seedLeaders(db, LEADERS);
    for (const l of leaders) sb.addUser({ openId: l.openId, name: l.name });
    const staff = await seedAssessors(db, ASSESSORS);
    for (const p of staff) sb.addUser({ openId: p.openId, name: p.name });
    const filer = s.org.people.find((x) => x.name === '张伟')!.open_id;
    const [filerRow] = await db.select().from(people).where(eq(people.openId, filer));
    const cards: { openId: string; messageId: string }[] = [];
    for (const p of s.org.people) {
      await sb.say(p.open_id, '菜单');
      const card = await sb.waitFor(() => sb.lastCard(p.open_id), 10_000);
      cards.push({ openId: p.open_id, messageId: card.messageId });
    }

    const enqueue = createOutboxEnqueuer({ db, redis: conn, prefix: s.prefix, queue: outboxQ });
    const botPid = appPid('bot');
    const rss: { at: number; mb: number }[] = [];
    const sample = () => rss.push({ at: Date.now(), mb: rssMb(botPid) });
    sample();
    const sampler = setInterval(sample, RSS_EVERY_MS);
    onExit.push(() => clearInterval(sampler));

    const clicker = menuClicker(sb, cards);
    const talk = messenger(
      sb,
      s.org.people.map((p) => p.open_id),
    );
    const approvals = approver(db, sb, leaders, filerRow!.id, enqueue, CARD_WAIT_MS);
    const t0 = Date.now();
    const streams = [
      ticker(CLICKS_PER_S, 50, () => clicker.click()),
      ticker(APPROVALS_PER_S, 200, (n) => approvals.approve(n)),
      ticker(MESSAGES_PER_S, 50, (n) => talk.say(n)),
    ];
    for (const st of streams) onExit.push(() => st.stop(0));

    // The sweeps and the two faults, in time order.
    const sweepJobs: string[] = [];
    let schedulesBackS = Number.NaN;
    let workerRestartMs = Number.NaN;
    let redisRestarts = 0;
    let workerKills = 0;
    // What was in flight when each fault hit: outbox rows not yet sent.
    const pendingAt = { restart: Number.NaN, kill: Number.NaN };
    const plan = [
      ...SWEEPS.map((w) => ({
        at: w.share * durationMs - (w.share === 2 / 3 ? 1500 : 0),
        run: async () => {
          const job = await sweeps.add('score.reminders', { at: `${w.at}T09:00:00+08:00` }, { attempts: 8 });
          sweepJobs.push(job.id!);
        },
      })),
      {
        at: durationMs / 3,
        run: async () => {
          pendingAt.restart = (await backlog(db)).pending;
          await own.restart(REDIS_DOWN_MS);
          redisRestarts++;
          const back = Date.now();
          // The worker notices the empty Redis and installs its schedules again by itself.
          void poll(
            async () => ((await sweeps.getJobSchedulers()).length > 0 ? true : undefined),
            120_000,
            500,
          )
            .then((ok) => {
              if (ok) schedulesBackS = (Date.now() - back) / 1000;
            })
            .catch(() => {});
        },
      },
      {
        at: (2 * durationMs) / 3,
        run: async () => {
          pendingAt.kill = (await backlog(db)).pending;
          const r = await killAndRespawnWorker();
          worker = r.worker;
          workerKills++;
          workerRestartMs = r.restartMs;
        },
      },
    ].sort((a, b) => a.at - b.at);
    for (const step of plan) {
      await sleep(t0 + step.at - Date.now());
      await step.run();
    }
    await sleep(t0 + durationMs - Date.now());
    clearInterval(sampler);
    const trafficMs = Date.now() - t0;
    const stillRunning = [];
    for (const st of streams) stillRunning.push(await st.stop(CARD_WAIT_MS));

    // Drain: nothing pending in the outbox and no decision owing its fan-out, then a moment for
    // late duplicates to land.
    const drainStart = Date.now();
    const drained = await poll(
      async () => {
        const r = await backlog(db);
        return r.pending === 0 && r.owing === 0 ? true : undefined;
      },
      DRAIN_MS,
      500,
    );
    const drainS = (Date.now() - drainStart) / 1000;
    await sleep(3000);

    const delivery = await checkDelivery(sb, db);
    const filerChat = sb.inbox(filer).filter((m) => m.sender === 'bot');
    const approved = await checkApprovals(db, approvals.clicked, filerChat);
    const reminders = await checkReminders(db, delivery.messages);
    const remindersExpected = SWEEPS.reduce((n, w) => n + w.claims(ASSESSORS), 0);

    // RSS over the second half: the 5 samples around the half against the last 5.
    const mbs = rss.map((x) => x.mb);
    const half = rss.findIndex((x) => x.at - t0 >= trafficMs / 2);
    const rssHalf = median(mbs.slice(Math.max(0, half - 2), half + 3));
    const rssEnd = median(mbs.slice(-5));
    const clicks = clicker.stats();
    const approvalStats = approvals.stats();
    const diag = {
      streams: streams.map((st) => st.stats()),
      still_running: stillRunning,
      drained: drained === true,
      approval_refusals: approvalStats.refusals,
      approvals_wrong: approved.wrong,
      lost_sample: delivery.lostSample,
      by_kind: delivery.byKind,
      sweep_jobs: sweepJobs.length,
      rss_samples: mbs.map((x) => Math.round(x)),
    };
    console.error(`soak diagnostics: ${JSON.stringify(diag)}`);
    return benchLine('soak', {
      minutes,
      clicks: clicks.ok + clicks.timeout + clicks.error,
      clicks_failed: clicks.timeout + clicks.error,
      click_p99_ms: percentile(clicks.latencies, 99),
      menus_asked: talk.stats().ok,
      filed: approvals.filed.length,
      approvals: approved.approvedOnce,
      approvals_clicked: approved.clicked,
      approvals_twice: approved.approvedTwice,
      approval_click_failed: approvalStats.timeout + approvalStats.error,
      approval_card_missing: approvalStats.cardMissing,
      reminders: reminders.claimed,
      reminders_expected: remindersExpected,
      reminder_cards: reminders.distinctCards,
      messages_expected: delivery.expected,
      delivered: delivery.delivered,
      lost: delivery.lost,
      failed: delivery.failed,
      duplicates: delivery.duplicates,
      uuid_dedup: delivery.uuidDedup,
      unexpected: delivery.unexpected,
      rate_limited_429: delivery.rateLimited,
      redis_restarts: redisRestarts,
      pending_at_restart: pendingAt.restart,
      schedules_back_s: schedulesBackS,
      worker_kills: workerKills,
      pending_at_kill: pendingAt.kill,
      worker_restart_ms: workerRestartMs,
      drain_s: drainS,
      rss_start_mb: mbs[0]!,
      rss_half_mb: rssHalf,
      rss_end_mb: rssEnd,
      rss_growth_pct: ((rssEnd - rssHalf) / rssHalf) * 100,
    });
  } finally {
    for (const stop of onExit) await stop();
    await Promise.allSettled([outboxQ.close(), sweeps.close()]);
    conn.disconnect();
    if (worker) await stopWorker(worker);
    await s.stop();
  }
}
