/**
 * Issue 21, point 4, under a crash: cards refused as invalid while the relay is SIGKILLed and
 * restarted. Each receiver ends with exactly one message: the text notice when its card's refusal
 * was committed, or the card itself when the relay died before committing the refusal and the retry
 * went through. Never a second notice, never a notice and a card.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEV_AUDIT_KEY } from '../../src/audit/key';
import { button, buttons, card, md } from '../../src/cards/kit';
import { createLogger } from '../../src/log';
import { createOutboxEnqueuer } from '../../src/outbox/relay';
import { OutboxWriter } from '../../src/outbox/write';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { createTestDb, type TestDb } from '../helpers/db';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/redis';
import { exited, spawnApp } from '../helpers/spawn-app';

const RECEIVERS = 40;
const who = (i: number) => `ou_c${String(i).padStart(3, '0')}`;
let sb: Sandbox;
let tdb: TestDb;
let redis: Redis;
const prefix = testPrefix();
const creds = newAppCredentials();

beforeAll(async () => {
  sb = await startSandbox({ ...creds, port: 0, logger: createLogger('silent') });
  for (let i = 0; i < RECEIVERS; i++) sb.addUser({ openId: who(i), name: `考核人${i}` });
  tdb = await createTestDb();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  await redis.quit();
  await sb.close();
  await tdb.drop();
  await dropPrefix(prefix);
});

function workerEnv() {
  return {
    DATABASE_URL: tdb.appUrl,
    DATABASE_OWNER_URL: tdb.url,
    AUDIT_KEY: DEV_AUDIT_KEY,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    FEISHU_APP_ID: creds.appId,
    FEISHU_APP_SECRET: creds.appSecret,
    FEISHU_DOMAIN: sb.url,
    PORT: '0',
    RELAY_RATE_PER_SEC: '16',
  };
}

const reminder = (i: number) =>
  card({
    title: `月度考核评分提醒 #${i}`,
    elements: [md('请完成评分。'), buttons([button({ text: '去评分', value: { a: 'score.list' } })])],
  });

it('cards refused while the relay is SIGKILLed: each receiver gets exactly one message, one notice per committed refusal', async () => {
  for (let i = 0; i < RECEIVERS; i++) sb.refuse({ code: 230099, to: who(i), times: 1 });
  const ids = await tdb.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (let i = 0; i < RECEIVERS; i++)
      await out.send({ type: 'open_id', id: who(i) }, { card: reminder(i) });
    return out.ids;
  });
  const queue = new Queue('outbox', { connection: redis, prefix });
  await createOutboxEnqueuer({ db: tdb.db, redis, prefix, queue })(ids);
  await queue.close();

  const first = await spawnApp(['--role', 'worker'], workerEnv());
  await sb.waitFor(() => sb.stats().messages >= RECEIVERS / 4, 60_000);
  first.kill('SIGKILL');
  await exited(first);
  const killedAt = sb.stats().messages;

  const second = await spawnApp(['--role', 'worker'], workerEnv());
  await sb.waitFor(async () => {
    const [r] = await tdb.sql<
      { n: number }[]
    >`select count(*)::int as n from outbox where status = 'pending'`;
    return r!.n === 0 || undefined;
  }, 180_000);
  await new Promise((r) => setTimeout(r, 1000));
  second.kill('SIGTERM');
  await exited(second);

  const rows = await tdb.sql<
    { id: string; status: string; receive_id: string; fallback_of: string | null }[]
  >`
    select id::text, status, receive_id, fallback_of::text from outbox`;
  const cards = rows.filter((r) => r.fallback_of === null);
  const notices = rows.filter((r) => r.fallback_of !== null);
  expect(cards).toHaveLength(RECEIVERS);
  let refused = 0;
  for (const c of cards) {
    const inbox = sb.inbox(c.receive_id);
    const mine = notices.filter((n) => n.fallback_of === c.id);
    expect(inbox, c.receive_id).toHaveLength(1);
    if (c.status === 'failed') {
      refused += 1;
      expect(mine.map((n) => n.status)).toEqual(['sent']);
      expect(inbox[0]!.msgType).toBe('text');
      expect(inbox[0]!.uuid).toBe(mine[0]!.id);
    } else {
      // The relay died between Feishu's refusal and its commit: the retry's send went through.
      expect(c.status).toBe('sent');
      expect(mine).toEqual([]);
      expect(inbox[0]!.msgType).toBe('interactive');
    }
  }
  expect(notices).toHaveLength(refused);
  console.log(
    `card-refused-crash: killed after ${killedAt} deliveries; ${refused} notices, ${RECEIVERS - refused} cards on retry; uuid dedups=${sb.stats().uuidDeduplicated}`,
  );
  expect(refused).toBeGreaterThan(0);
}, 240_000);
