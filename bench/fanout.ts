import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { createOutboxEnqueuer } from '../src/outbox/relay';
import { OutboxWriter } from '../src/outbox/write';
import { startHarness } from '../test/helpers/harness';
import { benchLine } from './stats';

const MESSAGES = 2000;
const RECEIVERS = 400;
const BUDGET = 16;

/** 2,000 messages to 400 receivers through the outbox relay: achieved rate against the budget. */
export async function benchFanout() {
  const h = await startHarness({ relayRatePerSec: BUDGET });
  const ids: string[] = [];
  for (let i = 0; i < RECEIVERS; i++)
    h.sb.addUser({ openId: `ou_fan${String(i).padStart(4, '0')}`, name: `接收人${i}` });
  h.sb.reset();
  await h.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (let n = 0; n < MESSAGES; n++) {
      await out.send(
        { type: 'open_id', id: `ou_fan${String(n % RECEIVERS).padStart(4, '0')}` },
        { text: `通知${n}` },
      );
    }
    ids.push(...out.ids);
  });
  const queue = new Queue('outbox', {
    connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    prefix: h.prefix,
  });
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const t0 = Date.now();
  await createOutboxEnqueuer({ db: h.db, redis, prefix: h.prefix, queue })(ids);
  await h.sb.waitFor(async () => {
    const [r] = await h.db.execute<{ n: number }>(
      sql`select count(*)::int as n from outbox where status = 'pending'`,
    );
    return r!.n === 0;
  }, 600_000);
  const users = h.sb.users().filter((u) => u.openId.startsWith('ou_fan'));
  const all = users.flatMap((u) => h.sb.inbox(u.openId));
  const last = Math.max(...all.map((m) => m.createdAt));
  const elapsedS = (last - t0) / 1000;
  const unique = new Set(all.map((m) => (m.content as { text: string }).text)).size;
  const stats = h.sb.stats();
  await queue.close();
  await redis.quit();
  await h.stop();
  return benchLine('fanout', {
    messages: MESSAGES,
    receivers: RECEIVERS,
    budget_per_s: BUDGET,
    elapsed_s: elapsedS,
    rate_per_s: unique / elapsedS,
    efficiency: unique / elapsedS / BUDGET,
    delivered: unique,
    rate_limited_429: stats.rateLimited,
    duplicates: all.length - unique,
  });
}
