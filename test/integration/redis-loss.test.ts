import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEV_AUDIT_KEY } from '../../src/audit/key';
import { createLogger } from '../../src/log';
import { schedulesMarkerKey } from '../../src/outbox/redis-keys';
import { createOutboxEnqueuer } from '../../src/outbox/relay';
import { OutboxWriter } from '../../src/outbox/write';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { createTestDb, type TestDb } from '../helpers/db';
import { outboxDelivered } from '../helpers/outbox';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/redis';
import { exited, spawnApp } from '../helpers/spawn-app';

const TOTAL = 50;
const RECEIVERS = 10;
let sb: Sandbox;
let tdb: TestDb;
let redis: Redis;
// Hash-tagged like the production default, so the test also runs the keys a cluster would see.
const prefix = `{${testPrefix()}}`;
const creds = newAppCredentials();
const to = (n: number) => `ou_l${String(n % RECEIVERS).padStart(2, '0')}`;

beforeAll(async () => {
  sb = await startSandbox({ ...creds, port: 0, logger: createLogger('silent') });
  for (let i = 0; i < RECEIVERS; i++) sb.addUser({ openId: to(i), name: `收件人${i}` });
  tdb = await createTestDb();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  await redis.quit();
  await sb.close();
  await tdb.drop();
  await dropPrefix(prefix);
});

async function schedulerCount(): Promise<number> {
  const queue = new Queue('sweeps', { connection: redis, prefix });
  try {
    return (await queue.getJobSchedulers()).length;
  } finally {
    await queue.close();
  }
}

it('Redis comes back empty while rows are pending: every row is delivered exactly once within 2 minutes, no restart', async () => {
  // One send per second: most rows are still pending (their jobs in Redis) when the data goes.
  const app = await spawnApp(['--role', 'worker'], {
    DATABASE_URL: tdb.appUrl,
    DATABASE_OWNER_URL: tdb.url,
    AUDIT_KEY: DEV_AUDIT_KEY,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    FEISHU_APP_ID: creds.appId,
    FEISHU_APP_SECRET: creds.appSecret,
    FEISHU_DOMAIN: sb.url,
    PORT: '0',
    RELAY_RATE_PER_SEC: '1',
  });
  expect(await schedulerCount()).toBeGreaterThan(0);

  const ids = await tdb.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (let n = 0; n < TOTAL; n++) await out.send({ type: 'open_id', id: to(n) }, { text: `第${n}条` });
    return out.ids;
  });
  const queue = new Queue('outbox', { connection: redis, prefix });
  await createOutboxEnqueuer({ db: tdb.db, redis, prefix, queue })(ids);
  await queue.close();
  await sb.waitFor(() => sb.stats().messages >= 3, 30_000);

  // Redis loses everything of this deployment (the local Redis is shared with other tests: only our keys).
  await dropPrefix(prefix);
  const lostAt = Date.now();
  const sentBefore = sb.stats().messages;
  expect(sentBefore).toBeLessThan(TOTAL);
  expect(await redis.exists(schedulesMarkerKey(prefix))).toBe(0);
  expect(await schedulerCount()).toBe(0);

  await outboxDelivered(sb, tdb.db, 120_000);
  expect(Date.now() - lostAt).toBeLessThan(120_000);
  expect(app.exitCode).toBeNull();
  expect(app.output()).toContain('Redis lost the schedules');
  // The schedules are back too, so later rows and reminders keep flowing.
  expect(await schedulerCount()).toBeGreaterThan(0);
  expect(await redis.exists(schedulesMarkerKey(prefix))).toBe(1);

  app.kill('SIGTERM');
  await exited(app);

  const seen = new Map<string, number>();
  for (let i = 0; i < RECEIVERS; i++) {
    for (const m of sb.inbox(to(i))) {
      const text = (m.content as { text: string }).text;
      seen.set(text, (seen.get(text) ?? 0) + 1);
    }
  }
  expect(seen.size).toBe(TOTAL);
  expect([...seen.entries()].filter(([, c]) => c !== 1)).toEqual([]);
  console.log(
    `redis-loss: ${sentBefore} sent before the loss, the rest ${Math.round((Date.now() - lostAt) / 1000)} s after; uuid dedups=${sb.stats().uuidDeduplicated}`,
  );
}, 180_000);
