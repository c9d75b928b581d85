import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { startApp } from '../../src/app';
import { outbox } from '../../src/db/schema';
import { createLogger } from '../../src/log';
import { OutboxWriter } from '../../src/outbox/write';
import { type Harness, type HarnessOptions, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function queueMessages(h: Harness, to: { type: 'open_id' | 'chat_id'; id: string }[], enqueue = true) {
  const ids = await h.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (const [i, r] of to.entries()) await out.send(r, { text: `消息${i}` });
    return out.ids;
  });
  if (enqueue) await h.app.enqueueOutbox(ids);
  return ids;
}

async function statusOf(h: Harness, id: string) {
  const [row] = await h.db.select().from(outbox).where(eq(outbox.id, id));
  return row!;
}

async function start(opts: HarnessOptions = {}) {
  h = await startHarness(opts);
  return h;
}

it('an invalid token is evicted and the send retried once, successfully', async () => {
  const h = await start();
  const zhang = h.person('张伟');
  await queueMessages(h, [{ type: 'open_id', id: zhang }]);
  await h.sb.waitFor(() => h.sb.inbox(zhang).length === 1);
  h.sb.revokeTokens();
  const tokenCalls = h.sb.stats().requests['POST /open-apis/auth/v3/tenant_access_token/internal'] ?? 0;
  const [id] = await queueMessages(h, [{ type: 'open_id', id: zhang }]);
  await h.sb.waitFor(async () => (await statusOf(h, id!)).status === 'sent');
  expect(h.sb.inbox(zhang)).toHaveLength(2);
  expect(h.sb.stats().requests['POST /open-apis/auth/v3/tenant_access_token/internal']).toBe(tokenCalls + 1);
});

it('a permanent error (bot not in the chat) marks the row failed with its reason, without retrying', async () => {
  const h = await start();
  h.sb.addChat({ chatId: 'oc_no_bot', name: '无机器人群', members: [h.person('张伟')], botIsMember: false });
  const [id] = await queueMessages(h, [{ type: 'chat_id', id: 'oc_no_bot' }]);
  const row = await h.sb.waitFor(async () => {
    const r = await statusOf(h, id!);
    return r.status === 'failed' ? r : undefined;
  });
  expect(row.lastError).toContain('230002');
  await new Promise((r) => setTimeout(r, 1500));
  expect((await statusOf(h, id!)).attempts).toBe(1);
  expect(h.logs.some((l) => l.includes('failed permanently') && l.includes(id!))).toBe(true);
});

it('on 429 the relay waits for x-ogw-ratelimit-reset and still delivers each message once', async () => {
  const h = await start({ sandboxLimits: { apiPerSecond: 3 } });
  const people = h.org.people.map((p) => p.open_id);
  const to = Array.from({ length: 24 }, (_, i) => ({
    type: 'open_id' as const,
    id: people[i % people.length]!,
  }));
  const ids = await queueMessages(h, to);
  await h.sb.waitFor(async () => {
    const rows = await Promise.all(ids.map((id) => statusOf(h, id)));
    return rows.every((r) => r.status === 'sent');
  }, 30_000);
  const texts = people.flatMap((p) => h.sb.inbox(p).map((m) => (m.content as { text: string }).text));
  expect(texts).toHaveLength(24);
  expect(new Set(texts).size).toBe(24);
  const limited = h.sb.stats().rateLimited;
  expect(limited).toBeGreaterThan(0);
  console.log(`relay 429 test: ${limited} refusals for 24 messages at a 3/s limit`);
  // Each 429 pauses the whole queue until the reset: fewer refusals than messages, and no send
  // attempt was spent on them (a refusal is a wait, not a failure).
  expect(limited).toBeLessThan(24);
  const rows = await Promise.all(ids.map((id) => statusOf(h, id)));
  expect(rows.every((r) => r.attempts === 1)).toBe(true);
}, 40_000);

it('on boot a worker re-enqueues every unsent row (e.g. the bot died between commit and enqueue)', async () => {
  const h = await start({ role: 'bot' });
  const people = h.org.people.map((p) => p.open_id);
  const ids = await queueMessages(
    h,
    people.map((id) => ({ type: 'open_id' as const, id })),
    false,
  );
  await new Promise((r) => setTimeout(r, 500));
  expect(h.sb.stats().messages).toBe(0);
  const worker = await startApp({
    role: 'worker',
    databaseUrl: h.dbUrl,
    redisUrl: REDIS_URL,
    queuePrefix: h.prefix,
    port: 0,
    host: '127.0.0.1',
    transport: 'webhook',
    feishu: { appId: h.sb.appId, appSecret: h.sb.appSecret, domain: h.sb.url },
    logger: createLogger('silent'),
    workers: { relayRatePerSec: 16 },
  });
  try {
    await h.sb.waitFor(async () => {
      const rows = await Promise.all(ids.map((id) => statusOf(h, id)));
      return rows.every((r) => r.status === 'sent');
    }, 15_000);
    expect(h.sb.stats().messages).toBe(people.length);
  } finally {
    await worker.stop();
  }
});
